// Our saved views written as the TensorFlow Projector's bookmarks file (the reader is projectorBookmarks.ts).
import type { ProjectionMethod } from '../../model/projection/types'
import type { Bookmark } from './bookmarkStore'
import type { LayoutCamera } from '../../model/projection/precomputed'
import { projectionKeys, type ProjectorProjection, writeCamera } from './projectorLayout'

/** Our coordinates of the view being shown, written into the views of the same projection. */
export interface ShownLayout {
  method: ProjectionMethod
  dims: 2 | 3
  params: Record<string, number>
  /** Row-major, items × dims. */
  positions: Float32Array
  /** A view's camera (in our scene, which draws these positions) in the positions' units. */
  camera?: (pose: NonNullable<Bookmark['view']['camera']>) => LayoutCamera | undefined
}

/** Where the Projector puts a fresh camera (scatterPlot.ts START_CAMERA_POS_3D / _2D). */
const PROJECTOR_CAMERA = {
  3: { orthographic: false, position: [0.45, 0.9, 1.6], target: [0, 0, 0], zoom: 1 },
  2: { orthographic: true, position: [0, 0, 4], target: [0, 0, 0], zoom: 1 },
}

/**
 * Our saved views of one dataset as a Projector bookmarks file (a JSON list of States): label,
 * projection and its parameters, 2D/3D, selected and filtered points by index, colour and label
 * options. A view with coordinates (those it brought from the Projector, or the ones shown when it
 * matches what is shown) carries them as `projections`, and its camera as `cameraDef` in the
 * Projector's units, so the Projector draws it as seen here; the others let the Projector compute
 * PCA, or show the points where its own t-SNE/UMAP puts them.
 */
export function toProjectorBookmarks(
  views: readonly Bookmark[],
  labels: readonly string[],
  shown?: ShownLayout,
): string {
  const index = new Map(labels.map((l, i) => [l, i] as const))
  const states = views.map((b) => {
    const v = b.view
    const selected = (
      v.selectionIndices ?? v.selection.flatMap((l) => (index.has(l) ? [index.get(l)!] : []))
    ).filter((i) => i < labels.length)
    const filter = v.filter ?? null
    const within = filter ? new Map(filter.map((p, k) => [p, k] as const)) : null
    const same =
      shown &&
      shown.method === v.method &&
      shown.dims === v.dims &&
      Object.entries(v.params).every(([k, x]) => shown.params[k] === x)
    const keep = filter ?? labels.map((_, i) => i)
    const pca = [v.params.x ?? 1, v.params.y ?? 2, v.params.z ?? 3]
      .slice(0, v.dims)
      .map((c) => c - 1)
    const brought =
      v.layout?.source === v.method &&
      v.layout.dims === v.dims &&
      v.layout.positions.length === labels.length * v.dims
    const layout = brought
      ? v.layout!
      : same && shown.positions.length === labels.length * shown.dims
        ? { dims: v.dims, positions: shown.positions }
        : null
    const camera = brought
      ? v.layout!.camera
      : layout && v.camera && shown?.camera
        ? shown.camera(v.camera)
        : undefined
    const keys = projectionKeys(v.method as ProjectorProjection, v.dims, pca)
    const projections = layout
      ? keep.map((i) => {
          const row = layout.positions.subarray(i * v.dims, (i + 1) * v.dims)
          // A point without coordinates has no keys, as the Projector leaves a point out of its sample.
          return row.every(Number.isFinite)
            ? Object.fromEntries(keys.map((k, d) => [k, row[d]]))
            : {}
        })
      : []
    return {
      label: b.name,
      isSelected: false,
      selectedProjection: v.method,
      dataSetDimensions: [labels.length, 0],
      tSNEIteration: brought ? (v.layout!.iteration ?? 0) : 0,
      tSNEPerplexity: v.method === 'tsne' ? (v.params.perplexity ?? 30) : 0,
      // The Projector has no automatic rate: ours (0) goes over as its default, 10.
      tSNELearningRate: v.method === 'tsne' ? v.params.learningRate || 10 : 0,
      tSNEis3d: v.dims === 3,
      umapIs3d: v.dims === 3,
      umapNeighbors: v.method === 'umap' ? (v.params.nNeighbors ?? 15) : 15,
      pcaComponentDimensions: pca,
      projections,
      filteredPoints: filter,
      selectedPoints: within
        ? selected.flatMap((i) => (within.has(i) ? [within.get(i)!] : []))
        : selected,
      shuffledDataIndices: [],
      cameraDef: layout && camera ? writeCamera(camera, layout, keep) : PROJECTOR_CAMERA[v.dims],
      selectedColorOptionName: v.colorBy ?? 'No color map',
      forceCategoricalColoring: v.colorAs === 'categories',
      selectedLabelOption: v.labelBy ?? 'label',
    }
  })
  return JSON.stringify(states) + '\n'
}
