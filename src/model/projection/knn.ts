import type { Metric } from '../neighbours'
import type { Tick } from '../tick'

/** The k nearest neighbours of every point, row by row: point i's neighbours are at i·k … i·k+k−1. */
export interface KnnGraph {
  n: number
  k: number
  /** Neighbour indices, nearest first, the point itself excluded. */
  indices: Int32Array
  /** Matching distances: 1 − cosine similarity, or euclidean distance. */
  distances: Float32Array
}

/** Rows per block: a block pair's vectors stay in cache (256 × 64 dims × 8 B = 128 KB). */
const BLOCK = 256
/** Register tile: 2 rows × 4 columns = 8 running dot products, few enough to stay in registers. */
const TI = 2
const TJ = 4

/**
 * Exact k-nearest-neighbour graph by blocked brute force over row-major vectors (n·dim).
 * Cosine compares unit-normalised vectors (a zero vector is at distance 1 from all); euclidean
 * uses |a|² + |b|² − 2a·b. Ties are broken by the lower index, so the result is deterministic.
 *
 * Speed: each pair is computed once and offered to both rows (d(i,j) = d(j,i)); dot products
 * come from a 2×4 register tile (6 loads per 8 multiply-adds instead of 2 per 1); a candidate
 * is compared with the row's current k-th distance before the rare sorted insertion. Every dot
 * product sums the same float64 products in the same order as a plain loop, so the result is
 * bit-identical to the straightforward algorithm. Inputs must be finite. `tick` is called once per
 * block pair (256 × 256 pairs: tens of ms at 768 dimensions), so a worker can say it is alive.
 */
/**
 * Vectors as every kNN search here compares them, so their distances agree bit for bit:
 * float32-rounded values stored as doubles (loads need no conversion, products are exact), unit
 * rows for cosine (a zero row stays zero), and each row's |x|² for euclidean. `rows` ≥ n pads
 * with zero rows (whole tiles for `knnGraph`).
 */
export interface PreparedRows {
  x: Float64Array
  sq: Float64Array
  dim: number
  cosine: boolean
}

export function prepareRows(
  data: Float32Array,
  n: number,
  dim: number,
  metric: Metric,
  rows = n,
): PreparedRows {
  const cosine = metric === 'cosine'
  const x = new Float64Array(rows * dim)
  const sq = new Float64Array(rows)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < dim; j++) s += data[i * dim + j] ** 2
    const scale = cosine ? (s > 0 ? 1 / Math.sqrt(s) : 0) : 1
    for (let j = 0; j < dim; j++) x[i * dim + j] = Math.fround(data[i * dim + j] * scale)
    sq[i] = s
  }
  return { x, sq, dim, cosine }
}

export function knnGraph(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric = 'euclidean',
  tick?: Tick,
): KnnGraph {
  const kk = Math.max(0, Math.min(k, n - 1))
  const indices = new Int32Array(n * kk).fill(-1)
  const dists = new Float64Array(n * kk).fill(Infinity)
  if (kk === 0) return { n, k: 0, indices, distances: new Float32Array(0) }
  const cosine = metric === 'cosine'
  // Float64 storage of float32-rounded values: loads need no conversion and products are exact
  // doubles. Rows are padded with zeros to whole tiles; padded pairs are skipped below.
  const nPad = Math.ceil(n / TJ) * TJ
  const { x, sq } = prepareRows(data, n, dim, metric, nPad)
  // The k-th (worst kept) distance and index of each row: the threshold a candidate must beat.
  const worst = new Float64Array(n).fill(Infinity)
  const worstIdx = new Int32Array(n).fill(-1)

  const insert = (i: number, d: number, j: number) => {
    const row = i * kk
    let p = kk - 1
    while (
      p > 0 &&
      (dists[row + p - 1] > d || (dists[row + p - 1] === d && indices[row + p - 1] > j))
    ) {
      dists[row + p] = dists[row + p - 1]
      indices[row + p] = indices[row + p - 1]
      p--
    }
    dists[row + p] = d
    indices[row + p] = j
    worst[i] = dists[row + kk - 1]
    worstIdx[i] = indices[row + kk - 1]
  }
  // A zero vector under cosine has x = 0, so its dot is 0 and its distance exactly 1.
  const pair = (i: number, j: number, dot: number) => {
    if (j <= i || j >= n) return
    const d = cosine ? 1 - dot : Math.sqrt(Math.max(0, sq[i] + sq[j] - 2 * dot))
    if (d < worst[i] || (d === worst[i] && j < worstIdx[i])) insert(i, d, j)
    if (d < worst[j] || (d === worst[j] && i < worstIdx[j])) insert(j, d, i)
  }

  for (let i0 = 0; i0 < nPad; i0 += BLOCK) {
    const i1 = Math.min(nPad, i0 + BLOCK)
    // Only blocks on or right of the diagonal: the pair (i, j) with i < j serves both rows.
    for (let j0 = i0; j0 < nPad; j0 += BLOCK) {
      const j1 = Math.min(nPad, j0 + BLOCK)
      tick?.()
      for (let i = i0; i < i1; i += TI) {
        const a0 = i * dim
        const a1 = a0 + dim
        const jStart = j0 === i0 ? i - (i % TJ) : j0
        for (let j = jStart; j < j1; j += TJ) {
          const b0 = j * dim
          const b1 = b0 + dim
          const b2 = b1 + dim
          const b3 = b2 + dim
          let s00 = 0
          let s01 = 0
          let s02 = 0
          let s03 = 0
          let s10 = 0
          let s11 = 0
          let s12 = 0
          let s13 = 0
          for (let t = 0; t < dim; t++) {
            const p0 = x[a0 + t]
            const p1 = x[a1 + t]
            const q0 = x[b0 + t]
            const q1 = x[b1 + t]
            const q2 = x[b2 + t]
            const q3 = x[b3 + t]
            s00 += p0 * q0
            s01 += p0 * q1
            s02 += p0 * q2
            s03 += p0 * q3
            s10 += p1 * q0
            s11 += p1 * q1
            s12 += p1 * q2
            s13 += p1 * q3
          }
          if (i < n) {
            pair(i, j, s00)
            pair(i, j + 1, s01)
            pair(i, j + 2, s02)
            pair(i, j + 3, s03)
          }
          if (i + 1 < n) {
            pair(i + 1, j, s10)
            pair(i + 1, j + 1, s11)
            pair(i + 1, j + 2, s12)
            pair(i + 1, j + 3, s13)
          }
        }
      }
    }
  }
  return { n, k: kk, indices, distances: Float32Array.from(dists) }
}
