import type { Metric } from '../neighbours'
import type { Tick } from '../tick'
import { type KnnGraph, knnGraph, type PreparedRows, prepareRows } from './knn'

/**
 * How well a layout keeps neighbourhoods. All functions take row-major Float32Array data (n·dim)
 * and layouts (n·dims, compared with euclidean distance on screen); neighbours in the original
 * space use the same metric, distance formula and tie-break (lower index first) as `knnGraph`.
 */

/**
 * Per point: the share of its k original neighbours that are also among its k layout
 * neighbours, in [0, 1]. UI: "how many of this point's true neighbours are still next to it".
 * k is the smaller of the two graphs' k; both are nearest first, so their first k are the k-NN.
 */
export function pointRecall(original: KnnGraph, layout: KnnGraph): Float32Array {
  if (original.n !== layout.n) throw new RangeError('graphs have different point counts')
  const n = original.n
  const k = Math.min(original.k, layout.k)
  const out = new Float32Array(n)
  if (k === 0) return out.fill(1)
  // stamp[j] === i + 1 marks j as an original neighbour of i: no clearing between rows.
  const stamp = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) stamp[original.indices[i * original.k + t]] = i + 1
    let hits = 0
    for (let t = 0; t < k; t++) if (stamp[layout.indices[i * layout.k + t]] === i + 1) hits++
    out[i] = hits / k
  }
  return out
}

/**
 * kNN recall@k: the mean of `pointRecall`, in [0, 1]. UI: "share of true neighbours kept on
 * screen" (1 = every point's k nearest are still its k nearest in the layout).
 */
export function recallAtK(original: KnnGraph, layout: KnnGraph): number {
  const per = pointRecall(original, layout)
  let s = 0
  for (let i = 0; i < per.length; i++) s += per[i]
  return per.length > 0 ? s / per.length : 1
}

/**
 * Distances from points i and i + 1 to every point, as `knnGraph` computes them (out0[i] and
 * out1[i + 1] are meaningless; with i + 1 = n, out1 repeats row i). The 2×4 register tile of
 * knn.ts: two rows share each column load and four columns share each row load.
 */
function distanceRows(
  p: PreparedRows,
  n: number,
  i: number,
  out0: Float64Array,
  out1: Float64Array,
) {
  const { x, sq, dim, cosine } = p
  const i1 = i + 1 < n ? i + 1 : i
  const a0 = i * dim
  const a1 = i1 * dim
  let j = 0
  for (; j + 3 < n; j += 4) {
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
    out0[j] = s00
    out0[j + 1] = s01
    out0[j + 2] = s02
    out0[j + 3] = s03
    out1[j] = s10
    out1[j + 1] = s11
    out1[j + 2] = s12
    out1[j + 3] = s13
  }
  for (; j < n; j++) {
    const b = j * dim
    let s0 = 0
    let s1 = 0
    for (let t = 0; t < dim; t++) {
      s0 += x[a0 + t] * x[b + t]
      s1 += x[a1 + t] * x[b + t]
    }
    out0[j] = s0
    out1[j] = s1
  }
  // Dot products to distances in a second, cheap pass: keeps the tile loop free of branches.
  for (let l = 0; l < n; l++) {
    out0[l] = cosine ? 1 - out0[l] : Math.sqrt(Math.max(0, sq[i] + sq[l] - 2 * out0[l]))
    out1[l] = cosine ? 1 - out1[l] : Math.sqrt(Math.max(0, sq[i1] + sq[l] - 2 * out1[l]))
  }
}

/**
 * 1-based ranks, in point i's original distance row, of the `targets` (excluding i itself;
 * ties by lower index). One pass over the row: most points are farther than every target and
 * cost a single comparison; the rest are binned into the sorted targets by binary search.
 */
