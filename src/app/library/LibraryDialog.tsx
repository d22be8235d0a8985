import { useEffect, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { library, libraryState, openRun, refreshLibrary, saveRun, showLibrary } from './library'
import { useSession } from '../useSession'
import { showError } from '../session'

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** The library of saved runs: keep the current run, open or delete earlier ones. */
export function LibraryDialog() {
  const c = useSession()
  const { entries, open } = useStore(libraryState)
  const [name, setName] = useState('')
  const [usage, setUsage] = useState<string | null>(null)
  const first = useRef<HTMLInputElement>(null)
  const close = () => showLibrary(false)
  const fail = (e: unknown) =>
    showError(c, `Library: ${e instanceof Error ? e.message : String(e)}`)
  useEffect(() => {
    if (!open) return
    first.current?.focus()
    void navigator.storage
      ?.estimate?.()
      .then((e) =>
        setUsage(
          e.usage !== undefined && e.quota
            ? `${(e.usage / 2 ** 20).toFixed(1)} MB of ${(e.quota / 2 ** 30).toFixed(1)} GB used in this browser`
            : null,
        ),
      )
  }, [open, entries])
  if (!open) return null
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div
        className="dialog library"
        role="dialog"
        aria-modal="true"
        aria-labelledby="library-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="library-title">Library</h2>
        <p className="small muted">
          Runs kept in this browser (nothing is uploaded). The run you are working on is always kept
          too; save it here to come back to it after loading something else.
        </p>
        <form
          className="bookmark-form"
          onSubmit={(e) => {
            e.preventDefault()
            saveRun(c, name).then(() => setName(''), fail)
          }}
        >
          <input
            ref={first}
            aria-label="Name for the current run"
            placeholder="Name for the current run"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">Save current run</button>
        </form>
        {entries.length === 0 ? (
          <p className="muted">No saved runs yet.</p>
        ) : (
          <ul className="library-list" data-testid="library-list">
            {entries.map((r) => (
              <li key={r.id}>
                <button
                  className="item"
                  onClick={() => {
                    close()
                    openRun(c, r.id).catch(fail)
                  }}
                >
                  <strong>{r.name}</strong>
                  <span className="small muted">
                    {r.datasetName} · {r.items.toLocaleString('en')} items · epoch {r.epoch} ·{' '}
                    {when(r.savedAt)}
                  </span>
                </button>
                <button
                  className="icon"
                  aria-label={`Delete ${r.name}`}
                  onClick={() => library.delete(r.id).then(refreshLibrary).catch(fail)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {usage && <p className="small muted">{usage}</p>}
        <button onClick={close}>Close</button>
      </div>
    </div>
  )
}
