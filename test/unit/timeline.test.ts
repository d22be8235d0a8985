import { describe, expect, it } from 'vitest'
import { nearestNeighbours } from '../../src/model/neighbours'
import {
  NeighbourTimeline,
  describeCrossing,
  rankAndSimilarity,
  type Crossing,
} from '../../src/model/timeline'

/** Tiny seeded PRNG (mulberry32) so every run draws the same numbers. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Items on a line (dim 1): item i sits at xs[i]; the pinned item 0 sits at 0. */
const line = (xs: number[]) => Float32Array.from(xs)

describe('rankAndSimilarity', () => {
  it('agrees with the order of nearestNeighbours on random data, both metrics', () => {
    const n = 400
    const dim = 12
    const random = seeded(99)
    const data = Float32Array.from({ length: n * dim }, () => random() * 2 - 1)
    // A few exact duplicates and a zero vector so ties and the zero case are exercised.
    data.copyWithin(10 * dim, 3 * dim, 4 * dim)
    data.copyWithin(11 * dim, 3 * dim, 4 * dim)
    data.fill(0, 20 * dim, 21 * dim)
    for (const metric of ['cosine', 'euclidean'] as const)
      for (const pinned of [0, 3, 20, 217, n - 1]) {
        const order = nearestNeighbours(data, n, dim, pinned, n, metric)
        const others = [3, 10, 11, 20, 45, 300, n - 1, 0].filter((i) => i !== pinned)
        const got = rankAndSimilarity(data, n, dim, pinned, others, metric)
        expect(got.map((r) => r.index)).toEqual(others)
        for (const r of got) {
          const position = order.findIndex((o) => o.index === r.index)
          expect(r.rank).toBe(position + 1)
          expect(r.similarity).toBe(order[position].similarity)
        }
        // Every item at once: ranks are exactly 1..n−1.
        const everyone = Array.from({ length: n }, (_, i) => i).filter((i) => i !== pinned)
        const ranks = rankAndSimilarity(data, n, dim, pinned, everyone, metric).map((r) => r.rank)
        expect(ranks.slice().sort((a, b) => a - b)).toEqual(everyone.map((_, k) => k + 1))
      }
  })

  it('breaks ties by index and rejects bad items', () => {
    const data = line([0, 1, 1, 1, -0.5])
    const got = rankAndSimilarity(data, 5, 1, 0, [3, 1, 4, 2], 'euclidean')
    expect(got.map((r) => r.rank)).toEqual([4, 2, 1, 3])
    expect(got[1].similarity).toBeCloseTo(0.5, 12)
    expect(() => rankAndSimilarity(data, 5, 1, 0, [0], 'euclidean')).toThrow(RangeError)
    expect(() => rankAndSimilarity(data, 5, 1, 0, [5], 'euclidean')).toThrow(RangeError)
    expect(() => rankAndSimilarity(data, 6, 1, 0, [1], 'euclidean')).toThrow(RangeError)
  })
})

describe('NeighbourTimeline', () => {
  // Pinned item 0 at 0; A = 1 stays at 2; B = 2 comes in from 5; C = 3 stays at 10.
  const A = 1
  const B = 2
  const C = 3
  const positions: Record<number, number> = { 0: 5, 2: 4, 5: 3, 7: 1.5, 9: 1 }

  function approaching(metric: 'cosine' | 'euclidean' = 'euclidean') {
    const t = new NeighbourTimeline(0, [A, B, C], metric)
    for (const [epoch, b] of Object.entries(positions))
      t.record(Number(epoch), line([0, 2, b, 10]), 4, 1)
    return t
  }

  it('records one point per epoch per item, in epoch order', () => {
    const series = approaching().series()
    expect(series.map((s) => s.index)).toEqual([A, B, C])
    expect(series[1].points.map((p) => p.epoch)).toEqual([0, 2, 5, 7, 9])
    expect(series[1].points.map((p) => p.rank)).toEqual([2, 2, 2, 1, 1])
    expect(series[0].points.map((p) => p.rank)).toEqual([1, 1, 1, 2, 2])
    expect(series[2].points.map((p) => p.rank)).toEqual([3, 3, 3, 3, 3])
    expect(series[1].points[3].similarity).toBeCloseTo(1 / 2.5, 6)
  })

  it('detects B overtaking A at the known epoch', () => {
    const t = approaching()
    expect(t.crossings()).toEqual([{ epoch: 7, overtaker: B, overtaken: A }])
  })

  it('finds no crossing when the order is stable, for both metrics', () => {
    for (const metric of ['cosine', 'euclidean'] as const) {
      const random = seeded(5)
      const t = new NeighbourTimeline(0, [1, 2, 3], metric)
      for (let epoch = 0; epoch < 20; epoch++) {
        // Item k sits at angle 0.4k rad and radius k (plus jitter) from the pinned item, so both
        // its angle and its distance keep the order 1, 2, 3 while the points move.
        const at = (k: number) => {
          const r = k + (random() - 0.5) * 0.2
          const a = 0.4 * k + (random() - 0.5) * 0.05
          return [r * Math.cos(a), r * Math.sin(a)]
        }
        const base = metric === 'cosine' ? [1, 0] : [0, 0]
        t.record(epoch, Float32Array.from([...base, ...at(1), ...at(2), ...at(3)]), 4, 2)
      }
      expect(t.crossings()).toEqual([])
      expect(t.series().map((s) => s.points[19].rank)).toEqual([1, 2, 3])
    }
  })

  it('replaces a re-recorded epoch and keeps out-of-order epochs sorted', () => {
    const t = approaching()
    t.record(7, line([0, 2, 2.5, 10]), 4, 1) // B no longer passes A at 7...
    expect(t.crossings()).toEqual([{ epoch: 9, overtaker: B, overtaken: A }]) // ...but at 9
    t.record(1, line([0, 2, 0.5, 10]), 4, 1) // B was briefly ahead at 1
    expect(t.epochs()).toEqual([0, 1, 2, 5, 7, 9])
    expect(t.crossings().map((c) => [c.epoch, c.overtaker])).toEqual([
      [1, B],
      [2, A],
      [9, B],
    ])
    t.clear()
    expect(t.crossings()).toEqual([])
    expect(t.series()[0].points).toEqual([])
  })

  it('reports several crossings in one epoch, best new rank first', () => {
    const t = new NeighbourTimeline(0, [A, B, C, C], 'euclidean')
    expect(t.others).toEqual([A, B, C])
    t.record(0, line([0, 1, 2, 3]), 4, 1)
    t.record(1, line([0, 1, 2, 0.5]), 4, 1) // C jumps past both
    expect(t.crossings()).toEqual([
      { epoch: 1, overtaker: C, overtaken: A },
      { epoch: 1, overtaker: C, overtaken: B },
    ])
    expect(() => new NeighbourTimeline(0, [1, 0])).toThrow(RangeError)
  })
})

describe('describeCrossing', () => {
  it('names both items and the epoch', () => {
    const labels = ['Oak', 'Coconut palm', 'Giant sequoia']
    const c: Crossing = { epoch: 14, overtaker: 2, overtaken: 1 }
    expect(describeCrossing(c, labels)).toBe('Giant sequoia overtook Coconut palm at epoch 14')
    expect(describeCrossing({ epoch: 3, overtaker: 7, overtaken: 0 }, labels)).toBe(
      '#7 overtook Oak at epoch 3',
    )
  })
})
