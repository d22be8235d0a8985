import type { Bookmark } from '../session/bookmarkStore'
import type { Session } from '../session'
import { currentView, currentViewState, openSharedView } from '../share'
import { encodeViewState } from '../share'
import { applySaved, camera, isolate, setProjection } from '../session'

/** A bookmark of the current view, named by the user (or after the selection and method). */
export function bookmarkOf(c: Session, name: string): Bookmark | null {
  const s = c.store.getState()
  if (!s.dataset) return null
  const shared = currentViewState(c)
  const view = currentView(c)
  return {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name:
      name.trim() ||
      `${view.selection[0] ?? s.dataset.name} · ${s.method.toUpperCase()} ${s.dims}D`,
    savedAt: Date.now(),
    datasetName: s.dataset.name,
    link: shared ? encodeViewState(shared) : null,
    view,
  }
}

/**
 * Shows a bookmark: on the dataset it was made of, the view is put back over the current vectors
 * (no retraining); a bookmark of another bundled dataset reopens it through its link.
 */
export async function openBookmark(c: Session, b: Bookmark): Promise<void> {
  const s = c.store.getState()
  if (s.dataset?.name !== b.datasetName) {
    if (!b.link) throw new Error(`"${b.name}" is a view of ${b.datasetName}, which is not loaded.`)
    await openSharedView(c, b.link)
    return
  }
  const v = b.view
  setProjection(c, { method: v.method, dims: v.dims, params: v.params })
  isolate(c, false)
  applySaved(c, { selection: v.selection, colorBy: v.colorBy, labelBy: v.labelBy })
  if (v.isolate) isolate(c)
  if (v.camera) camera(c, 'set', v.camera)
}
