import { mulberry32, shuffledIndices } from '../training/random'
import type { Projector } from './types'

/**
 * Runs a projector on a seeded random sample when there are more than `limit` points (UMAP and
 * t-SNE above 20,000). Points left out get NaN coordinates, which the scene does not draw, and
 * `info()` says how many were sampled so the UI can say so. The sample stays the same while the
 * point count does, so the layout can continue from one training snapshot to the next.
 */
export class SampledProjector implements Projector {
  private sample: Int32Array | null = null
  private sub = new Float32Array(0)
  private n = 0
  private out = new Float32Array(0)

  constructor(
    private readonly inner: Projector,
    /** Most points the inner projector gets. */
    readonly limit: number,
    private readonly seed = 1,
  ) {}

  get method() {
    return this.inner.method
  }
  get dims() {
    return this.inner.dims
  }
  get iteration() {
    return this.inner.iteration
  }

  update(data: Float32Array, n: number, dim: number): void {
    if (n <= this.limit) {
      this.sample = null
      this.n = n
      this.inner.update(data, n, dim)
      return
    }
    if (!this.sample || this.n !== n) {
      // Sorted, so the sampled points keep their relative order.
      this.sample = shuffledIndices(n, mulberry32(this.seed)).slice(0, this.limit).sort()
      this.n = n
    }
    if (this.sub.length !== this.limit * dim) this.sub = new Float32Array(this.limit * dim)
    this.sample.forEach((i, s) => this.sub.set(data.subarray(i * dim, i * dim + dim), s * dim))
    this.inner.update(this.sub, this.limit, dim)
  }

  step(): boolean {
    return this.inner.step()
  }

  positions(): Float32Array {
    const inner = this.inner.positions()
    if (!this.sample) return inner
    const d = this.dims
    if (this.out.length !== this.n * d) this.out = new Float32Array(this.n * d)
    this.out.fill(NaN)
    this.sample.forEach((i, s) => this.out.set(inner.subarray(s * d, s * d + d), i * d))
    return this.out
  }

  info(): Record<string, number[] | number> {
    const info = this.inner.info()
    return this.sample ? { ...info, sampled: this.limit, total: this.n } : info
  }

  restart(): void {
    this.inner.restart?.()
  }

  perturb(scale: number): void {
    this.inner.perturb?.(scale)
  }

  neighbourGraph() {
    return this.inner.neighbourGraph?.() ?? null
  }
}
