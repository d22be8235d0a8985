import type { Projector } from './types'

/** A layout a dataset brought: x, y (and z) per item, row-major, `dims` numbers each. */
export interface Layout {
  dims: 2 | 3
  positions: Float32Array
}

/**
 * A camera in the units of a layout's own coordinates: what it looks at, from where, and how much
 * it shows (half the height of the view at the target's distance). A 2D layout is looked at
 * straight down z, whatever `position` says.
 */
export interface LayoutCamera {
  target: [number, number, number]
  position: [number, number, number]
  halfHeight: number
}

/**
 * Shows a precomputed layout (x, y, z columns) as it came: a 2-D layout in 3D lies in the z = 0
 * plane, a 3-D layout in 2D drops z. Training snapshots do not move it; vectors of another item
 * count than the layout's (the dataset before, still in flight) get no position (NaN).
 */
export class PrecomputedProjector implements Projector {
  readonly method = 'precomputed' as const
  iteration = 0
  private out: Float32Array
  private done = false

  constructor(
    readonly dims: 2 | 3,
    private readonly layout: Layout,
  ) {
    this.out = new Float32Array(0)
  }

  update(_data: Float32Array, n: number): void {
    const { positions, dims: from } = this.layout
    const rows = positions.length / from
    if (n !== rows) {
      // Vectors of another dataset (the one before, on its way out): no layout for them.
      this.out = new Float32Array(n * this.dims).fill(NaN)
      this.iteration = 0
      this.done = false
      return
    }
    if (this.out.length !== n * this.dims || Number.isNaN(this.out[0])) {
      const out = new Float32Array(n * this.dims)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < Math.min(from, this.dims); j++)
          out[i * this.dims + j] = positions[i * from + j]
      this.out = out
    }
    this.iteration = 0
    this.done = false
  }

  step(): boolean {
    if (this.done) return false
    this.done = true
    this.iteration = 1
    return true
  }

  positions(): Float32Array {
    return this.out
  }

  info(): Record<string, number[] | number> {
    return { layoutDims: this.layout.dims }
  }
}
