import { describe, expect, it } from 'vitest'
import {
  EXACT_PCA_MAX_DIM,
  PCA_FIT_NUMBERS,
  PcaProjector,
  pca,
  pcaFitRows,
} from '../../src/model/projection/pca'
import { defaultPasses, subspaceEigen } from '../../src/model/projection/subspace'
import { mulberry32 } from '../../src/model/training/random'

/**
 * n points in d dimensions: a random rotation of independent gaussians with the given standard
 * deviations per axis, so the covariance has distinct eigenvalues near stds² in random directions.
 */
function rotatedCloud(n: number, stds: number[], seed: number): Float32Array {
  const d = stds.length
  const random = mulberry32(seed)
  const g = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  // A random orthonormal basis by Gram–Schmidt on gaussian rows.
  const basis: Float64Array[] = []
  for (let r = 0; r < d; r++) {
    const v = Float64Array.from({ length: d }, g)
    for (const b of basis) {
      let s = 0
      for (let t = 0; t < d; t++) s += v[t] * b[t]
      for (let t = 0; t < d; t++) v[t] -= s * b[t]
    }
    let norm = 0
    for (let t = 0; t < d; t++) norm += v[t] ** 2
    for (let t = 0; t < d; t++) v[t] /= Math.sqrt(norm)
    basis.push(v)
  }
  const out = new Float32Array(n * d)
  for (let i = 0; i < n; i++)
    for (let r = 0; r < d; r++) {
      const a = stds[r] * g() + (r === 0 ? 3 : 0) // a mean off the origin: centring matters
      for (let t = 0; t < d; t++) out[i * d + t] += a * basis[r][t]
    }
  return out
}

/** Cosines of the principal angles between two k-dimensional subspaces (orthonormal rows). */
function principalCosines(a: Float64Array, b: Float64Array, k: number, d: number): number[] {
  // Singular values of the k × k matrix A·Bᵀ: square roots of the eigenvalues of (ABᵀ)(ABᵀ)ᵀ.
  const m = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0
      for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t]
      return s
    }),
  )
  // Eigenvalues of the Gram matrix G = (ABᵀ)(ABᵀ)ᵀ by a small Jacobi of the test's own.
  const g = new Float64Array(k * k)
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let l = 0; l < k; l++) s += m[i][l] * m[j][l]
      g[i * k + j] = s
    }
  return jacobiValues(g, k).map((v) => Math.sqrt(Math.max(v, 0)))
}

function jacobiValues(g: Float64Array, k: number): number[] {
  const a = Float64Array.from(g)
  for (let sweep = 0; sweep < 50; sweep++)
    for (let p = 0; p < k; p++)
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]
        if (Math.abs(apq) < 1e-300) continue
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let r = 0; r < k; r++) {
          const [x, y] = [a[r * k + p], a[r * k + q]]
          a[r * k + p] = c * x - s * y
          a[r * k + q] = s * x + c * y
        }
        for (let r = 0; r < k; r++) {
          const [x, y] = [a[p * k + r], a[q * k + r]]
          a[p * k + r] = c * x - s * y
          a[q * k + r] = s * x + c * y
        }
      }
  return Array.from({ length: k }, (_, i) => a[i * k + i])
}

const spectrum = (d: number) =>
  Array.from({ length: d }, (_, i) => (i < 6 ? 8 - i : 1.5 * 0.97 ** i))

