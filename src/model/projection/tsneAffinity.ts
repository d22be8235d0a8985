import type { Tick } from '../tick'
import type { KnnGraph } from './knn'

/**
 * Symmetric t-SNE input affinities P in compressed-row form: row i's entries are
 * cols/vals[rowPtr[i] … rowPtr[i+1]−1], columns ascending. Every (i, j) entry has a matching
 * (j, i) one and all entries sum to 1. Built from a kNN graph, so the size is O(n·k), never n×n.
 */
export interface SparseAffinities {
  n: number
  rowPtr: Int32Array
  cols: Int32Array
  vals: Float64Array
}

/** Entropy tolerance of the per-point bandwidth search, in nats. */
const ENTROPY_TOLERANCE = 1e-6
const MAX_SEARCH_STEPS = 200

/**
 * The perplexity n points can support: at most (n − 1)/3, so that the k = 3·perplexity
 * neighbours exist (openTSNE lowers it the same way), and at least 1 (one neighbour).
 */
export function effectivePerplexity(perplexity: number, n: number): number {
  return Math.max(1, Math.min(perplexity, (n - 1) / 3))
}

/** Neighbours per point for a perplexity: k = min(n − 1, ⌊3·perplexity⌋). */
export function neighboursFor(perplexity: number, n: number): number {
  return Math.max(0, Math.min(n - 1, Math.floor(3 * perplexity)))
}

/**
 * Conditional affinities p_{j|i} ∝ exp(−β_i d_ij²) over each point's kNN row, with β_i found by
 * bisection so that the row's entropy is log(perplexity) (natural log). Returns n·k values in the
 * graph's layout (each row sums to 1) and the β per point.
 */
export function conditionalAffinities(
  graph: KnnGraph,
  perplexity: number,
  tick?: Tick,
): { p: Float64Array; beta: Float64Array } {
  const { n, k, distances } = graph
  const p = new Float64Array(n * k)
  const beta = new Float64Array(n)
  const target = Math.log(perplexity)
  const d2 = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    if ((i & 63) === 0) tick?.()
    if (k === 0) continue
    const row = i * k
    // Distances relative to the nearest neighbour: the same entropy, and exp never underflows.
    const nearest = distances[row] * distances[row]
    let mean = 0
    for (let j = 0; j < k; j++) {
      d2[j] = distances[row + j] * distances[row + j] - nearest
      mean += d2[j]
    }
    mean /= k
    // Start at the scale of the distances, so the search is the same for any units.
    let b = mean > 0 ? 1 / mean : 1
    let lo = 0
    let hi = Infinity
    for (let step = 0; step < MAX_SEARCH_STEPS; step++) {
      let sum = 0
      let weighted = 0
      for (let j = 0; j < k; j++) {
        const e = Math.exp(-b * d2[j])
        p[row + j] = e
        sum += e
        weighted += e * d2[j]
      }
      const entropy = Math.log(sum) + (b * weighted) / sum
      for (let j = 0; j < k; j++) p[row + j] /= sum
      const err = entropy - target
      if (Math.abs(err) < ENTROPY_TOLERANCE) break
      // Entropy falls as β grows: too spread out → sharpen (raise β), else widen.
      if (err > 0) {
        lo = b
        b = hi === Infinity ? b * 2 : (b + hi) / 2
      } else {
        hi = b
        b = (lo + b) / 2
      }
    }
    beta[i] = b
  }
  return { p, beta }
}

/**
 * Symmetrised joint affinities P_ij = (p_{j|i} + p_{i|j}) / 2n over the union of the kNN edges
 * in both directions. Rows are built by counting, then duplicate edges (i and j in each other's
 * lists) are merged with a marker array and each row's columns are sorted, so the cost is
 * O(n·k·log k).
 */
export function symmetrise(graph: KnnGraph, p: Float64Array): SparseAffinities {
  const { n, k, indices } = graph
  const start = new Int32Array(n + 1)
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++) {
      start[i + 1]++
      start[indices[i * k + t] + 1]++
    }
  for (let i = 0; i < n; i++) start[i + 1] += start[i]
  const fill = start.slice(0, n)
  const cols = new Int32Array(start[n])
  const vals = new Float64Array(start[n])
  const scale = 1 / (2 * n)
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t]
      const v = p[i * k + t] * scale
      cols[fill[i]] = j
      vals[fill[i]++] = v
      cols[fill[j]] = i
      vals[fill[j]++] = v
    }
  // Merge duplicates in place; `slot[j]` is where column j went in the current row. Then sort
  // the row's columns (native numeric sort) and look each one's value up in `merged`.
  const slot = new Int32Array(n).fill(-1)
  const merged = new Float64Array(n)
  const rowPtr = new Int32Array(n + 1)
  let out = 0
  for (let i = 0; i < n; i++) {
    const rowStart = out
    for (let e = start[i]; e < start[i + 1]; e++) {
      const j = cols[e]
      if (slot[j] >= rowStart) merged[j] += vals[e]
      else {
        slot[j] = out
        cols[out++] = j
        merged[j] = vals[e]
      }
    }
    cols.subarray(rowStart, out).sort()
    for (let e = rowStart; e < out; e++) vals[e] = merged[cols[e]]
    rowPtr[i + 1] = out
  }
  return { n, rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) }
}
