import type { Tick } from '../tick'
import { mulberry32 } from '../training/random'
import { symmetricEigen } from './eigen'

/**
 * Top eigenpairs of the covariance of n row-major vectors by block subspace iteration with
 * Rayleigh–Ritz (Halko, Martinsson & Tropp 2011, §4.5; Saad, "Numerical methods for large
 * eigenvalue problems" ch. 5), never forming the d × d covariance: each iteration is one pass
 * over the data, O(n·d·b) with b = count + oversampling, and a b × b eigenproblem.
 *
 * A warm start (the previous components, e.g. of the last training snapshot) converges in one
 * or two passes when the data moved a little; a cold start from a seeded random block in a few
 * more. Iteration stops when every wanted Ritz pair's residual ‖C·q − λ·q‖ is below
 * `tolerance` × λ₁, when the Ritz values settle, or after `maxIterations` passes.
 */
export interface SubspaceOptions {
  /** Extra directions carried beside the wanted ones: they widen the spectral gap that sets the
   * convergence rate (embeddings often have a dozen or more similar top variances). Default 20,
   * 0–64. */
  oversample?: number
  /**
   * Largest number of passes over the data. Default: as many as `SUBSPACE_WORK` multiply-adds
   * allow (a pass costs 2·n·d·b), never fewer than 6 nor more than 40. Structured data settles
   * in a few passes; a flat spectrum (noise, where every direction holds about as much variance)
   * never settles, and would otherwise take 40 passes (~30 s at 10,000 × 1,536 here) for a
   * picture that barely changes after the first few.
   */
  maxIterations?: number
  /** Relative residual at which a Ritz pair counts as converged. Default 1e-5, 1e-12–1e-2. */
  tolerance?: number
  /**
   * Iteration also stops when no wanted Ritz value changed by more than this share between two
   * passes: the subspace then holds (nearly) as much variance as the true top components, which
   * is what a picture needs, even where close eigenvalues make single components converge
   * slowly. Default 1e-6; 0 turns it off.
   */
  valueTolerance?: number
  /** Starting directions (rows of length d), e.g. the previous components. */
  start?: Float64Array | null
  /** Seed of the random starting directions. Default 1. */
  seed?: number
  /** Called every few ms of a pass (see `Tick`), so a busy worker can say it is alive. */
  tick?: Tick
}

/** Multiply-adds the default pass limit allows one decomposition: about 3–5 s on one core. */
export const SUBSPACE_WORK = 4e9

/** The default pass limit for n × d data and a block of b directions (see `maxIterations`). */
export function defaultPasses(n: number, d: number, b: number): number {
  return Math.max(6, Math.min(40, Math.floor(SUBSPACE_WORK / (2 * n * d * b))))
}

export interface SubspaceResult {
  /** Ritz values (covariance eigenvalue estimates), descending, `count` of them. */
  values: Float64Array
  /** Matching unit vectors as rows of length d. */
  vectors: Float64Array
  /** Trace of the covariance: the total variance. */
  total: number
  /** Passes over the data taken. */
  iterations: number
  /** Largest relative residual of the wanted pairs at the end. */
  residual: number
}

/** Modified Gram–Schmidt, twice, on the b columns of a d × b row-major block, in place. */
function orthonormalise(q: Float64Array, d: number, b: number, random: () => number): void {
  for (let j = 0; j < b; j++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let pass = 0; pass < 2; pass++)
        for (let p = 0; p < j; p++) {
          let s = 0
          for (let t = 0; t < d; t++) s += q[t * b + p] * q[t * b + j]
          for (let t = 0; t < d; t++) q[t * b + j] -= s * q[t * b + p]
        }
      let norm = 0
      for (let t = 0; t < d; t++) norm += q[t * b + j] ** 2
      norm = Math.sqrt(norm)
      if (norm > 1e-10) {
        for (let t = 0; t < d; t++) q[t * b + j] /= norm
        break
      }
      // A column in the span of the earlier ones: replace it with a random direction.
      for (let t = 0; t < d; t++) q[t * b + j] = random() - 0.5
    }
  }
}

