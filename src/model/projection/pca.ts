import { symmetricEigen } from './eigen'
import type { Projector } from './types'

/** Mean-centred covariance (d×d, float64) of n row-major vectors. */
export function covariance(
  data: Float32Array,
  n: number,
  d: number,
): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j]
  for (let j = 0; j < d; j++) mean[j] /= Math.max(n, 1)
  const cov = new Float64Array(d * d)
  const row = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j]
    for (let j = 0; j < d; j++) {
      const rj = row[j]
      for (let k = j; k < d; k++) cov[j * d + k] += rj * row[k]
    }
  }
  for (let j = 0; j < d; j++)
    for (let k = j; k < d; k++) {
      cov[j * d + k] /= Math.max(n - 1, 1)
      cov[k * d + j] = cov[j * d + k]
    }
  return { mean, cov }
}

export interface PcaResult {
  /** `count` unit components as rows of length d. */
  components: Float64Array
  /** Share of the total variance each component explains, in [0, 1]. */
  explained: number[]
  mean: Float64Array
}

/**
 * The top `count` principal components. When `previous` components are given (same d), the
 * result is reordered and sign-flipped to match them as closely as possible, so a cloud that
 * changes a little between training snapshots moves a little instead of flipping or swapping axes.
 */
export function pca(
  data: Float32Array,
  n: number,
  d: number,
  count: number,
  previous?: Float64Array | null,
): PcaResult {
  const { mean, cov } = covariance(data, n, d)
  const { values, vectors } = symmetricEigen(cov, d)
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0)
  let picks = Array.from({ length: count }, (_, i) => i)
  const comp = (i: number) => (i < d ? vectors.subarray(i * d, i * d + d) : new Float64Array(d))
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0
    for (let k = 0; k < d; k++) s += a[k] * b[k]
    return s
  }
  const prev = previous && previous.length === count * d ? previous : null
  if (prev)
    picks = bestPermutation(picks, (slot, i) =>
      Math.abs(dot(comp(i), prev.subarray(slot * d, slot * d + d))),
    )
  const components = new Float64Array(count * d)
  const explained: number[] = []
  picks.forEach((i, slot) => {
    const c = comp(i)
    const flip = prev ? dot(c, prev.subarray(slot * d, slot * d + d)) < 0 : firstLargestNegative(c)
    for (let k = 0; k < d; k++) components[slot * d + k] = flip ? -c[k] : c[k]
    explained.push(i < d && total > 0 ? Math.max(values[i], 0) / total : 0)
  })
  return { components, explained, mean }
}

/** Canonical sign without a previous frame: the largest-magnitude entry is positive. */
function firstLargestNegative(c: ArrayLike<number>): boolean {
  let best = 0
  for (let k = 1; k < c.length; k++) if (Math.abs(c[k]) > Math.abs(c[best])) best = k
  return c[best] < 0
}

/** The ordering of `items` into slots that maximises the summed score (brute force; count ≤ 3). */
function bestPermutation(items: number[], score: (slot: number, item: number) => number): number[] {
  let best = items
  let bestScore = -Infinity
  const permute = (rest: number[], chosen: number[]) => {
    if (rest.length === 0) {
      const s = chosen.reduce((acc, item, slot) => acc + score(slot, item), 0)
      if (s > bestScore) [best, bestScore] = [chosen, s]
      return
    }
    rest.forEach((item, i) =>
      permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...chosen, item]),
    )
  }
  permute(items, [])
  return best
}

/** Projects vectors onto components: n·count coordinates. */
export function projectOnto(
  data: Float32Array,
  n: number,
  d: number,
  r: PcaResult,
  count: number,
): Float32Array {
  const out = new Float32Array(n * count)
  for (let i = 0; i < n; i++)
    for (let c = 0; c < count; c++) {
      let s = 0
      for (let k = 0; k < d; k++) s += (data[i * d + k] - r.mean[k]) * r.components[c * d + k]
      out[i * count + c] = s
    }
  return out
}

/** PCA as a Projector: each update recomputes components aligned with the previous ones. */
export class PcaProjector implements Projector {
  readonly method = 'pca' as const
  iteration = 0
  private layout: Float32Array = new Float32Array(0)
  private previous: Float64Array | null = null
  private explained: number[] = []
  private pending: { data: Float32Array; n: number; dim: number } | null = null

  constructor(readonly dims: 2 | 3) {}

  update(data: Float32Array, n: number, dim: number): void {
    if (this.previous && this.previous.length !== this.dims * dim) this.previous = null
    this.pending = { data, n, dim }
    this.iteration = 0
  }

  step(): boolean {
    if (!this.pending) return false
    const { data, n, dim } = this.pending
    this.pending = null
    const r = pca(data, n, dim, this.dims, this.previous)
    this.previous = r.components
    this.explained = r.explained
    this.layout = projectOnto(data, n, dim, r, this.dims)
    this.iteration = 1
    return true
  }

  positions(): Float32Array {
    return this.layout
  }

  info(): Record<string, number[]> {
    return { explainedVariance: this.explained }
  }
}
