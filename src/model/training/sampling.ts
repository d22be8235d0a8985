/**
 * Plain-JS sampling helpers for the skip-gram and pairs objectives: a seeded alias sampler for
 * negatives, word2vec's subsampling of frequent items, a stable hash for hold-out splits, and the
 * (center, context) pairs of groups. Nothing here touches tfjs, so it runs before a backend exists.
 */

/** Exponent of the unigram distribution negatives are drawn from (word2vec: 0.75). */
export const UNIGRAM_POWER = 0.75

/**
 * Draws indices in proportion to non-negative weights in O(1) per draw (Vose's alias method),
 * after an O(n) build. Every draw takes one number from the given random source.
 */
export class AliasSampler {
  readonly size: number
  private readonly prob: Float64Array
  private readonly alias: Int32Array

  constructor(weights: ArrayLike<number>) {
    const n = weights.length
    let total = 0
    for (let i = 0; i < n; i++) total += Math.max(0, weights[i])
    if (!(total > 0)) throw new RangeError('AliasSampler needs at least one positive weight')
    this.size = n
    this.prob = new Float64Array(n)
    this.alias = new Int32Array(n)
    const scaled = new Float64Array(n)
    const small = new Int32Array(n)
    const large = new Int32Array(n)
    let ns = 0
    let nl = 0
    for (let i = 0; i < n; i++) {
      scaled[i] = (Math.max(0, weights[i]) * n) / total
      if (scaled[i] < 1) small[ns++] = i
      else large[nl++] = i
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]
      const l = large[--nl]
      this.prob[s] = scaled[s]
      this.alias[s] = l
      scaled[l] = scaled[l] + scaled[s] - 1
      if (scaled[l] < 1) small[ns++] = l
      else large[nl++] = l
    }
    // What is left holds probability 1 up to rounding.
    while (nl > 0) this.prob[large[--nl]] = 1
    while (ns > 0) this.prob[small[--ns]] = 1
  }

  /**
   * One index, distributed as the weights, from one random number: its whole part times `size`
   * picks the column and the fraction left is the coin, good to size / 2³² for a 32-bit source
   * (one draw instead of two). The coin picks without a branch: its outcome is unpredictable, and
   * a mispredicted branch cost more than the rest of the draw (24 → 8 ns a draw measured).
   */
  sample(random: () => number): number {
    const x = random() * this.size
    const i = x | 0
    const alias = this.alias[i]
    return alias + +(x - i < this.prob[i]) * (i - alias)
  }
}

/** Weights count^power for each item (power 0.75 flattens word2vec's unigram distribution). */
export function unigramWeights(counts: ArrayLike<number>, power = UNIGRAM_POWER): Float64Array {
  return Float64Array.from({ length: counts.length }, (_, i) =>
    Math.pow(Math.max(0, counts[i]), power),
  )
}

/**
 * Probability of keeping each occurrence of an item under word2vec's subsampling with threshold
 * `t` (the C implementation's formula): with f the item's share of all occurrences,
 * keep = (√(f/t) + 1)·t/f, capped at 1. Items rarer than about t are always kept; t = 0 keeps all.
 */
export function keepProbabilities(counts: ArrayLike<number>, t: number): Float64Array {
  const keep = new Float64Array(counts.length).fill(1)
  if (t <= 0) return keep
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i]
  for (let i = 0; i < counts.length; i++) {
    const f = counts[i] / total
    if (f > 0) keep[i] = Math.min(1, (Math.sqrt(f / t) + 1) * (t / f))
  }
  return keep
}

/**
 * A number in [0, 1) fixed by two non-negative integers and a seed (murmur3's finaliser), used to
 * decide hold-out membership without storing it: the same pair is held out in every epoch.
 */
export function pairHash(a: number, b: number, seed: number): number {
  let h = Math.imul(a ^ 0x85ebca6b, 0xcc9e2d51) ^ Math.imul(b + 0x27d4eb2f, 0x1b873593) ^ seed
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

/** Groups with their items concatenated, as in `GroupsDataset`. */
export interface Groups {
  items: Int32Array
  offsets: Int32Array
}

/** Called once per ordered (center, context) pair: item ids and their positions in `items`. */
export type PairVisitor = (center: number, context: number, pi: number, pj: number) => void

/**
 * Visits the (center, context) pairs of every group. A group of at most 2·window + 1 items is a
 * set (a basket, a playlist): every ordered pair of distinct positions. A longer group is a
 * sentence: each position pairs with up to `window` positions either side. With `keep`, each
 * occurrence survives with its item's probability first (subsampling), as in word2vec.
 */
export function forEachPair(
  groups: Groups,
  window: number,
  visit: PairVisitor,
  keep?: { probabilities: Float64Array; random: () => number },
): void {
  const { items, offsets } = groups
  const kept = new Int32Array(maxGroupLength(offsets))
  for (let g = 0; g + 1 < offsets.length; g++) {
    const start = offsets[g]
    const end = offsets[g + 1]
    let n = 0
    for (let p = start; p < end; p++) {
      if (!keep || keep.random() < keep.probabilities[items[p]]) kept[n++] = p
    }
    const reach = end - start <= 2 * window + 1 ? n : window
    for (let i = 0; i < n; i++) {
      const lo = Math.max(0, i - reach)
      const hi = Math.min(n - 1, i + reach)
      for (let j = lo; j <= hi; j++) {
        if (j !== i) visit(items[kept[i]], items[kept[j]], kept[i], kept[j])
      }
    }
  }
}

function maxGroupLength(offsets: Int32Array): number {
  let max = 0
  for (let g = 0; g + 1 < offsets.length; g++) max = Math.max(max, offsets[g + 1] - offsets[g])
  return max
}

/**
 * Fisher–Yates shuffle of the first n pairs of an array of pairs stored side by side
 * (a0, b0, a1, b1, …), in place: one swap touches one place in memory, not two.
 */
export function shufflePairs(pairs: Int32Array, n: number, random: () => number): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const ta = pairs[2 * i]
    const tb = pairs[2 * i + 1]
    pairs[2 * i] = pairs[2 * j]
    pairs[2 * i + 1] = pairs[2 * j + 1]
    pairs[2 * j] = ta
    pairs[2 * j + 1] = tb
  }
}

/**
 * Keeps a uniform random sample of at most `capacity` items from a stream (reservoir sampling),
 * so a hold-out set of any size costs fixed memory.
 */
export class Reservoir {
  readonly a: Int32Array
  readonly b: Int32Array
  seen = 0

  constructor(
    readonly capacity: number,
    private readonly random: () => number,
  ) {
    this.a = new Int32Array(capacity)
    this.b = new Int32Array(capacity)
  }

  add(a: number, b: number): void {
    const slot = this.seen < this.capacity ? this.seen : Math.floor(this.random() * (this.seen + 1))
    this.seen++
    if (slot < this.capacity) {
      this.a[slot] = a
      this.b[slot] = b
    }
  }

  get size(): number {
    return Math.min(this.seen, this.capacity)
  }
}