describe('PCA by subspace iteration', () => {
  it.each([12, 40])('matches the exact eigen path at d = %i (principal angles, variances)', (d) => {
    const n = 600
    const data = rotatedCloud(n, spectrum(d), d)
    const exact = pca(data, n, d, 3, null, { solver: 'exact' })
    const fast = pca(data, n, d, 3, null, { solver: 'subspace', tolerance: 1e-9 })
    for (const c of principalCosines(exact.components, fast.components, 3, d))
      expect(c).toBeGreaterThan(1 - 1e-9)
    // Each component on its own, with the same sign (both use the canonical sign rule).
    for (let c = 0; c < 3; c++) {
      let s = 0
      for (let t = 0; t < d; t++) s += exact.components[c * d + t] * fast.components[c * d + t]
      expect(s).toBeGreaterThan(1 - 1e-9)
      expect(fast.explained[c]).toBeCloseTo(exact.explained[c], 8)
    }
    for (let t = 0; t < d; t++) expect(fast.mean[t]).toBeCloseTo(exact.mean[t], 10)
  })

  it('uses subspace iteration above EXACT_PCA_MAX_DIM and agrees with the exact path', () => {
    const d = EXACT_PCA_MAX_DIM + 36
    const n = 400
    const data = rotatedCloud(n, spectrum(d), 7)
    const exact = pca(data, n, d, 3, null, { solver: 'exact' })
    const auto = pca(data, n, d, 3)
    for (const c of principalCosines(exact.components, auto.components, 3, d))
      expect(c).toBeGreaterThan(1 - 1e-6)
  })

  it('converges in one or two passes when warm-started from the previous components', () => {
    const d = 120
    const n = 800
    const data = rotatedCloud(n, spectrum(d), 3)
    const mean = new Float64Array(d)
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t] / n
    const cold = subspaceEigen(data, n, d, mean, 3, { tolerance: 1e-6, valueTolerance: 0 })
    expect(cold.residual).toBeLessThanOrEqual(1e-6)
    // A slightly moved cloud (a training step): every value nudged by 1%.
    const moved = data.map((v, i) => v * (1 + 0.01 * Math.sin(i)))
    const mean2 = new Float64Array(d)
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean2[t] += moved[i * d + t] / n
    const coldAgain = subspaceEigen(moved, n, d, mean2, 3, { tolerance: 1e-6, valueTolerance: 0 })
    const warm = subspaceEigen(moved, n, d, mean2, 3, {
      tolerance: 1e-6,
      valueTolerance: 0,
      start: cold.vectors,
    })
    expect(warm.residual).toBeLessThanOrEqual(1e-6)
    expect(warm.iterations).toBeLessThan(coldAgain.iterations)
    for (let c = 0; c < 3; c++) expect(warm.values[c]).toBeCloseTo(coldAgain.values[c], 6)
  })

  it('stops early on a cluster of close top variances, keeping as much variance as exact PCA', () => {
    // Twelve nearly equal top variances (as 20 clusters in 768 dims give): single components
    // converge slowly, but the variance the top three hold settles in a few passes.
    const d = 90
    const n = 500
    const stds = Array.from({ length: d }, (_, i) => (i < 12 ? 6 - 0.01 * i : 1))
    const data = rotatedCloud(n, stds, 4)
    const mean = new Float64Array(d)
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t] / n
    const r = subspaceEigen(data, n, d, mean, 3)
    expect(r.iterations).toBeLessThanOrEqual(15)
    const exact = pca(data, n, d, 3, null, { solver: 'exact' })
    const fast = pca(data, n, d, 3)
    const held = (e: number[]) => e.reduce((a, b) => a + b)
    expect(held(fast.explained)).toBeGreaterThan(held(exact.explained) * (1 - 1e-4))
  })

  it('limits the passes by the work, so noise with a flat spectrum gets a picture in seconds', () => {
    // At the sizes users bring (PCA fits ≤ 15M numbers; b = 3 + 20 directions).
    expect(defaultPasses(9_766, 1_536, 23)).toBe(6)
    expect(defaultPasses(10_000, 768, 23)).toBe(11)
    expect(defaultPasses(500, 90, 23)).toBe(40)
    // Pure noise: every direction holds about the same variance, so the values never settle and
    // iteration runs long (34 passes here); six passes hold nearly what 200 passes find.
    const d = 200
    const n = 2000
    const data = rotatedCloud(n, new Array<number>(d).fill(1), 8)
    const mean = new Float64Array(d)
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t] / n
    const held = (r: { values: Float64Array }) => r.values.reduce((a, b) => a + b)
    const long = subspaceEigen(data, n, d, mean, 3, { maxIterations: 200 })
    expect(subspaceEigen(data, n, d, mean, 3).iterations).toBeGreaterThan(20)
    const short = subspaceEigen(data, n, d, mean, 3, { maxIterations: 6 })
    expect(short.iterations).toBe(6)
    expect(held(short)).toBeGreaterThan(held(long) * 0.95) // a random block holds ~60%
  })

  it('handles zero variance and fewer points than dimensions without NaN', () => {
    const d = 100
    const flat = new Float32Array(5 * d).fill(2)
    const r = pca(flat, 5, d, 3)
    expect(r.components.every(Number.isFinite)).toBe(true)
    expect(r.explained).toEqual([0, 0, 0])
    const few = rotatedCloud(4, spectrum(d), 2)
    const s = pca(few, 4, d, 3)
    expect(s.components.every(Number.isFinite)).toBe(true)
    expect(s.explained.reduce((a, b) => a + b)).toBeCloseTo(1, 6) // 4 points span 3 directions
  })
})

describe('PCA on many long vectors fits a sample of rows', () => {
  it('fits on at most PCA_FIT_NUMBERS numbers (never under 5,000 points) and projects every point', () => {
    expect(pcaFitRows(10_000, 768)).toBe(10_000)
    expect(pcaFitRows(50_000, 1536)).toBe(Math.floor(PCA_FIT_NUMBERS / 1536))
    expect(pcaFitRows(100_000, 4096)).toBe(5_000)
    expect(pcaFitRows(200_000, 16)).toBe(100_000)
  })

  it('finds a planted direction from the sample as well as from every row', () => {
    // 6,000 points in 2,600 dimensions (15.6M numbers): three planted directions of large
    // variance over small noise; the sample is 5,769 rows.
    const n = 6000
    const d = 2600
    const random = mulberry32(5)
    const g = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    const data = new Float32Array(n * d)
    const planted = Float64Array.from({ length: n }, g)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++)
        data[i * d + j] = 0.05 * g() + (j < 3 ? [8, 5, 3][j] * (j === 0 ? planted[i] : g()) : 0)
    const p = new PcaProjector(3)
    p.update(data, n, d)
    p.step()
    expect(p.info().fitSample).toBe(pcaFitRows(n, d))
    expect(pcaFitRows(n, d)).toBeLessThan(n)
    const x = p.positions()
    expect(x).toHaveLength(n * 3)
    // The first axis is the planted coordinate of every point (sampled or not), up to sign and scale.
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let i = 0; i < n; i++) {
      sxy += x[i * 3] * planted[i]
      sxx += x[i * 3] ** 2
      syy += planted[i] ** 2
    }
    expect(Math.abs(sxy) / Math.sqrt(sxx * syy)).toBeGreaterThan(0.999)
  })
})
