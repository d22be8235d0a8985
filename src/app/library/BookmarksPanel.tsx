import { useEffect, useMemo, useState } from 'react'
import { bookmarkOf, openBookmark, projectorBookmarksFile } from './bookmarks'
import { shareUrl } from '../share'
import { useApp, useSession } from '../useSession'
import { BookmarkStore, bookmarkChanges, notify, showError, type Bookmark } from '../session'

/** Named views: save the current one, open or delete saved ones, copy a link to this view. */
export function BookmarksPanel() {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const builtin = useApp((s) => s.builtin)
  const store = useMemo(() => new BookmarkStore(), [])
  const [list, setList] = useState<Bookmark[]>([])
  const [name, setName] = useState('')
  const fail = (e: unknown) =>
    showError(c, `Bookmarks: ${e instanceof Error ? e.message : String(e)}`)
  useEffect(() => {
    const load = () => void store.list().then(setList, fail)
    load()
    bookmarkChanges.addEventListener('change', load)
    return () => bookmarkChanges.removeEventListener('change', load)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fail only reports
  }, [store])
  const save = async () => {
    const b = bookmarkOf(c, name)
    if (!b) return
    try {
      await store.put(b)
      setName('')
    } catch (e) {
      fail(e) // a full disk or refused storage is reported, never ignored
    }
  }
  const share = async () => {
    const url = shareUrl(c, location.href)
    if (!url) return
    try {
      await navigator.clipboard.writeText(url)
      notify(c, 'Link to this view copied.')
    } catch {
      // Only when the clipboard is refused: a link left in the address bar would reopen on reload
      // (main.tsx drops it again once something else is loaded).
      history.replaceState(null, '', url)
      notify(c, 'The link to this view is in the address bar: copy it from there.')
    }
  }
  const download = () => {
    const file = projectorBookmarksFile(c, list)
    if (!file) return
    const url = URL.createObjectURL(new Blob([file.content], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = file.name
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  const ofDataset = list.filter((b) => b.datasetName === dataset?.name).length
  return (
    <section className="display-panel" aria-label="Saved views">
      <h2>Saved views</h2>
      <form
        className="bookmark-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <input
          aria-label="Name of the view"
          placeholder="Name this view"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!dataset}>
          Save
        </button>
      </form>
      <button
        className="link"
        disabled={!builtin}
        onClick={() => void share()}
        title={
          builtin ? 'Copy a link that reproduces this view' : 'Links work for bundled datasets'
        }
      >
        Copy link to this view
      </button>
      <button
        className="link"
        disabled={ofDataset === 0}
        onClick={download}
        title="The saved views of this dataset as a bookmarks file the Embedding Projector opens (drop one here to add its views)"
      >
        Download for the Projector
      </button>
      <ul className="bookmarks" data-testid="bookmarks">
        {list.map((b) => (
          <li key={b.id}>
            <button
              className="item"
              onClick={() => void openBookmark(c, b).catch(fail)}
              title={`${b.datasetName} · ${b.view.method.toUpperCase()} ${b.view.dims}D`}
            >
              {b.name}
            </button>
            <button
              className="icon"
              aria-label={`Delete ${b.name}`}
              onClick={() => void store.delete(b.id).catch(fail)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
