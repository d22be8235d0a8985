import { useEffect, useRef } from 'react'
import { SHORTCUTS } from './shortcuts'
import { useApp, useSession } from '../useSession'
import { setKeysOpen } from '../session'

/** In presenter mode, a strip along the plot's foot so the class sees which keys do what. */
export function KeyStrip() {
  const presenter = useApp((s) => s.presenter)
  const open = useApp((s) => s.keysOpen)
  if (!presenter || open) return null
  return (
    <p className="key-strip" data-testid="key-strip">
      {SHORTCUTS.slice(0, 4).map((s) => (
        <span key={s.keys}>
          <kbd>{s.keys}</kbd> {s.action.toLowerCase()}
        </span>
      ))}
      <span>
        <kbd>?</kbd> all keys
      </span>
    </p>
  )
}

/** The keyboard shortcuts dialog, opened with "?" or the Keys button. */
export function KeyOverlay() {
  const c = useSession()
  const open = useApp((s) => s.keysOpen)
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (open) close.current?.focus()
  }, [open])
  return (
    <>
      {open && (
        <div className="dialog-backdrop" onClick={() => setKeysOpen(c, false)}>
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
            <button ref={close} onClick={() => setKeysOpen(c, false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </>
  )
}
