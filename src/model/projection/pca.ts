import type { Tick } from '../tick'
import { mulberry32, shuffledIndices } from '../training/random'
import { symmetricEigen } from './eigen'
import { subspaceEigen } from './subspace'
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
 * Dimensions up to which PCA decomposes the full d × d covariance (cyclic Jacobi: well under a
 * millisecond at d = 16, about 0.1 s at 64, but growing as d³: ~10 s at 768). Above it, block
 * subspace iteration finds just the top components in O(n·d·k) per pass.
 */
export const EXACT_PCA_MAX_DIM = 64

/** How `pca` finds the components. */
export interface PcaOptions {
  /** 'auto' (default): exact up to EXACT_PCA_MAX_DIM dimensions, subspace iteration above. */
  solver?: 'auto' | 'exact' | 'subspace'
  /** Relative residual at which subspace iteration stops (and only then; default: at 1e-5, or
   * when the Ritz values settle, see `SubspaceOptions.valueTolerance`). */
  tolerance?: number
  /** Called every few ms of work (see `Tick`), so a busy worker can say it is alive. */
  tick?: Tick
}

/**
 * The top `count` principal components. When `previous` components are given (same d), the
 * result is reordered and sign-flipped to match them as closely as possible, so a cloud that
 * changes a little between training snapshots moves a little instead of flipping or swapping axes.
 * Above EXACT_PCA_MAX_DIM dimensions the previous components also warm-start the subspace
 * iteration, so a training snapshot costs one or two passes over the data.
 */
export function pca(
  data: Float32Array,
  n: number,
  d: number,
  count: number,
  previous?: Float64Array | null,
  opts: PcaOptions = {},
): PcaResult {
  const solver = opts.solver ?? 'auto'
  const exact = solver === 'exact' || (solver === 'auto' && d <= EXACT_PCA_MAX_DIM)
  let mean: Float64Array
  let values: Float64Array
  let vectors: Float64Array
  let total: number
  if (exact) {
    const c = covariance(data, n, d)
    mean = c.mean
    ;({ values, vectors } = symmetricEigen(c.cov, d))
    total = values.reduce((s, v) => s + Math.max(v, 0), 0)
  } else {
    mean = columnMeans(data, n, d)
    const r = subspaceEigen(data, n, d, mean, Math.min(count, d), {
      start: previous && previous.length === count * d ? previous : null,
      tolerance: opts.tolerance,
      valueTolerance: opts.tolerance !== undefined ? 0 : undefined,
      tick: opts.tick,
    })
    ;({ values, vectors, total } = r)
  }
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

/** Mean of each of the d columns. */
function columnMeans(data: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j]
  for (let j = 0; j < d; j++) mean[j] /= Math.max(n, 1)
  return mean
}

/** Canonical sign without a previous frame: the largest-magnitude entry is positive. */
function firstLargestNegative(c: ArrayLike<number>): boolean {
  let best = 0
  for (let k = 1; k < c.length; k++) if (Math.abs(c[k]) > Math.abs(c[best])) best = k
  return c[best] < 0
}

/** Above this many components the matching is greedy (brute force would try 10! orderings). */
const EXACT_MATCH_LIMIT = 6

/**
 * The ordering of `items` into slots that maximises the summed score: brute force up to 6 items,
 * above that greedily (each slot in turn takes the best remaining item).
 */
function bestPermutation(items: number[], score: (slot: number, item: number) => number): number[] {
  if (items.length > EXACT_MATCH_LIMIT) {
    const rest = [...items]
    return items.map((_, slot) => {
      let k = 0
      for (let j = 1; j < rest.length; j++) if (score(slot, rest[j]) > score(slot, rest[k])) k = j
      return rest.splice(k, 1)[0]
    })
  }
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
  tick?: Tick,
): Float32Array {
  const out = new Float32Array(n * count)
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0) tick?.()
    for (let c = 0; c < count; c++) {
      let s = 0
      for (let k = 0; k < d; k++) s += (data[i * d + k] - r.mean[k]) * r.components[c * d + k]
      out[i * count + c] = s
    }
  }
  return out
}

