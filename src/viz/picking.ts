/**
 * The item under the cursor: projects every point with the camera's view-projection matrix
 * (column-major, as three.js stores it) and keeps the nearest within `radiusPx` of (x, y), in CSS
 * pixels from the canvas's top-left. Nearer-to-camera points win ties; points not drawn (behind
 * the camera, outside the near and far planes) are skipped. Returns -1 for none.
 */
export function pickNearest(
  positions: Float32Array,
  n: number,
  viewProjection: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
  radiusPx: number,
): number {
  const m = viewProjection
  let best = -1
  let bestScore = Infinity
  const r2 = radiusPx * radiusPx
  for (let i = 0; i < n; i++) {
    const px = positions[i * 3]
    const py = positions[i * 3 + 1]
    const pz = positions[i * 3 + 2]
    const w = m[3] * px + m[7] * py + m[11] * pz + m[15]
    if (w <= 0) continue // behind the camera
    const cx = (m[0] * px + m[4] * py + m[8] * pz + m[12]) / w
    const cy = (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w
    const cz = (m[2] * px + m[6] * py + m[10] * pz + m[14]) / w
    const sx = ((cx + 1) / 2) * width
    const sy = ((1 - cy) / 2) * height
    if (cz < -1 || cz > 1) continue // outside the near and far planes: not drawn
    const d2 = (sx - x) ** 2 + (sy - y) ** 2
    if (d2 > r2) continue
    const score = d2 + cz * 1e-3
    if (score < bestScore) {
      bestScore = score
      best = i
    }
  }
  return best
}

/** Screen position (CSS pixels) of one point, or null when it is behind the camera. */
export function toScreen(
  p: ArrayLike<number>,
  offset: number,
  m: ArrayLike<number>,
  width: number,
  height: number,
): [number, number] | null {
  const [px, py, pz] = [p[offset], p[offset + 1], p[offset + 2]]
  const w = m[3] * px + m[7] * py + m[11] * pz + m[15]
  if (w <= 0) return null
  const cx = (m[0] * px + m[4] * py + m[8] * pz + m[12]) / w
  const cy = (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w
  return [((cx + 1) / 2) * width, ((1 - cy) / 2) * height]
}
