// The coordinates and camera of a Projector bookmark, read into a layout of ours and written back.
// The Projector draws a layout by stretching each axis of the shown points to [−1, 1]
// (vz_projector projectorScatterPlotAdapter.ts, SCATTER_PLOT_CUBE_LENGTH = 2) and keeps its camera
// in those units (scatterPlot.ts): a perspective camera of 70° vertical field of view in 3D, an
// orthographic one showing ±1.2 of the shorter side, divided by `zoom`, in 2D.
import type { Layout, LayoutCamera } from '../../model/projection/precomputed'
import { METHOD_NAMES } from '../../model/projection/types'

export type Vec3 = [number, number, number]

/** The Projector's projections as its bookmarks name them (`selectedProjection`). */
export type ProjectorProjection = 'pca' | 'tsne' | 'umap' | 'custom'

/** How each of the Projector's projections is written for people. */
export const PROJECTOR_PROJECTION_NAMES: Record<ProjectorProjection, string> = {
  pca: METHOD_NAMES.pca,
  tsne: METHOD_NAMES.tsne,
  umap: METHOD_NAMES.umap,
  custom: 'Custom projection',
}

/** Coordinates a Projector bookmark saved (its `projections`), shown as they are. */
export interface SavedLayout extends Layout {
  /** The Projector's projection that made them. */
  source: ProjectorProjection
  /** The t-SNE iteration the Projector had reached when it saved them (`tSNEIteration`). */
  iteration?: number
  /** The Projector's camera (`cameraDef`) in the layout's units. */
  camera?: LayoutCamera
  /**
   * Set when the coordinates were computed here from a custom projection's searches rather than
   * saved: those searches, for people ("x: man → woman, y: …").
   */
  computedFrom?: string
}

/** A Projector `cameraDef` (scatterPlot.ts CameraDef). */
export interface CameraDef {
  orthographic: boolean
  position: Vec3
  target: Vec3
  zoom: number
}

/** The Projector's perspective camera's vertical field of view (PERSP_CAMERA_FOV_VERTICAL). */
const FOV_DEG = 70
/** Half the shorter side its orthographic 2D camera shows at zoom 1. */
const ORTHO_HALF_EXTENT = 1.2
/** Its orbit controls keep the camera this near and far from the target (MIN_ZOOM, MAX_ZOOM). */
const DISTANCE_RANGE = [0.05, 10] as const
const TAN_HALF_FOV = Math.tan((FOV_DEG * Math.PI) / 360)

/** The keys of the Projector's per-point `projections` that a view of `source` draws. */
export function projectionKeys(
  source: ProjectorProjection,
  dims: 2 | 3,
  comps: number[],
): string[] {
  if (source === 'custom') return ['linear-x', 'linear-y']
  if (source === 'pca')
    return (comps.length >= 2 ? comps : [0, 1, 2]).slice(0, dims).map((c) => `pca-${c}`)
  return Array.from({ length: dims }, (_, d) => `${source}-${d}`)
}

/** Each axis's extent over the listed rows whose coordinates are all finite (d3.extent). */
function extents(layout: Layout, rows: readonly number[]): Array<[number, number]> {
  const { dims, positions } = layout
  const out = Array.from({ length: dims }, (): [number, number] => [Infinity, -Infinity])
  for (const i of rows) {
    const row = positions.subarray(i * dims, i * dims + dims)
    if (!row.every(Number.isFinite)) continue
    row.forEach((v, k) => {
      out[k][0] = Math.min(out[k][0], v)
      out[k][1] = Math.max(out[k][1], v)
    })
  }
  return out
}

/** Layout units per Projector unit on each axis: half the extent (1 for a flat axis). */
function unitsPerCube(ext: Array<[number, number]>): number[] {
  return ext.map(([lo, hi]) => (hi > lo ? (hi - lo) / 2 : 1))
}

/** One size for a length across axes stretched differently: the geometric mean of their scales. */
function meanScale(units: number[]): number {
  return Math.exp(units.reduce((a, u) => a + Math.log(u), 0) / units.length)
}

/**
 * The coordinates of the Projector's `projections` under `keys` (e.g. `tsne-0`, `tsne-1`), one
 * object per shown point (`rows`, the dataset rows in the Projector's order), as a layout of all
 * `n` rows; rows not shown, or left out of the Projector's sample (no such keys), get NaN. Nothing
 * when no point has them (the projection was not computed); a problem when the list does not fit.
 */
