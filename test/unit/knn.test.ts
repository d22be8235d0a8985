import { describe, expect, it } from 'vitest'
import type { Metric } from '../../src/model/neighbours'
import { knnGraph } from '../../src/model/projection/knn'
import { distance, randomData } from './reference'

/** Naive reference: sort every other point by (distance, index) and keep the first k. */
function bruteForce(data: Float32Array, n: number, dim: number, k: number, metric: Metric) {
  const kk = Math.max(0, Math.min(k, n - 1))
  const indices: number[][] = []
  const distances: number[][] = []
  for (let i = 0; i < n; i++) {
    const all = []
    for (let j = 0; j < n; j++) if (j !== i) all.push({ j, d: distance(data, dim, i, j, metric) })
    all.sort((a, b) => a.d - b.d || a.j - b.j)
    indices.push(all.slice(0, kk).map((e) => e.j))
    distances.push(all.slice(0, kk).map((e) => e.d))
  }
  return { kk, indices, distances }
}

function rows(a: ArrayLike<number>, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: k }, (_, t) => a[i * k + t]))
}

describe('knnGraph', () => {
  // 301 points: padded tiles (301 is not a multiple of 4) and a block boundary (256).
  for (const metric of ['cosine', 'euclidean'] as const)
    for (const [n, dim, k] of [
      [301, 7, 15],
      [40, 33, 5],
      [9, 2, 3],
    ])
      it(`equals a brute-force reference (${metric}, n=${n}, dim=${dim}, k=${k})`, () => {
        const data = randomData(n, dim, n + dim)
        const g = knnGraph(data, n, dim, k, metric)
        const ref = bruteForce(data, n, dim, k, metric)
        expect(g.n).toBe(n)
        expect(g.k).toBe(k)
        expect(rows(g.indices, n, k)).toEqual(ref.indices)
        for (let i = 0; i < n; i++)
          for (let t = 0; t < k; t++)
            expect(g.distances[i * k + t]).toBeCloseTo(ref.distances[i][t], 5)
      })

  it('clamps k to n − 1 and lists every other point', () => {
    const data = randomData(5, 3, 1)
    const g = knnGraph(data, 5, 3, 10, 'euclidean')
    expect(g.k).toBe(4)
    expect(g.indices.length).toBe(20)
    for (let i = 0; i < 5; i++) {
      const row = Array.from(g.indices.subarray(i * 4, i * 4 + 4)).sort()
      expect(row).toEqual([0, 1, 2, 3, 4].filter((j) => j !== i))
    }
    expect(knnGraph(data, 1, 3, 5, 'cosine').k).toBe(0)
    expect(knnGraph(data, 5, 3, 0, 'cosine').indices.length).toBe(0)
  })

  it('breaks ties by the lower index, the same on every run', () => {
    // A 4×4 integer grid: many exactly equal distances.
    const data = new Float32Array(32)
    for (let i = 0; i < 16; i++) {
      data[i * 2] = i % 4
      data[i * 2 + 1] = Math.floor(i / 4)
    }
    const g = knnGraph(data, 16, 2, 6, 'euclidean')
    expect(rows(g.indices, 16, 6)).toEqual(bruteForce(data, 16, 2, 6, 'euclidean').indices)
    // Point 5 = (1, 1): four points at distance 1, listed by index.
    expect(Array.from(g.indices.subarray(30, 34))).toEqual([1, 4, 6, 9])
    expect(knnGraph(data, 16, 2, 6, 'euclidean').indices).toEqual(g.indices)
    // Duplicated rows under cosine: equal distances to everyone, so the lower index comes first.
    const dup = randomData(6, 4, 9)
    dup.copyWithin(4, 0, 4)
    dup.copyWithin(20, 0, 4)
    const c = knnGraph(dup, 6, 4, 3, 'cosine')
    expect(Array.from(c.indices.subarray(0, 2))).toEqual([1, 5])
    expect(Array.from(c.indices.subarray(5 * 3, 5 * 3 + 2))).toEqual([0, 1])
  })

  it('puts zero vectors at cosine distance 1 from everything', () => {
    const data = randomData(12, 5, 4)
    data.fill(0, 0, 5)
    data.fill(0, 35, 40)
    const g = knnGraph(data, 12, 5, 11, 'cosine')
    for (let t = 0; t < 11; t++) {
      expect(g.distances[t]).toBe(1)
      expect(g.distances[7 * 11 + t]).toBe(1)
    }
    expect(Array.from(g.indices.subarray(0, 11))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    // Another point sees the zero vectors at distance 1, not 0: they are not its nearest.
    const row3 = Array.from(g.distances.subarray(3 * 11, 4 * 11))
    expect(row3.every(Number.isFinite)).toBe(true)
    expect(rows(g.indices, 12, 11)).toEqual(bruteForce(data, 12, 5, 11, 'cosine').indices)
  })
})
