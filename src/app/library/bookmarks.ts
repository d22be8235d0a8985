import { fileName } from '../../model/export'
import type { Layout } from '../../model/projection/precomputed'
import { type CameraPose, poseFromUnits, poseToUnits } from '../../viz/camera'
import { layoutFrame } from '../../viz/layout'
import type { Bookmark } from '../session/bookmarkStore'
import { toProjectorBookmarks } from '../session/projectorBookmarksOut'
import type { LayoutCamera } from '../../model/projection/precomputed'
import type { SavedLayout } from '../session/projectorLayout'
import type { Session } from '../session'
import { currentView, currentViewState, openSharedView } from '../share'
import { customProjectionLayout } from './customProjection'
import { encodeViewState } from '../share'
import {
  applySaved,
  camera,
  isolate,
  notify,
  selectMany,
  setColorAs,
  setProjection,
  showOnly,
  showSavedLayout,
} from '../session'

/** A scene pose (of this layout as the scene draws it) in the layout's units, and back. */
function frameOf(layout: Layout) {
  return layoutFrame(layout.positions, layout.positions.length / layout.dims, layout.dims)
}
function toUnits(pose: CameraPose, layout: Layout): LayoutCamera | undefined {
  return poseToUnits(pose, frameOf(layout), layout.dims) ?? undefined
}
function fromUnits(cam: LayoutCamera, layout: Layout): CameraPose | null {
  return poseFromUnits(cam, frameOf(layout), layout.dims)
}

/** A bookmark of the current view, named by the user (or after the selection and method). */
export function bookmarkOf(c: Session, name: string): Bookmark | null {
  const s = c.store.getState()
  if (!s.dataset) return null
  const shared = currentViewState(c)
  const view = currentView(c)
  // Saved coordinates on screen stay with the view, with the camera as it is now in their units.
  const saved = s.savedLayout?.layout
  const layout: SavedLayout | undefined = saved && {
    ...saved,
    camera: view.camera ? toUnits(view.camera, saved) : undefined,
  }
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
      ...(layout ? { layout } : {}),
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
    camera: (pose) => toUnits(pose, { dims: s.dims, positions: c.live.positions }),
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
  const n = s.dataset.labels.length
  // Saved coordinates (a Projector bookmark's) are shown as they are, when they fit the dataset.
  const saved = v.layout
  const fits = saved && saved.positions.length === n * saved.dims ? saved : undefined
  // A custom projection saved as its searches is computed now, over the vectors shown (in the
  // projection worker). A projection or dataset asked for meanwhile wins: this view is not opened.
  let custom: Awaited<ReturnType<typeof customProjectionLayout>> = null
  if (v.custom && !fits) {
    custom = await customProjectionLayout(c, v.custom)
    if (!custom) return
  }
  const layout = fits ?? (custom && 'layout' in custom ? custom.layout : undefined)
  if (layout) showSavedLayout(c, { method: v.method, params: v.params }, layout)
  else setProjection(c, { method: v.method, dims: v.dims, params: v.params })
  const lost = [
    ...(saved && !fits ? [`Its saved coordinates are not of ${n} items.`] : []),
    ...(custom && 'problem' in custom
      ? [`Its custom projection cannot be computed: ${custom.problem}. It shows PCA.`]
      : []),
  ]
  if (b.note || lost.length) notify(c, [b.note ?? `"${b.name}":`, ...lost].join(' '))
  isolate(c, false)
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
  const pose = layout?.camera ? fromUnits(layout.camera, layout) : v.camera
  if (pose) camera(c, 'set', pose)
}