export function subspaceEigen(
  data: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  count: number,
  opts: SubspaceOptions = {},
): SubspaceResult {
  const b = Math.min(d, count + (opts.oversample ?? 20))
  const maxIterations = opts.maxIterations ?? defaultPasses(n, d, b)
  const tolerance = opts.tolerance ?? 1e-5
  const valueTolerance = opts.valueTolerance ?? 1e-6
  const random = mulberry32(opts.seed ?? 1)
  const tick = opts.tick
  const scale = 1 / Math.max(n - 1, 1)
  // Q: d × b, row-major (row t holds coordinate t of every column).
  let q = new Float64Array(d * b)
  for (let i = 0; i < q.length; i++) q[i] = random() - 0.5
  const start = opts.start
  if (start && start.length % d === 0)
    for (let j = 0; j < Math.min(b, start.length / d); j++)
      for (let t = 0; t < d; t++) q[t * b + j] = start[j * d + t]
  orthonormalise(q, d, b, random)

  let total = 0
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) total += (data[i * d + t] - mean[t]) ** 2
  total *= scale

  const w = new Float64Array(d * b)
  const z = new Float64Array(b)
  const x = new Float64Array(d)
  let values: Float64Array = new Float64Array(b)
  let residual = Infinity
  let iterations = 0
  while (iterations < maxIterations) {
    iterations++
    // W = C·Q in one pass: per row, z = Qᵀx (centred), then W += x·zᵀ.
    w.fill(0)
    for (let i = 0; i < n; i++) {
      if ((i & 255) === 0) tick?.()
      const o = i * d
      z.fill(0)
      for (let t = 0; t < d; t++) {
        const v = data[o + t] - mean[t]
        x[t] = v
        const r = t * b
        for (let j = 0; j < b; j++) z[j] += v * q[r + j]
      }
      for (let t = 0; t < d; t++) {
        const v = x[t]
        if (v === 0) continue
        const r = t * b
        for (let j = 0; j < b; j++) w[r + j] += v * z[j]
      }
    }
    for (let e = 0; e < w.length; e++) w[e] *= scale
    // Rayleigh–Ritz: B = QᵀCQ, B = U Λ Uᵀ; Ritz vectors Q·U with C·(Q·U) = W·U.
    const B = new Float64Array(b * b)
    for (let j = 0; j < b; j++)
      for (let l = j; l < b; l++) {
        let s = 0
        for (let t = 0; t < d; t++) s += q[t * b + j] * w[t * b + l]
        B[j * b + l] = s
        B[l * b + j] = s
      }
    const eig = symmetricEigen(B, b)
    let change = 0
    for (let c = 0; c < Math.min(count, b); c++)
      change = Math.max(
        change,
        Math.abs(eig.values[c] - values[c]) / Math.max(eig.values[c], 1e-300),
      )
    values = eig.values
    const ritz = new Float64Array(d * b)
    const cRitz = new Float64Array(d * b)
    for (let t = 0; t < d; t++)
      for (let c = 0; c < b; c++) {
        let s = 0
        let s2 = 0
        for (let j = 0; j < b; j++) {
          const u = eig.vectors[c * b + j]
          s += q[t * b + j] * u
          s2 += w[t * b + j] * u
        }
        ritz[t * b + c] = s
        cRitz[t * b + c] = s2
      }
    const top = Math.max(Math.abs(values[0]), 1e-300)
    residual = 0
    for (let c = 0; c < Math.min(count, b); c++) {
      let r = 0
      for (let t = 0; t < d; t++) r += (cRitz[t * b + c] - values[c] * ritz[t * b + c]) ** 2
      residual = Math.max(residual, Math.sqrt(r) / top)
    }
    const settled = iterations > 1 && change <= valueTolerance
    if (residual <= tolerance || settled || iterations === maxIterations) {
      q = ritz
      break
    }
    // Next block: C times the Ritz vectors, orthonormalised (one power step).
    q = cRitz
    orthonormalise(q, d, b, random)
  }
  const vectors = new Float64Array(count * d)
  for (let c = 0; c < Math.min(count, b); c++)
    for (let t = 0; t < d; t++) vectors[c * d + t] = q[t * b + c]
  return { values: values.slice(0, count), vectors, total, iterations, residual }
}
