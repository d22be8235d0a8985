import { type Metric, scoresTo } from './neighbours'

/** Where one chosen item stands among the pinned item's neighbours. */
export interface RankedItem {
  /** Item index. */
  index: number
  /** 1 = the pinned item's nearest neighbour (the pinned item itself not counted), up to n − 1. */
  rank: number
  /** Cosine similarity, or 1 / (1 + distance) for euclidean, as in `nearestNeighbours`. */
  similarity: number
}

/** One recorded epoch of one chosen item's series. */
export interface TimelinePoint {
  epoch: number
  rank: number
  similarity: number
}

/** Item `overtaker` moved from behind `overtaken` to ahead of it at `epoch`. */
export interface Crossing {
  epoch: number
  overtaker: number
  overtaken: number
}

/**
 * Rank and similarity of each of `others` among the neighbours of item `pinned`, computed exactly
 * over all `n` items: rank r means r − 1 items are strictly nearer, or equally near with a lower
 * index (the order of `nearestNeighbours`). O(n·dim + n·others.length).
 */
export function rankAndSimilarity(
  vectors: Float32Array,
  n: number,
  dim: number,
  pinned: number,
  others: readonly number[],
  metric: Metric = 'cosine',
): RankedItem[] {
  if (vectors.length < n * dim) throw new RangeError(`${vectors.length} numbers for ${n}×${dim}`)
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`no item ${i}`)
  }
  check(pinned)
  others.forEach(check)
  if (others.includes(pinned)) throw new RangeError(`item ${pinned} is the pinned item`)
  const { distance, similarity } = scoresTo(vectors, n, dim, pinned, metric)
  return others.map((index) => {
    const d = distance[index]
    let rank = 1
    for (let i = 0; i < n; i++)
      if (i !== pinned && (distance[i] < d || (distance[i] === d && i < index))) rank++
    return { index, rank, similarity: similarity[index] }
  })
}

/**
 * The neighbour timeline of one pinned item: per recorded epoch, each chosen item's rank and
 * similarity to it, and the moments one chosen item overtakes another.
 */
export class NeighbourTimeline {
  /** Chosen items, duplicates removed, in the order given. */
  readonly others: readonly number[]
  /** Recorded epochs in ascending order, each with one result per item of `others`. */
  private records: { epoch: number; items: RankedItem[] }[] = []

  constructor(
    /** The item whose neighbourhood is watched. */
    readonly pinned: number,
    others: readonly number[],
    /** Distance used for ranking; default cosine. */
    readonly metric: Metric = 'cosine',
  ) {
    if (others.includes(pinned)) throw new RangeError(`item ${pinned} is the pinned item`)
    this.others = [...new Set(others)]
  }

  /** Record the ranks at `epoch`; recording an epoch again replaces its point. O(n·dim). */
  record(epoch: number, vectors: Float32Array, n: number, dim: number): void {
    const items = rankAndSimilarity(vectors, n, dim, this.pinned, this.others, this.metric)
    const at = this.records.findIndex((r) => r.epoch >= epoch)
    if (at < 0) this.records.push({ epoch, items })
    else if (this.records[at].epoch === epoch) this.records[at] = { epoch, items }
    else this.records.splice(at, 0, { epoch, items })
  }

  /** Recorded epochs, ascending. */
  epochs(): number[] {
    return this.records.map((r) => r.epoch)
  }

  /** One series per chosen item (in `others` order), its points in epoch order. */
  series(): Array<{ index: number; points: TimelinePoint[] }> {
    return this.others.map((index, k) => ({
      index,
      points: this.records.map(({ epoch, items }) => ({
        epoch,
        rank: items[k].rank,
        similarity: items[k].similarity,
      })),
    }))
  }

  /**
   * Every time a chosen item had a worse (larger) rank than another at the previous recorded
   * epoch and a better one at this epoch. Sorted by epoch, then by the overtaker's new rank,
   * then by the overtaken item's new rank.
   */
  crossings(): Crossing[] {
    const out: Crossing[] = []
    for (let e = 1; e < this.records.length; e++) {
      const before = this.records[e - 1].items
      const now = this.records[e].items
      const found: { c: Crossing; a: number; b: number }[] = []
      for (let a = 0; a < now.length; a++)
        for (let b = 0; b < now.length; b++)
          if (before[a].rank > before[b].rank && now[a].rank < now[b].rank)
            found.push({
              c: { epoch: this.records[e].epoch, overtaker: now[a].index, overtaken: now[b].index },
              a: now[a].rank,
              b: now[b].rank,
            })
      found.sort((x, y) => x.a - y.a || x.b - y.b)
      for (const f of found) out.push(f.c)
    }
    return out
  }

  /** Forget every recorded epoch (the pinned item and chosen items stay). */
  clear(): void {
    this.records = []
  }
}

/**
 * Human-readable sentence for a crossing, e.g. "Giant sequoia overtook Coconut palm at epoch 14".
 * Items without a label are written as "#index".
 */
export function describeCrossing(c: Crossing, labels: ArrayLike<string>): string {
  const name = (i: number) => labels[i] ?? `#${i}`
  return `${name(c.overtaker)} overtook ${name(c.overtaken)} at epoch ${c.epoch}`
}
