import { easeTowards, normalizeLayout } from './layout'

/** Time constant of the easing between snapshots; 0 under prefers-reduced-motion. */
export const EASE_MS = 120

/**
 * The scene's copy of the layout: `target` is the newest projection (normalised), `display` is
 * what is drawn and eases towards it. Shared by the points, the neighbour lines and the labels.
 */
export class SceneBuffers {
  n = 0
  target = new Float32Array(0)
  display = new Float32Array(0)
  /** Version of the live buffers last copied in. */
  version = -1
  /** Bumped whenever `display` changes, so screen-space indexes know when they are stale. */
  revision = 0
  /** True once `display` equals `target`: frames then skip the easing pass over every point. */
  private settled = true

  /** Takes a new projection; a change in item count snaps instead of easing. */
  setTarget(positions: Float32Array, n: number, dims: 2 | 3, version: number): void {
    this.version = version
    this.revision++
    this.settled = false
    if (n !== this.n) {
      this.n = n
      this.target = new Float32Array(n * 3)
      normalizeLayout(positions, n, dims, this.target)
      this.display = this.target.slice()
      this.settled = true // a snap: nothing to ease
      return
    }
    normalizeLayout(positions, n, dims, this.target)
  }

  /** Advances the easing; returns true while points are still visibly moving. */
  advance(dtMs: number, tauMs: number = EASE_MS): boolean {
    // Orbiting a still layout of 100,000 points would otherwise walk 300,000 numbers a frame.
    if (this.settled) return false
    const gap = easeTowards(this.display, this.target, dtMs, tauMs)
    if (gap === 0) {
      this.settled = true
      return false
    }
    this.revision++
    if (gap > 1e-4) return true
    this.display.set(this.target) // close enough: land exactly, so later frames change nothing
    this.settled = true
    return false
  }
}
