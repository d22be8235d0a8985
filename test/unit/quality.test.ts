import { describe, expect, it } from 'vitest'
import type { Metric } from '../../src/model/neighbours'
import { knnGraph } from '../../src/model/projection/knn'
import {
  falseNeighbours,
  pointRecall,
  recallAtK,
  trustworthiness,
} from '../../src/model/projection/quality'
import { mulberry32, shuffledIndices } from '../../src/model/training/random'
import { distance, randomData } from './reference'

/** Every other point, nearest first (ties by index): the full rank order from point i. */
function order(x: Float32Array, n: number, dim: number, i: number, metric: Metric): number[] {
  const all = []
  for (let j = 0; j < n; j++) if (j !== i) all.push({ j, d: distance(x, dim, i, j, metric) })
  return all.sort((a, b) => a.d - b.d || a.j - b.j).map((e) => e.j)
}

/** sklearn.manifold.trustworthiness, written out with full rank matrices. */
function trustworthinessReference(
  data: Float32Array,
  n: number,
  dim: number,
  layout: Float32Array,
  dims: number,
  k: number,
  metric: Metric,
): number {
  let t = 0
  for (let i = 0; i < n; i++) {
    const rank = new Map(order(data, n, dim, i, metric).map((j, r) => [j, r + 1]))
    for (const j of order(layout, n, dims, i, 'euclidean').slice(0, k))
      t += Math.max(0, rank.get(j)! - k)
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * t
}

function recallReference(
  data: Float32Array,
  n: number,
  dim: number,
  layout: Float32Array,
  dims: number,
  k: number,
): number[] {
  return Array.from({ length: n }, (_, i) => {
    const near = new Set(order(data, n, dim, i, 'euclidean').slice(0, k))
    return (
      order(layout, n, dims, i, 'euclidean')
        .slice(0, k)
        .filter((j) => near.has(j)).length / k
    )
  })
}

const n = 60
const dim = 8
const k = 5
const data = randomData(n, dim, 1)
// A layout that keeps some structure: the first two coordinates plus noise.
const noise = randomData(n, 2, 2)
const layout = Float32Array.from({ length: n * 2 }, (_, i) => {
  const p = Math.floor(i / 2)
  return data[p * dim + (i % 2)] + 0.3 * noise[i]
})

describe('recall@k', () => {
  it('equals a brute-force reference per point and on average', () => {
    const ref = recallReference(data, n, dim, layout, 2, k)
    const original = knnGraph(data, n, dim, k, 'euclidean')
    const shown = knnGraph(layout, n, 2, k, 'euclidean')
    const per = pointRecall(original, shown)
    expect(Array.from(per)).toEqual(ref.map(Math.fround))
    const mean = ref.reduce((a, b) => a + b, 0) / n
    expect(recallAtK(original, shown)).toBeCloseTo(mean, 6)
    expect(mean).toBeGreaterThan(0.1)
    expect(mean).toBeLessThan(0.9)
  })

  it('is 1 for the same graph and uses the smaller k of the two', () => {
    const g = knnGraph(data, n, dim, 10, 'euclidean')
    expect(recallAtK(g, g)).toBe(1)
    expect(recallAtK(knnGraph(data, n, dim, 5, 'euclidean'), g)).toBe(1)
    expect(() => pointRecall(g, knnGraph(data, 10, dim, 10, 'euclidean'))).toThrow()
  })
})

describe('trustworthiness', () => {
  for (const metric of ['euclidean', 'cosine'] as const)
    it(`equals sklearn's definition written out (${metric})`, () => {
      const ref = trustworthinessReference(data, n, dim, layout, 2, k, metric)
      expect(trustworthiness(data, n, dim, layout, 2, k, metric)).toBeCloseTo(ref, 10)
      expect(ref).toBeLessThan(0.99)
    })

  it('counts tied original distances by index, as the kNN graph does', () => {
    // Integer grid: many equal distances, so the rank order depends on the tie rule.
    const grid = Float32Array.from({ length: 36 * 2 }, (_, i) =>
      i % 2 ? Math.floor(i / 12) : Math.floor(i / 2) % 6,
    )
    const shuffled = randomData(36, 2, 5)
    expect(trustworthiness(grid, 36, 2, shuffled, 2, 4)).toBeCloseTo(
      trustworthinessReference(grid, 36, 2, shuffled, 2, 4, 'euclidean'),
      10,
    )
  })

  it('is 1 for an identity layout and lower for a shuffled one', () => {
    const points = randomData(n, 3, 3)
    expect(trustworthiness(points, n, 3, points, 3, k)).toBe(1)
    const perm = shuffledIndices(n, mulberry32(4))
    const shuffled = new Float32Array(n * 3)
    for (let i = 0; i < n; i++) shuffled.set(points.subarray(perm[i] * 3, perm[i] * 3 + 3), i * 3)
    expect(trustworthiness(points, n, 3, shuffled, 3, k)).toBeLessThan(0.8)
  })

  it('clamps k below n / 2 and treats tiny inputs as trustworthy', () => {
    const points = randomData(10, 3, 6)
    const t = trustworthiness(points, 10, 3, layout, 2, 50)
    expect(t).toBeCloseTo(trustworthinessReference(points, 10, 3, layout, 2, 4, 'euclidean'), 10)
    expect(trustworthiness(points, 2, 3, layout, 2, 5)).toBe(1)
  })
})

describe('falseNeighbours', () => {
  it('lists layout neighbours that are not original neighbours, with their original rank', () => {
    for (const item of [0, 17, 59]) {
      const rank = order(data, n, dim, item, 'cosine')
      const near = new Set(rank.slice(0, k))
      const expected = order(layout, n, 2, item, 'euclidean')
        .slice(0, k)
        .map((j, t) => ({ index: j, layoutRank: t + 1, originalRank: rank.indexOf(j) + 1 }))
        .filter((e) => !near.has(e.index))
      const got = falseNeighbours(data, n, dim, layout, 2, item, k, 'cosine')
      expect(
        got.map(({ index, layoutRank, originalRank }) => ({ index, layoutRank, originalRank })),
      ).toEqual(expected)
      for (const f of got)
        expect(f.distance).toBeCloseTo(distance(data, dim, item, f.index, 'cosine'), 6)
    }
  })

  it('is empty for an identity layout and rejects unknown items', () => {
    const points = randomData(n, 3, 7)
    expect(falseNeighbours(points, n, 3, points, 3, 5, k)).toEqual([])
    expect(() => falseNeighbours(points, n, 3, points, 3, n, k)).toThrow(RangeError)
  })
})
