import { useEffect, useRef } from 'react'
import { SHORTCUTS } from './shortcuts'
import { useApp, useController } from './useController'

/**
 * The keyboard shortcuts: a dialog on "?", and in presenter mode a strip along the plot's foot so
 * the class sees which key the teacher pressed.
 */
export function KeyOverlay() {
  const c = useController()
  const open = useApp((s) => s.keysOpen)
  const presenter = useApp((s) => s.presenter)
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (open) close.current?.focus()
  }, [open])
  return (
    <>
      {presenter && !open && (
        <p className="key-strip" data-testid="key-strip">
          {SHORTCUTS.slice(0, 5).map((s) => (
            <span key={s.keys}>
              <kbd>{s.keys}</kbd> {s.action.toLowerCase()}
            </span>
          ))}
          <span>
            <kbd>?</kbd> all keys
          </span>
        </p>
      )}
      {open && (
        <div className="dialog-backdrop" onClick={() => c.store.setState({ keysOpen: false })}>
          <div
            className="dialog keys-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="keys-title"
            onClick={(e) => e.stopPropagation()}
          >
            <h2 id="keys-title">Keyboard shortcuts</h2>
            <table>
              <tbody>
                {SHORTCUTS.map((s) => (
                  <tr key={s.keys}>
                    <th scope="row">
                      <kbd>{s.keys}</kbd>
                    </th>
                    <td>{s.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small muted">
              Everything else works with Tab and Enter: the item list selects, the neighbour list
              moves to a neighbour.
            </p>
            <button ref={close} onClick={() => c.store.setState({ keysOpen: false })}>
              Close
            </button>
          </div>
        </div>
      )}
    </>
  )
}