function ranksInRow(row: Float64Array, n: number, i: number, targets: ArrayLike<number>): number[] {
  const m = targets.length
  const slots = Array.from({ length: m }, (_, s) => s).sort(
    (u, v) => row[targets[u]] - row[targets[v]] || targets[u] - targets[v],
  )
  const td = new Float64Array(m)
  const tj = new Int32Array(m)
  slots.forEach((s, q) => {
    td[q] = row[targets[s]]
    tj[q] = targets[s]
  })
  const maxD = m > 0 ? td[m - 1] : -Infinity
  const bins = new Int32Array(m + 1)
  for (let l = 0; l < n; l++) {
    const d = row[l]
    if (d > maxD || l === i) continue
    // The number of targets before l: a fixed, branch-free count over the few sorted targets is
    // faster than a binary search when about half the row passes the filter above.
    let lo = 0
    let ties = 0
    for (let q = 0; q < m; q++) {
      lo += Number(d > td[q])
      ties += Number(d === td[q])
    }
    // Equal distances (rare): l comes after a target with a lower index, and after itself.
    if (ties > 0) for (let q = 0; q < m; q++) if (d === td[q] && l >= tj[q]) lo++
    bins[lo]++
  }
  const ranks = new Array<number>(m)
  let before = 0
  for (let q = 0; q < m; q++) {
    before += bins[q]
    ranks[slots[q]] = before + 1
  }
  return ranks
}

/**
 * Trustworthiness T(k) (Venna & Kaski 2001; as `sklearn.manifold.trustworthiness`), in [0, 1]:
 * 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ Σ over i's k layout neighbours j that are not among its k
 * original neighbours of (rank of j from i in the original space − k). UI: "are points shown
 * close really close?" — 1 means no layout neighbour is a stranger. k is clamped below n/2
 * (the formula's domain); with n < 3 the result is 1. O(n²·dim) time (each point's original
 * distance row is computed once) and O(n) memory beyond the layout's kNN graph.
 */
export function trustworthiness(
  data: Float32Array,
  n: number,
  dim: number,
  layout: Float32Array,
  dims: number,
  k: number,
  metric: Metric = 'euclidean',
  tick?: Tick,
): number {
  const kk = Math.min(k, Math.ceil(n / 2) - 1)
  if (n < 3 || kk < 1) return 1
  const near = knnGraph(layout, n, dims, kk, 'euclidean', tick)
  const p = prepareRows(data, n, dim, metric)
  const rows = [new Float64Array(n), new Float64Array(n)]
  let penalty = 0
  for (let i0 = 0; i0 < n; i0 += 2) {
    if ((i0 & 63) === 0) tick?.()
    distanceRows(p, n, i0, rows[0], rows[1])
    for (let i = i0; i < Math.min(n, i0 + 2); i++) {
      const targets = near.indices.subarray(i * kk, i * kk + kk)
      for (const r of ranksInRow(rows[i - i0], n, i, targets)) if (r > kk) penalty += r - kk
    }
  }
  return 1 - (2 / (n * kk * (2 * n - 3 * kk - 1))) * penalty
}

/** A point shown next to the selected one that is not one of its true neighbours. */
export interface FalseNeighbour {
  /** The point's index. */
  index: number
  /** Its position among the selected point's nearest on screen, 1 = nearest. */
  layoutRank: number
  /** Its rank by distance from the selected point in the original space, always > k. */
  originalRank: number
  /** Its distance from the selected point in the original space (the metric's units). */
  distance: number
}

/**
 * The selected item's k nearest points on screen that are not among its k nearest in the
 * original space, nearest on screen first, with their original rank. UI: "shown close, but
 * really the 57th nearest". O(n·dim) for one item.
 */
export function falseNeighbours(
  data: Float32Array,
  n: number,
  dim: number,
  layout: Float32Array,
  dims: number,
  item: number,
  k: number,
  metric: Metric = 'euclidean',
): FalseNeighbour[] {
  if (!Number.isInteger(item) || item < 0 || item >= n) throw new RangeError(`no item ${item}`)
  const kk = Math.max(0, Math.min(k, n - 1))
  const screen: { j: number; d: number }[] = []
  for (let j = 0; j < n; j++) {
    if (j === item) continue
    let s = 0
    for (let t = 0; t < dims; t++) s += (layout[j * dims + t] - layout[item * dims + t]) ** 2
    screen.push({ j, d: s })
  }
  screen.sort((u, v) => u.d - v.d || u.j - v.j)
  const targets = screen.slice(0, kk).map((s) => s.j)
  const row = new Float64Array(n)
  distanceRows(prepareRows(data, n, dim, metric), n, item, row, new Float64Array(n))
  const ranks = ranksInRow(row, n, item, targets)
  const out: FalseNeighbour[] = []
  targets.forEach((j, t) => {
    if (ranks[t] > kk)
      out.push({ index: j, layoutRank: t + 1, originalRank: ranks[t], distance: row[j] })
  })
  return out
}
