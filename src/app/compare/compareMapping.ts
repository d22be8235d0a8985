import { type Metric, nearestNeighbours } from '../../model/neighbours'

/**
 * Matching two embedding spaces of the same items by label, and the side-by-side neighbour
 * lists: pure functions, so they are tested in Node without the compare worker or the store.
 */

/** Neighbours per item that agreement compares: 10. */
export const AGREEMENT_K = 10
/** Similarity for agreement and the side-by-side lists: cosine, the neighbour list's default. */
export const AGREEMENT_METRIC: Metric = 'cosine'
/** Colour (RGB 0–1) of reference points whose label the live space lacks. */
const UNMATCHED_GREY = 0.5

const indexCache = new WeakMap<readonly string[], Map<string, number>>()

/** Label → index of its first occurrence (cached per labels array). */
export function labelIndex(labels: readonly string[]): Map<string, number> {
  let m = indexCache.get(labels)
  if (!m) {
    m = new Map()
    labels.forEach((l, i) => m!.has(l) || m!.set(l, i))
    indexCache.set(labels, m)
  }
  return m
}

/** Items present in both spaces, in live order: `live[p]` and `ref[p]` are the same item. */
export interface Pairing {
  live: Int32Array
  ref: Int32Array
  /** Live items left out: label absent from the reference, or a repeat of an earlier label. */
  leftOutLive: number
  /** Reference items left out, for the same reasons. */
  leftOutReference: number
}

/**
 * Matches items by label; a repeated label counts by its first occurrence on both sides. The same
 * labels in the same order are the same items row by row, repeats included ("Compare with
 * training" on Iris, whose points the Projector's rule labels by their class).
 */
export function pairItems(liveLabels: readonly string[], refLabels: readonly string[]): Pairing {
  if (liveLabels.length === refLabels.length && liveLabels.every((l, i) => l === refLabels[i])) {
    const rows = Int32Array.from(liveLabels, (_, i) => i)
    return { live: rows, ref: rows.slice(), leftOutLive: 0, leftOutReference: 0 }
  }
  const first = labelIndex(liveLabels)
  const refIndex = labelIndex(refLabels)
  const live: number[] = []
  const ref: number[] = []
  liveLabels.forEach((label, i) => {
    const j = refIndex.get(label)
    if (first.get(label) !== i || j === undefined) return
    live.push(i)
    ref.push(j)
  })
  return {
    live: Int32Array.from(live),
    ref: Int32Array.from(ref),
    leftOutLive: liveLabels.length - live.length,
    leftOutReference: refLabels.length - ref.length,
  }
}

/** Rows `rows` of row-major `data`; the data itself when that is every row in order, unless `copy`. */
export function gatherRows(data: Float32Array, dim: number, rows: Int32Array, copy = false) {
  const identity = rows.length * dim <= data.length && rows.every((r, i) => r === i)
  if (identity && !copy) return data.subarray(0, rows.length * dim)
  const out = new Float32Array(rows.length * dim)
  rows.forEach((r, i) => out.set(data.subarray(r * dim, r * dim + dim), i * dim))
  return out
}

/** Per-reference-item colours (n·3) taken from the live item of the same label; grey if none. */
export function referenceColors(
  colors: Float32Array,
  liveLabels: readonly string[],
  refLabels: readonly string[],
): Float32Array {
  const index = labelIndex(liveLabels)
  const out = new Float32Array(refLabels.length * 3).fill(UNMATCHED_GREY)
  refLabels.forEach((l, j) => {
    const i = index.get(l)
    if (i !== undefined && i * 3 + 3 <= colors.length)
      out.set(colors.subarray(i * 3, i * 3 + 3), j * 3)
  })
  return out
}

/** One neighbour in a side-by-side list: its indices in both spaces, and whether the other list has it. */
export interface NeighbourPair {
  label: string
  live: number
  reference: number
  shared: boolean
}

/**
 * The k nearest neighbours of live item `liveIndex` in one space (`side`), among the items both
 * spaces share, by `nearestNeighbours` (cosine): positions in `p`, nearest first. Null when the
 * item has no counterpart. The reference side does not change while training, so callers can
 * keep it while only the live side is recomputed.
 */
export function sharedNeighbours(
  p: Pairing,
  side: 'live' | 'ref',
  data: Float32Array,
  dim: number,
  liveIndex: number,
  k = AGREEMENT_K,
): number[] | null {
  const q = p.live.indexOf(liveIndex)
  const rows = side === 'live' ? p.live : p.ref
  if (q < 0 || rows.some((r) => (r + 1) * dim > data.length)) return null
  const shared = gatherRows(data, dim, rows)
  return nearestNeighbours(shared, rows.length, dim, q, k, AGREEMENT_METRIC).map((n) => n.index)
}

/** Both lists as rows with labels and indices; `same` is how many neighbours they share. */
export function compareNeighbours(
  p: Pairing,
  liveLabels: readonly string[],
  live: number[],
  ref: number[],
): { live: NeighbourPair[]; reference: NeighbourPair[]; same: number; k: number } {
  const row = (pos: number, other: number[]): NeighbourPair => ({
    label: liveLabels[p.live[pos]],
    live: p.live[pos],
    reference: p.ref[pos],
    shared: other.includes(pos),
  })
  const rows = live.map((pos) => row(pos, ref))
  const same = rows.filter((r) => r.shared).length
  return { live: rows, reference: ref.map((pos) => row(pos, live)), same, k: live.length }
}
