import type { Metric } from '../neighbours'

/** The k nearest neighbours of every point, row by row: point i's neighbours are at i·k … i·k+k−1. */
export interface KnnGraph {
  n: number
  k: number
  /** Neighbour indices, nearest first, the point itself excluded. */
  indices: Int32Array
  /** Matching distances: 1 − cosine similarity, or euclidean distance. */
  distances: Float32Array
}

/** Rows per block: the block of dot products stays in cache instead of an n×n buffer. */
const BLOCK = 256

/**
 * Exact k-nearest-neighbour graph by blocked brute force over row-major vectors (n·dim).
 * Cosine compares unit-normalised vectors (a zero vector is at distance 1 from all); euclidean
 * uses |a|² + |b|² − 2a·b. Ties are broken by the lower index, so the result is deterministic.
 */
export function knnGraph(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric = 'euclidean',
): KnnGraph {
  const kk = Math.max(0, Math.min(k, n - 1))
  const x = new Float32Array(n * dim)
  const sq = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < dim; j++) s += data[i * dim + j] ** 2
    const scale = metric === 'cosine' ? (s > 0 ? 1 / Math.sqrt(s) : 0) : 1
    for (let j = 0; j < dim; j++) x[i * dim + j] = data[i * dim + j] * scale
    sq[i] = metric === 'cosine' ? (s > 0 ? 1 : 0) : s
  }
  const indices = new Int32Array(n * kk).fill(-1)
  const dists = new Float64Array(n * kk).fill(Infinity)
  const dots = new Float64Array(BLOCK * BLOCK)
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK)
    for (let j0 = 0; j0 < n; j0 += BLOCK) {
      const j1 = Math.min(n, j0 + BLOCK)
      for (let i = i0; i < i1; i++) {
        const oi = i * dim
        for (let j = j0; j < j1; j++) {
          const oj = j * dim
          let d = 0
          for (let t = 0; t < dim; t++) d += x[oi + t] * x[oj + t]
          dots[(i - i0) * BLOCK + (j - j0)] = d
        }
      }
      for (let i = i0; i < i1; i++) {
        const row = i * kk
        for (let j = j0; j < j1; j++) {
          if (j === i) continue
          const dot = dots[(i - i0) * BLOCK + (j - j0)]
          const d =
            metric === 'cosine'
              ? sq[i] > 0 && sq[j] > 0
                ? 1 - dot
                : 1
              : Math.sqrt(Math.max(0, sq[i] + sq[j] - 2 * dot))
          if (
            kk === 0 ||
            d > dists[row + kk - 1] ||
            (d === dists[row + kk - 1] && j > indices[row + kk - 1])
          )
            continue
          // Insertion into the sorted row (k is small: 15–100).
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
        }
      }
    }
  }
  return { n, k: kk, indices, distances: Float32Array.from(dists) }
}