export function readProjections(
  projections: unknown,
  keys: readonly string[],
  rows: readonly number[],
  n: number,
): { positions?: Float32Array; problem?: string } {
  if (!Array.isArray(projections) || projections.length === 0) return {}
  if (projections.length !== rows.length)
    return {
      problem: `it has saved coordinates for ${projections.length} points, but shows ${rows.length}`,
    }
  const dims = keys.length
  const positions = new Float32Array(n * dims).fill(NaN)
  let found = 0
  for (let p = 0; p < rows.length; p++) {
    const point = projections[p] as Record<string, unknown> | null
    const values = keys.map((k) => (typeof point === 'object' && point ? point[k] : undefined))
    if (values.every((v) => v === undefined)) continue
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v)))
      return { problem: `point ${p + 1}'s saved ${keys.join(', ')} are not all numbers` }
    values.forEach((v, k) => (positions[rows[p] * dims + k] = v as number))
    found++
  }
  return found ? { positions } : {}
}

/**
 * The Projector's camera (`cameraDef`, in its stretched units) in the units of the layout it
 * showed; nothing when it is malformed. Where the Projector stretched the axes by different
 * amounts, the field of view is matched on their geometric mean.
 */
export function readCamera(def: unknown, layout: Layout, rows: readonly number[]) {
  const d = def as Partial<Record<keyof CameraDef, unknown>> | null
  const vec = (v: unknown): v is Vec3 =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && isFinite(x))
  if (!d || typeof d !== 'object' || !vec(d.position) || !vec(d.target)) return undefined
  const from = d.position
  const at = d.target
  const zoom = typeof d.zoom === 'number' && d.zoom > 0 && isFinite(d.zoom) ? d.zoom : 1
  const ext = extents(layout, rows)
  if (!ext.every(([lo, hi]) => lo <= hi)) return undefined
  const units = unitsPerCube(ext)
  const toLayout = (p: Vec3): Vec3 =>
    [0, 1, 2].map((k) =>
      k < layout.dims ? (ext[k][0] + ext[k][1]) / 2 + p[k] * units[k] : 0,
    ) as Vec3
  const target = toLayout(at)
  const distance = Math.hypot(...from.map((v, k) => v - at[k]))
  const half = d.orthographic === true ? ORTHO_HALF_EXTENT / zoom : (distance * TAN_HALF_FOV) / zoom
  if (!(half > 0)) return undefined
  const halfHeight = half * meanScale(units)
  const position: Vec3 =
    layout.dims === 2 || d.orthographic === true
      ? [target[0], target[1], target[2] + halfHeight]
      : toLayout(from)
  return { target, position, halfHeight } satisfies LayoutCamera
}

/**
 * A camera in layout units as the Projector's `cameraDef` for that layout shown with `rows`: the
 * same target and direction, and a distance (3D) or zoom (2D) that shows as much.
 */
export function writeCamera(cam: LayoutCamera, layout: Layout, rows: readonly number[]): CameraDef {
  const ext = extents(layout, rows).map(([lo, hi]): [number, number] =>
    lo <= hi ? [lo, hi] : [0, 0],
  )
  const units = unitsPerCube(ext)
  const toCube = (p: Vec3): Vec3 =>
    [0, 1, 2].map((k) =>
      k < layout.dims ? (p[k] - (ext[k][0] + ext[k][1]) / 2) / units[k] : 0,
    ) as Vec3
  const target = toCube(cam.target)
  const half = cam.halfHeight / meanScale(units)
  if (layout.dims === 2)
    return {
      orthographic: true,
      position: [target[0], target[1], 4],
      target,
      zoom: ORTHO_HALF_EXTENT / half,
    }
  const from = toCube(cam.position)
  let dir = from.map((v, k) => v - target[k])
  const len = Math.hypot(...dir)
  dir = len > 1e-9 ? dir.map((v) => v / len) : [0, 0, 1]
  const wanted = half / TAN_HALF_FOV
  const distance = Math.min(DISTANCE_RANGE[1], Math.max(DISTANCE_RANGE[0], wanted))
  return {
    orthographic: false,
    position: target.map((v, k) => v + dir[k] * distance) as Vec3,
    target,
    zoom: distance / wanted,
  }
}
