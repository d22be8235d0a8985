/**
 * Scene math for the moving layout: the projection's raw coordinates are centred and scaled to a
 * steady size, then the drawn positions ease towards them so snapshots blend into motion.
 */

/** Target RMS distance of points from the centre, in scene units. */
export const LAYOUT_RADIUS = 1.6

/**
 * Where points without coordinates (NaN: left out of a sampled layout) are put: beyond the
 * camera's far plane, so they are neither drawn nor picked.
 */
export const HIDDEN = 1e5

/** True for a scene coordinate of a hidden point. */
export function isHidden(v: number): boolean {
  return Math.abs(v) >= HIDDEN / 2
}

/** How a layout is placed in the scene: scene = (coordinate − center) · scale (see `layoutFrame`). */
export interface LayoutFrame {
  center: [number, number, number]
  scale: number
}

/**
 * How `normalizeLayout` places a layout in the scene: scene = (coordinate − center) · scale on
 * each axis (z = 0 in 2D), from the mean and RMS radius of the points whose coordinates are all
 * finite. `scale` is 0 for a degenerate layout (every point at the centre).
 */
export function layoutFrame(src: Float32Array, n: number, dims: 2 | 3): LayoutFrame {
  const c: [number, number, number] = [0, 0, 0]
  let m = 0
  for (let i = 0; i < n; i++) {
    if (!finiteRow(src, i, dims)) continue
    m++
    for (let k = 0; k < dims; k++) c[k] += src[i * dims + k]
  }
  for (let k = 0; k < dims; k++) c[k] /= Math.max(m, 1)
  let sq = 0
  for (let i = 0; i < n; i++)
    if (finiteRow(src, i, dims))
      for (let k = 0; k < dims; k++) sq += (src[i * dims + k] - c[k]) ** 2
  const rms = Math.sqrt(sq / Math.max(m, 1))
  return { center: c, scale: rms > 1e-12 ? LAYOUT_RADIUS / rms : 0 }
}

function finiteRow(src: Float32Array, i: number, dims: 2 | 3): boolean {
  for (let k = 0; k < dims; k++) if (!Number.isFinite(src[i * dims + k])) return false
  return true
}

/**
 * Writes `src` (n points of `dims` coordinates) into `out` (n·3) centred on the origin and scaled
 * so the RMS radius is LAYOUT_RADIUS (see `layoutFrame`). A 2D layout gets z = 0. Points with a
 * non-finite coordinate are left out of the centring and go to HIDDEN. Degenerate layouts stay at
 * the centre.
 */
export function normalizeLayout(
  src: Float32Array,
  n: number,
  dims: 2 | 3,
  out: Float32Array,
): void {
  const { center: c, scale } = layoutFrame(src, n, dims)
  for (let i = 0; i < n; i++) {
    const show = finiteRow(src, i, dims)
    for (let k = 0; k < 3; k++)
      out[i * 3 + k] = !show ? HIDDEN : k < dims ? (src[i * dims + k] - c[k]) * scale : 0
  }
}

/**
 * Moves `current` towards `target` by the share of the gap that `dtMs` of exponential easing with
 * time constant `tauMs` closes. Returns the largest remaining gap, so the caller knows when to stop drawing.
 */
export function easeTowards(
  current: Float32Array,
  target: Float32Array,
  dtMs: number,
  tauMs: number,
): number {
  const t = tauMs <= 0 ? 1 : 1 - Math.exp(-Math.max(dtMs, 0) / tauMs)
  let maxGap = 0
  for (let i = 0; i < current.length; i++) {
    const gap = target[i] - current[i]
    current[i] += gap * t
    const left = Math.abs(gap * (1 - t))
    if (left > maxGap) maxGap = left
  }
  return maxGap
}
