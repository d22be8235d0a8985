import { DatasetError } from '../../model/datasets/errors'
import { PROJECTION_PARAMS, validateProjectionParams } from '../../model/projection/params'
import type { ProjectionMethod } from '../../model/projection/types'
import type { Bookmark } from './bookmarkStore'

/**
 * The fields of a Projector bookmark ("State" in tensorboard's vz_projector data.ts) that have a
 * meaning here. Unknown values are ignored field by field, never the whole file.
 */
interface ProjectorState {
  label?: unknown
  selectedPoints?: unknown
  filteredPoints?: unknown
  selectedProjection?: unknown
  pcaComponentDimensions?: unknown
  tSNEis3d?: unknown
  umapIs3d?: unknown
  tSNEPerplexity?: unknown
  umapNeighbors?: unknown
  cameraDef?: { orthographic?: unknown }
  selectedColorOptionName?: unknown
  forceCategoricalColoring?: unknown
  selectedLabelOption?: unknown
}

const METHODS: Record<string, ProjectionMethod> = { pca: 'pca', tsne: 'tsne', umap: 'umap' }

/** Most selected points a view keeps (the Projector has no limit; a view lists them by name). */
const MAX_SELECTED = 1000

/** Whether a text is a Projector bookmarks file: a JSON list of objects with State fields. */
export function looksLikeProjectorBookmarks(text: string): boolean {
  if (!/^\uFEFF?\s*\[/.test(text)) return false
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''))
    return (
      Array.isArray(v) &&
      v.length > 0 &&
      v.every(
        (e) =>
          typeof e === 'object' &&
          e !== null &&
          ['selectedProjection', 'projections', 'selectedPoints', 'cameraDef'].some((k) => k in e),
      )
    )
  } catch {
    return false
  }
}

/** Whole numbers in [0, n) from a JSON value (anything else is dropped). */
function indices(v: unknown, n: number): number[] {
  return Array.isArray(v)
    ? v.filter((p): p is number => Number.isInteger(p) && p >= 0 && p < n)
    : []
}

/** A parameter value if it is in range for the method, else nothing (the default stays). */
function param(method: ProjectionMethod, key: string, v: unknown): Record<string, number> {
  const doc = PROJECTION_PARAMS[method].find((d) => d.key === key)
  if (!doc || typeof v !== 'number' || !(v >= doc.min && v <= doc.max)) return {}
  return { [key]: doc.integer ? Math.round(v) : v }
}

/** What a bookmark needs to know of the loaded dataset. */
export interface BookmarkTarget {
  labels: readonly string[]
  datasetName: string
  /** Attribute names, for the colour and label options. */
  attributes?: readonly string[]
}

/**
 * Reads the TensorFlow Projector's bookmarks file (a JSON list of saved views) into our named
 * views of the loaded dataset, the Projector's way:
 * - `filteredPoints` (the points the view shows) and `selectedPoints`, which index the filtered
 *   points when there is a filter (the Projector filters first, then selects in the subset);
 * - the projection: `pca` with `pcaComponentDimensions` (components 1–10), `tsne` with
 *   `tSNEPerplexity` and `tSNEis3d`, `umap` with `umapNeighbors` and `umapIs3d`; a "custom"
 *   projection, which we do not have, becomes PCA; the orthographic camera means 2D;
 * - `selectedColorOptionName` and `selectedLabelOption` when the dataset has such a column, and
 *   `forceCategoricalColoring` (numbers coloured as categories).
 * Not carried over: the per-point `projections` coordinates and the camera pose (our scenes are
 * scaled differently), t-SNE's learning rate and iteration, custom-projection queries. A
 * malformed file gets one message naming it.
 */
