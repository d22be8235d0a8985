import { fileName } from '../../model/export'
import type { Bookmark } from '../session/bookmarkStore'
import { toProjectorBookmarks } from '../session/projectorBookmarks'
import type { Session } from '../session'
import { currentView, currentViewState, openSharedView } from '../share'
import { encodeViewState } from '../share'
import {
  applySaved,
  camera,
  isolate,
  selectMany,
  setColorAs,
  setProjection,
  showOnly,
} from '../session'

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
    // Rows as well as labels: labels may repeat (Iris is labelled by its class).
    view: {
      ...view,
      selectionIndices: primaryFirst(s.selected, s.selection),
      ...(s.colorAs === 'auto' ? {} : { colorAs: s.colorAs }),
    },
  }
}

/** The selection with the primary item first. */
function primaryFirst(selected: number | null, selection: number[]): number[] {
  return selected === null ? selection : [selected, ...selection.filter((i) => i !== selected)]
}

/**
 * The saved views of the loaded dataset as a Projector bookmarks file (`bookmarks.txt`, which the
 * Projector's "Load bookmarks" opens); the view matching what is shown carries its coordinates.
 */
export function projectorBookmarksFile(
  c: Session,
  list: readonly Bookmark[],
): { name: string; content: string } | null {
  const s = c.store.getState()
  if (!s.dataset) return null
  const views = list.filter((b) => b.datasetName === s.dataset!.name)
  const content = toProjectorBookmarks(views, s.dataset.labels, {
    method: s.method,
    dims: s.dims,
    params: s.projectionParams[s.method],
    positions: c.live.positions,
  })
  return { name: fileName(s.dataset.name, 'bookmarks', 'txt'), content }
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
  const n = s.dataset.labels.length
  const byIndex = v.selectionIndices?.every((i) => Number.isInteger(i) && i >= 0 && i < n)
  // Rows when the view has them (labels may repeat), else labels.
  applySaved(c, {
    selection: byIndex ? [] : v.selection,
    colorBy: v.colorBy,
    labelBy: v.labelBy,
  })
  if (v.colorAs) setColorAs(c, v.colorAs)
  if (v.filter) showOnly(c, v.filter)
  if (byIndex && v.selectionIndices!.length) {
    selectMany(c, v.selectionIndices!)
    c.store.setState({ selected: v.selectionIndices![0] })
  }
  if (v.isolate) isolate(c)
  if (v.camera) camera(c, 'set', v.camera)
}
