import type { LayoutCamera } from '../model/projection/precomputed'
import { isHidden, type LayoutFrame } from './layout'

export type Vec3 = [number, number, number]

/** Where the camera sits and what it looks at. */
export interface CameraPose {
  position: Vec3
  target: Vec3
}

/** The scene camera's vertical field of view, in degrees. */
export const SCENE_FOV = 50

/** The view a fresh scene opens with: looking down −z at the layout's centre. */
export const DEFAULT_POSE: CameraPose = { position: [0, 0, 5.2], target: [0, 0, 0] }

/** Smallest radius fitted, so one selected point is not zoomed into a blur. */
const MIN_RADIUS = 0.35

/**
 * The bounding sphere (box centre, farthest point) of the listed points of `positions` (n·3 scene
 * coordinates), or of all when `indices` is null. Hidden points are left out; null when none is left.
 */
export function boundingSphere(
  positions: Float32Array,
  n: number,
  indices: readonly number[] | null,
): { center: Vec3; radius: number } | null {
  const lo: Vec3 = [Infinity, Infinity, Infinity]
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity]
  const each = (f: (i: number) => void) => {
    if (indices) {
      for (const i of indices) if (i >= 0 && i < n) f(i)
    } else for (let i = 0; i < n; i++) f(i)
  }
  let count = 0
  each((i) => {
    if (isHidden(positions[i * 3]) || !Number.isFinite(positions[i * 3])) return
    count++
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], positions[i * 3 + k])
      hi[k] = Math.max(hi[k], positions[i * 3 + k])
    }
  })
  if (count === 0) return null
  const center: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2]
  let r2 = 0
  each((i) => {
    if (isHidden(positions[i * 3]) || !Number.isFinite(positions[i * 3])) return
    const d =
      (positions[i * 3] - center[0]) ** 2 +
      (positions[i * 3 + 1] - center[1]) ** 2 +
      (positions[i * 3 + 2] - center[2]) ** 2
    r2 = Math.max(r2, d)
  })
  return { center, radius: Math.sqrt(r2) }
}

/**
 * A pose that shows the sphere whole: same viewing direction as `from` (so fitting does not spin
 * the view), at the distance where the sphere fills the narrower of the two fields of view with a
 * margin (1.1 = 10% room).
 */
export function fitPose(
  sphere: { center: Vec3; radius: number },
  from: CameraPose,
  fovDeg: number,
  aspect: number,
  margin = 1.1,
): CameraPose {
  const vHalf = (fovDeg * Math.PI) / 360
  const hHalf = Math.atan(Math.tan(vHalf) * aspect)
  const half = Math.min(vHalf, hHalf)
  const distance = (Math.max(sphere.radius, MIN_RADIUS) * margin) / Math.sin(half)
  let dir: Vec3 = [
    from.position[0] - from.target[0],
    from.position[1] - from.target[1],
    from.position[2] - from.target[2],
  ]
  const len = Math.hypot(...dir)
  dir = len > 1e-9 ? [dir[0] / len, dir[1] / len, dir[2] / len] : [0, 0, 1]
  const c = sphere.center
  return {
    target: [...c],
    position: [c[0] + dir[0] * distance, c[1] + dir[1] * distance, c[2] + dir[2] * distance],
  }
}

/** The pose a 2D layout wants: straight down the z axis at the same distance and target. */
export function frontPose(from: CameraPose): CameraPose {
  const d = Math.hypot(
    from.position[0] - from.target[0],
    from.position[1] - from.target[1],
    from.position[2] - from.target[2],
  )
  const t = from.target
  return { target: [...t], position: [t[0], t[1], t[2] + (d > 1e-9 ? d : 5.2)] }
}

/** Smooth ease-in-out for t in [0, 1]. */
export function easeInOut(t: number): number {
  const x = Math.min(1, Math.max(0, t))
  return x * x * (3 - 2 * x)
}

/** The pose a fraction `t` (0–1, eased) of the way from `a` to `b`. */
export function lerpPose(a: CameraPose, b: CameraPose, t: number): CameraPose {
  const e = easeInOut(t)
  const mix = (p: Vec3, q: Vec3): Vec3 => [
    p[0] + (q[0] - p[0]) * e,
    p[1] + (q[1] - p[1]) * e,
    p[2] + (q[2] - p[2]) * e,
  ]
  return { position: mix(a.position, b.position), target: mix(a.target, b.target) }
}

/**
 * The scene pose that shows what `cam` (in layout units) shows: its target, its direction (2D:
 * straight down z) and the distance at which a `fovDeg` camera shows the same half-height. Null
 * for a degenerate layout (scale 0).
 */
export function poseFromUnits(
  cam: LayoutCamera,
  frame: LayoutFrame,
  dims: 2 | 3,
  fovDeg = SCENE_FOV,
): CameraPose | null {
  const { center, scale } = frame
  if (!(scale > 0) || !(cam.halfHeight > 0)) return null
  const target = [0, 1, 2].map((k) => (k < dims ? (cam.target[k] - center[k]) * scale : 0)) as Vec3
  let dir: Vec3 = [0, 0, 1]
  if (dims === 3) {
    const d = cam.position.map((v, k) => v - cam.target[k]) as Vec3
    const len = Math.hypot(...d)
    if (len > 1e-12) dir = d.map((v) => v / len) as Vec3
  }
  const distance = (cam.halfHeight * scale) / Math.tan((fovDeg * Math.PI) / 360)
  return { target, position: target.map((v, k) => v + dir[k] * distance) as Vec3 }
}

/** A scene pose in layout units: the inverse of `poseFromUnits`. Null for a degenerate layout. */
export function poseToUnits(
  pose: CameraPose,
  frame: LayoutFrame,
  dims: 2 | 3,
  fovDeg = SCENE_FOV,
): LayoutCamera | null {
  const { center, scale } = frame
  if (!(scale > 0)) return null
  const back = (p: Vec3) => p.map((v, k) => v / scale + (k < dims ? center[k] : 0)) as Vec3
  const distance = Math.hypot(...pose.position.map((v, k) => v - pose.target[k]))
  return {
    target: back(pose.target),
    position: back(pose.position),
    halfHeight: (distance * Math.tan((fovDeg * Math.PI) / 360)) / scale,
  }
}
