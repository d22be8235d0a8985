import { DatasetError } from '../../model/datasets/errors'
import type { CustomAxes } from '../../model/projection/customAxes'
import { PROJECTION_PARAMS, validateProjectionParams } from '../../model/projection/params'
import type { ProjectionMethod } from '../../model/projection/types'
import type { Bookmark } from './bookmarkStore'
import {
  projectionKeys,
  type ProjectorProjection,
  readCamera,
  readProjections,
  type SavedLayout,
} from './projectorLayout'

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
  tSNELearningRate?: unknown
  tSNEIteration?: unknown
  umapNeighbors?: unknown
  projections?: unknown
  cameraDef?: { orthographic?: unknown }
  customSelectedSearchByMetadataOption?: unknown
  customXLeftText?: unknown
  customXLeftRegex?: unknown
  customXRightText?: unknown
  customXRightRegex?: unknown
  customYUpText?: unknown
  customYUpRegex?: unknown
  customYDownText?: unknown
  customYDownRegex?: unknown
  selectedColorOptionName?: unknown
  forceCategoricalColoring?: unknown
  selectedLabelOption?: unknown
}

const METHODS: Record<string, 'pca' | 'tsne' | 'umap'> = { pca: 'pca', tsne: 'tsne', umap: 'umap' }

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
 *   `tSNEPerplexity`, `tSNELearningRate` and `tSNEis3d`, `umap` with `umapNeighbors` and
 *   `umapIs3d`; the orthographic camera means 2D;
 * - the per-point `projections` of that projection (one per shown point) as the view's layout,
 *   shown as saved, with the t-SNE iteration it had reached and the camera (`cameraDef`);
 *   coordinates that do not fit are left out and the view says so when opened;
 * - a "custom" projection (axes between the centroids of searches): its saved coordinates, else its
 *   searches, computed when the view is opened; with a search left empty, PCA, named so;
 * - `selectedColorOptionName` and `selectedLabelOption` when the dataset has such a column, and
 *   `forceCategoricalColoring` (numbers coloured as categories).
 * A malformed file gets one message naming it.
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
    const custom = s.selectedProjection === 'custom'
    const method = METHODS[String(s.selectedProjection)] ?? 'pca'
    const comps = indices(s.pcaComponentDimensions, 10)
    const flat =
      custom ||
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
      params = validateProjectionParams('tsne', {
        ...param('tsne', 'perplexity', s.tSNEPerplexity),
        ...param('tsne', 'learningRate', s.tSNELearningRate),
      })
    if (method === 'umap')
      params = validateProjectionParams('umap', param('umap', 'nNeighbors', s.umapNeighbors))
    const filter = Array.isArray(s.filteredPoints)
      ? [...new Set(indices(s.filteredPoints, labels.length))]
      : null
    // An empty filter shows every point, as the Projector's getSubset does.
    const shown = filter?.length ? filter : null
    const picked = indices(s.selectedPoints, shown ? shown.length : labels.length)
      .map((p) => (shown ? shown[p] : p))
      .slice(0, MAX_SELECTED)
    const option = (v: unknown) => (typeof v === 'string' && attributes.includes(v) ? v : null)
    const label =
      typeof s.label === 'string' && s.label.trim() ? s.label.trim().slice(0, 120) : `View ${i + 1}`
    const saved = savedLayout(s, custom ? 'custom' : method, dims, comps, labels.length)
    // A custom projection without coordinates is computed from its searches when opened.
    const searches = custom && !saved.layout ? customAxes(s) : null
    const asPca = custom && !saved.layout && !searches
    const name = asPca ? `${label} (custom projection shown as PCA)` : label
    const notes = [
      ...(saved.problem ? [`Its saved coordinates are not used: ${saved.problem}.`] : []),
      ...(asPca ? [customNote(s)] : []),
    ]
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
        ...(saved.layout ? { layout: saved.layout } : {}),
        ...(searches ? { custom: searches } : {}),
      },
      ...(notes.length ? { note: `"${label}": ${notes.join(' ')}` } : {}),
    }
  })
}

/**
 * The coordinates a bookmark saved for its projection, with the t-SNE iteration and the camera;
 * or why they cannot be used. The Projector saves one `projections` object per point it shows:
 * the filtered points, in the order of `filteredPoints`.
 */
function savedLayout(
  s: ProjectorState,
  source: ProjectorProjection,
  dims: 2 | 3,
  comps: number[],
  n: number,
): { layout?: SavedLayout; problem?: string } {
  const all = Array.from({ length: n }, (_, i) => i)
  const filtered = Array.isArray(s.filteredPoints) && s.filteredPoints.length > 0
  const rows = filtered ? (s.filteredPoints as unknown[]) : all
  if (!rows.every((r) => Number.isInteger(r) && (r as number) >= 0 && (r as number) < n)) {
    const some = Array.isArray(s.projections) && s.projections.length > 0
    return some ? { problem: 'its filteredPoints are not all rows of this dataset' } : {}
  }
  const keys = projectionKeys(source, dims, comps)
  const read = readProjections(s.projections, keys, rows as number[], n)
  if (!read.positions) return { problem: read.problem }
  const layout: SavedLayout = { dims: keys.length as 2 | 3, positions: read.positions, source }
  const iteration = s.tSNEIteration
  if (source === 'tsne' && Number.isInteger(iteration) && (iteration as number) >= 0)
    layout.iteration = iteration as number
  const camera = readCamera(s.cameraDef, layout, rows as number[])
  if (camera) layout.camera = camera
  return { layout }
}

/** A custom projection's four searches, when each has text (the Projector takes a random direction for an empty one). */
function customAxes(s: ProjectorState): CustomAxes | null {
  const q = (text: unknown, regex: unknown) =>
    typeof text === 'string' && text !== '' ? { text, regex: regex === true } : null
  const field = s.customSelectedSearchByMetadataOption
  const xLeft = q(s.customXLeftText, s.customXLeftRegex)
  const xRight = q(s.customXRightText, s.customXRightRegex)
  const yUp = q(s.customYUpText, s.customYUpRegex)
  const yDown = q(s.customYDownText, s.customYDownRegex)
  if (typeof field !== 'string' || !xLeft || !xRight || !yUp || !yDown) return null
  return { field, xLeft, xRight, yUp, yDown }
}

/** Why a custom projection shows as PCA: a search without text, or no searches at all. */
function customNote(s: ProjectorState): string {
  const q = (v: unknown) => (typeof v === 'string' && v ? `"${v}"` : 'nothing')
  return (
    `The Projector's custom projection (x from ${q(s.customXLeftText)} to ${q(s.customXRightText)}, ` +
    `y from ${q(s.customYDownText)} to ${q(s.customYUpText)}) was saved without its coordinates, ` +
    'and a search without text gives a random direction there, which cannot be repeated: the view shows PCA.'
  )
}
