import type { Tick } from '../tick'
import { mulberry32 } from '../training/random'
import { symmetricEigen } from './eigen'

/** Directions carried beside the wanted ones (Halko et al.'s oversampling p; 5–10 is usual). */
const OVERSAMPLE = 10
/**
 * Power iterations: each sharpens the subspace towards the top components at the cost of two
 * passes over the data. One is enough for a neighbour search space (Halko et al. §4.5: q = 1–2
 * for slowly decaying spectra); the subspace need not be exact, only hold most of the variance.
 */
const POWER_ITERATIONS = 1

/**
 * The n vectors projected onto (approximately) their top `count` principal components: the
 * dimension reduction most t-SNE tools apply before the neighbour search (openTSNE and
 * scikit-learn users reduce to 50). A randomized range finder with one power iteration (Halko,
 * Martinsson & Tropp 2011, Algorithms 4.3–4.4 and 5.1): four passes over the data, O(n·d·b) each
 * with b = count + 10, through register-tiled kernels, and a b × b eigenproblem. Seeded, so the
 * same vectors give the same result.
 */
export function pcaReduce(
  data: Float32Array,
  n: number,
  dim: number,
  count: number,
  tick?: Tick,
): Float32Array {
  const c = Math.min(count, dim, n)
  const b = Math.min(c + OVERSAMPLE, dim, n)
  const out = new Float32Array(n * c)
  if (c === 0) return out
  const mean = new Float64Array(dim)
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] += data[i * dim + t]
  for (let t = 0; t < dim; t++) mean[t] /= n
  const random = mulberry32(1)
  // Directions as rows of length dim; the range of the centred data, as rows of length n.
  const dirs = new Float64Array(b * dim).map(() => random() - 0.5)
  const range = new Float64Array(b * n)
  for (let q = 0; q <= POWER_ITERATIONS; q++) {
    if (q > 0) {
      transposedTimes(data, n, dim, mean, range, b, dirs, tick)
      orthonormaliseRows(dirs, b, dim, random)
    }
    times(data, n, dim, mean, dirs, b, range, tick)
    orthonormaliseRows(range, b, n, random)
  }
  // B = Yᵀ·X (b × dim, as rows) = Ũ Σ Vᵀ; the scores X·V ≈ Y·B·V = Y·Ũ·Σ. Ũ and Σ² come from
  // the b × b matrix B·Bᵀ.
  transposedTimes(data, n, dim, mean, range, b, dirs, tick)
  const gram = new Float64Array(b * b)
  for (let j = 0; j < b; j++)
    for (let l = j; l < b; l++) {
      let s = 0
      for (let t = 0; t < dim; t++) s += dirs[j * dim + t] * dirs[l * dim + t]
      gram[j * b + l] = s
      gram[l * b + j] = s
    }
  const { values, vectors } = symmetricEigen(gram, b)
  const weight = new Float64Array(c * b)
  for (let k = 0; k < c; k++) {
    const sigma = Math.sqrt(Math.max(values[k], 0))
    for (let j = 0; j < b; j++) weight[k * b + j] = vectors[k * b + j] * sigma
  }
  const y = new Float64Array(b)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < b; j++) y[j] = range[j * n + i]
    for (let k = 0; k < c; k++) {
      let s = 0
      for (let j = 0; j < b; j++) s += y[j] * weight[k * b + j]
      out[i * c + k] = s
    }
  }
  return out
}

/**
 * out[j·n + i] = (x_i − mean) · dirs_j for the b rows of `dirs`: rows of the data against
 * directions, 2 rows × 4 directions at a time (6 loads per 8 multiply-adds).
 */
function times(
  data: Float32Array,
  n: number,
  dim: number,
  mean: Float64Array,
  dirs: Float64Array,
  b: number,
  out: Float64Array,
  tick?: Tick,
): void {
  const shift = new Float64Array(b)
  for (let j = 0; j < b; j++) {
    let s = 0
    for (let t = 0; t < dim; t++) s += mean[t] * dirs[j * dim + t]
    shift[j] = s
  }
  for (let i = 0; i < n; i += 2) {
    if ((i & 127) === 0) tick?.()
    // An odd last row is computed twice (as both rows of the tile) and written once.
    const i1 = Math.min(i + 1, n - 1)
    const x0 = i * dim
    const x1 = i1 * dim
    let j = 0
    for (; j + 3 < b; j += 4) {
      const a0 = j * dim
      const a1 = a0 + dim
      const a2 = a1 + dim
      const a3 = a2 + dim
      let s00 = 0
      let s01 = 0
      let s02 = 0
      let s03 = 0
      let s10 = 0
      let s11 = 0
      let s12 = 0
      let s13 = 0
      for (let t = 0; t < dim; t++) {
        const u = data[x0 + t]
        const v = data[x1 + t]
        const d0 = dirs[a0 + t]
        const d1 = dirs[a1 + t]
        const d2 = dirs[a2 + t]
        const d3 = dirs[a3 + t]
        s00 += u * d0
        s01 += u * d1
        s02 += u * d2
        s03 += u * d3
        s10 += v * d0
        s11 += v * d1
        s12 += v * d2
        s13 += v * d3
      }
      out[j * n + i] = s00 - shift[j]
      out[(j + 1) * n + i] = s01 - shift[j + 1]
      out[(j + 2) * n + i] = s02 - shift[j + 2]
      out[(j + 3) * n + i] = s03 - shift[j + 3]
      out[j * n + i1] = s10 - shift[j]
      out[(j + 1) * n + i1] = s11 - shift[j + 1]
      out[(j + 2) * n + i1] = s12 - shift[j + 2]
      out[(j + 3) * n + i1] = s13 - shift[j + 3]
    }
    for (; j < b; j++) {
      let s0 = 0
      let s1 = 0
      for (let t = 0; t < dim; t++) {
        s0 += data[x0 + t] * dirs[j * dim + t]
        s1 += data[x1 + t] * dirs[j * dim + t]
      }
      out[j * n + i] = s0 - shift[j]
      out[j * n + i1] = s1 - shift[j]
    }
  }
}