export function parseProjectorBookmarks(
  file: string,
  text: string,
  target: BookmarkTarget,
): Bookmark[] {
  const { labels, datasetName } = target
  const attributes = target.attributes ?? []
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new DatasetError(file, `is not valid JSON (${(e as Error).message})`)
  }
  if (!Array.isArray(raw))
    throw new DatasetError(file, 'is not a Projector bookmarks file (a JSON list of saved views)')
  return raw.map((entry, i): Bookmark => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new DatasetError(file, `bookmark ${i + 1} is not an object`)
    const s = entry as ProjectorState
    const method = METHODS[String(s.selectedProjection)] ?? 'pca'
    const comps = indices(s.pcaComponentDimensions, 10)
    const flat =
      s.cameraDef?.orthographic === true ||
      (method === 'tsne' && s.tSNEis3d === false) ||
      (method === 'umap' && s.umapIs3d === false) ||
      (method === 'pca' && comps.length === 2)
    const dims: 2 | 3 = flat ? 2 : 3
    let params = validateProjectionParams(method)
    if (method === 'pca' && comps.length >= 2)
      params = validateProjectionParams('pca', {
        x: comps[0] + 1,
        y: comps[1] + 1,
        ...(comps[2] !== undefined ? { z: comps[2] + 1 } : {}),
      })
    if (method === 'tsne')
      params = validateProjectionParams('tsne', param('tsne', 'perplexity', s.tSNEPerplexity))
    if (method === 'umap')
      params = validateProjectionParams('umap', param('umap', 'nNeighbors', s.umapNeighbors))
    const filter = Array.isArray(s.filteredPoints)
      ? [...new Set(indices(s.filteredPoints, labels.length))]
      : null
    const shown = filter ?? null
    const picked = indices(s.selectedPoints, shown ? shown.length : labels.length)
      .map((p) => (shown ? shown[p] : p))
      .slice(0, MAX_SELECTED)
    const option = (v: unknown) => (typeof v === 'string' && attributes.includes(v) ? v : null)
    const name =
      typeof s.label === 'string' && s.label.trim() ? s.label.trim().slice(0, 120) : `View ${i + 1}`
    return {
      id: `projector-${datasetName}-${i}-${name}`,
      name,
      savedAt: Date.now() + i,
      datasetName,
      link: null,
      view: {
        method,
        dims,
        params,
        selection: picked.map((p) => labels[p]),
        selectionIndices: picked,
        ...(filter && filter.length ? { filter } : {}),
        colorBy: option(s.selectedColorOptionName),
        ...(s.forceCategoricalColoring === true ? { colorAs: 'categories' as const } : {}),
        labelBy: option(s.selectedLabelOption),
        isolate: false,
        camera: null,
      },
    }
  })
}

/** Our coordinates of the view being shown, written into the views of the same projection. */
export interface ShownLayout {
  method: ProjectionMethod
  dims: 2 | 3
  params: Record<string, number>
  /** Row-major, items × dims. */
  positions: Float32Array
}

/**
 * Our saved views of one dataset as a Projector bookmarks file (a JSON list of States): label,
 * projection and its parameters, 2D/3D, selected and filtered points by index, colour and label
 * options. The view that matches what is shown carries its coordinates as `projections` (the
 * Projector draws a bookmark from them); the others let the Projector compute PCA, or show the
 * points where its own t-SNE/UMAP puts them.
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
    const projections =
      same && shown.positions.length === labels.length * shown.dims
        ? keep.map((i) =>
            Object.fromEntries(
              Array.from({ length: v.dims }, (_, d) => [
                `${v.method}-${d}`,
                shown.positions[i * v.dims + d],
              ]),
            ),
          )
        : []
    const pca = [v.params.x ?? 1, v.params.y ?? 2, v.params.z ?? 3]
      .slice(0, v.dims)
      .map((c) => c - 1)
    return {
      label: b.name,
      isSelected: false,
      selectedProjection: v.method,
      dataSetDimensions: [labels.length, 0],
      tSNEIteration: 0,
      tSNEPerplexity: v.method === 'tsne' ? (v.params.perplexity ?? 30) : 0,
      tSNELearningRate: v.method === 'tsne' ? 10 : 0,
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
      cameraDef: {
        orthographic: v.dims === 2,
        position: [0, 0, v.dims === 2 ? 1 : 2],
        target: [0, 0, 0],
        zoom: 1,
      },
      selectedColorOptionName: v.colorBy ?? 'No color map',
      forceCategoricalColoring: v.colorAs === 'categories',
      selectedLabelOption: v.labelBy ?? 'label',
    }
  })
  return JSON.stringify(states) + '\n'
}