/** PCA fits its components on at most this many points (a seeded sample above it), then projects every point. */
export const PCA_FIT_LIMIT = 100_000

/**
 * …and on at most this many numbers (points × dimensions), but never fewer than PCA_FIT_MIN
 * points: 50,000 × 1,536 is fitted on 9,766 points (a pass reads 15M numbers instead of 77M), and
 * the top components of ~10,000 points are within sampling noise of those of all of them.
 */
export const PCA_FIT_NUMBERS = 15_000_000
const PCA_FIT_MIN = 5_000

/** How many points PCA fits its components on, for n points of `dim` numbers. */
export function pcaFitRows(n: number, dim: number): number {
  return Math.min(n, PCA_FIT_LIMIT, Math.max(PCA_FIT_MIN, Math.floor(PCA_FIT_NUMBERS / dim)))
}

/** Highest principal component a plot axis can show. */
export const MAX_COMPONENT = 10

/**
 * PCA as a Projector: each update recomputes the top components aligned with the previous ones,
 * and the axes show the components chosen in `params` (x, y, z: component numbers 1–10 as in the Projector, default
 * 1, 2, 3).
 */
export class PcaProjector implements Projector {
  readonly method = 'pca' as const
  iteration = 0
  private layout: Float32Array = new Float32Array(0)
  private previous: Float64Array | null = null
  private explained: number[] = []
  private pending: { data: Float32Array; n: number; dim: number } | null = null
  private readonly axes: number[]
  private sampled = 0

  constructor(
    readonly dims: 2 | 3,
    params: Record<string, number> = {},
    /** Called every few ms of a long fit (see `Tick`). */
    private readonly tick?: Tick,
  ) {
    const axes = [params.x ?? 1, params.y ?? 2, params.z ?? 3].slice(0, dims)
    for (const a of axes)
      if (!Number.isInteger(a) || a < 1 || a > MAX_COMPONENT)
        throw new RangeError(`PCA axes take component numbers 1–${MAX_COMPONENT}, got ${a}`)
    this.axes = axes.map((a) => a - 1)
  }

  update(data: Float32Array, n: number, dim: number): void {
    this.pending = { data, n, dim }
    this.iteration = 0
  }

  step(): boolean {
    if (!this.pending) return false
    const { data, n, dim } = this.pending
    this.pending = null
    const count = Math.max(...this.axes) + 1
    if (this.previous && this.previous.length !== count * dim) this.previous = null
    const m = pcaFitRows(n, dim)
    const fit = m < n ? sampleRows(data, n, dim, m) : data
    this.sampled = m < n ? m : 0
    const r = pca(fit, m, dim, count, this.previous, { tick: this.tick })
    this.previous = r.components
    this.explained = r.explained
    const chosen = new Float64Array(this.axes.length * dim)
    this.axes.forEach((c, slot) =>
      chosen.set(r.components.subarray(c * dim, c * dim + dim), slot * dim),
    )
    this.layout = projectOnto(data, n, dim, { ...r, components: chosen }, this.dims, this.tick)
    this.iteration = 1
    return true
  }

  positions(): Float32Array {
    return this.layout
  }

  /** Variance share of the components on the axes, of all top components, and which they are. */
  info(): Record<string, number[] | number> {
    return {
      explainedVariance: this.axes.map((c) => this.explained[c] ?? 0),
      topComponents: this.explained,
      axes: this.axes.map((c) => c + 1),
      ...(this.sampled ? { fitSample: this.sampled } : {}),
    }
  }
}

/** `m` rows of `data` picked at random (seeded, so every snapshot uses the same rows). */
function sampleRows(data: Float32Array, n: number, dim: number, m: number): Float32Array {
  const rows = shuffledIndices(n, mulberry32(1)).subarray(0, m)
  const out = new Float32Array(m * dim)
  rows.forEach((i, r) => out.set(data.subarray(i * dim, i * dim + dim), r * dim))
  return out
}