/**
 * out[j·dim + t] = Σ_i cols[j·n + i] · (x_it − mean_t): the centred data's transpose times the
 * b columns held as rows of length n. Four data rows against two columns at a time, so each
 * pass over an output row pair serves eight multiply-adds per two loads and two stores.
 */
function transposedTimes(
  data: Float32Array,
  n: number,
  dim: number,
  mean: Float64Array,
  cols: Float64Array,
  b: number,
  out: Float64Array,
  tick?: Tick,
): void {
  out.fill(0, 0, b * dim)
  let i = 0
  for (; i + 3 < n; i += 4) {
    if ((i & 127) === 0) tick?.()
    const x0 = i * dim
    const x1 = x0 + dim
    const x2 = x1 + dim
    const x3 = x2 + dim
    let j = 0
    for (; j + 1 < b; j += 2) {
      const c = j * n + i
      const a0 = cols[c]
      const a1 = cols[c + 1]
      const a2 = cols[c + 2]
      const a3 = cols[c + 3]
      const b0 = cols[c + n]
      const b1 = cols[c + n + 1]
      const b2 = cols[c + n + 2]
      const b3 = cols[c + n + 3]
      const o = j * dim
      const p = o + dim
      for (let t = 0; t < dim; t++) {
        const u0 = data[x0 + t]
        const u1 = data[x1 + t]
        const u2 = data[x2 + t]
        const u3 = data[x3 + t]
        out[o + t] += a0 * u0 + a1 * u1 + a2 * u2 + a3 * u3
        out[p + t] += b0 * u0 + b1 * u1 + b2 * u2 + b3 * u3
      }
    }
    if (j < b) {
      const c = j * n + i
      const o = j * dim
      for (let t = 0; t < dim; t++)
        out[o + t] +=
          cols[c] * data[x0 + t] +
          cols[c + 1] * data[x1 + t] +
          cols[c + 2] * data[x2 + t] +
          cols[c + 3] * data[x3 + t]
    }
  }
  for (; i < n; i++)
    for (let j = 0; j < b; j++) {
      const c0 = cols[j * n + i]
      for (let t = 0; t < dim; t++) out[j * dim + t] += c0 * data[i * dim + t]
    }
  for (let j = 0; j < b; j++) {
    let s = 0
    for (let i = 0; i < n; i++) s += cols[j * n + i]
    for (let t = 0; t < dim; t++) out[j * dim + t] -= s * mean[t]
  }
}

/** Modified Gram–Schmidt, twice, on b rows of length len, in place; a dependent row is redrawn. */
function orthonormaliseRows(a: Float64Array, b: number, len: number, random: () => number): void {
  for (let j = 0; j < b; j++) {
    const o = j * len
    for (let attempt = 0; attempt < 3; attempt++) {
      let before = 0
      for (let t = 0; t < len; t++) before += a[o + t] ** 2
      for (let pass = 0; pass < 2; pass++)
        for (let p = 0; p < j; p++) {
          let s = 0
          for (let t = 0; t < len; t++) s += a[p * len + t] * a[o + t]
          for (let t = 0; t < len; t++) a[o + t] -= s * a[p * len + t]
        }
      let norm = 0
      for (let t = 0; t < len; t++) norm += a[o + t] ** 2
      norm = Math.sqrt(norm)
      // Less than 1e-10 of the row is left: it lay in the span of the earlier rows.
      if (norm > 1e-10 * Math.sqrt(before)) {
        for (let t = 0; t < len; t++) a[o + t] /= norm
        break
      }
      for (let t = 0; t < len; t++) a[o + t] = random() - 0.5
    }
  }
}
