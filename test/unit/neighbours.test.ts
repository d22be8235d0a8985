import { describe, expect, it } from 'vitest'
import { nearestNeighbours, type Metric } from '../../src/model/neighbours'
import { mulberry32 } from '../../src/model/training/random'

/** Four 2-d points: the query (1, 0) and three others at hand-computable angles and distances. */
const SMALL = Float32Array.from(
  [
    [1, 0], // 0: query
    [0, 2], // 1: 90°, distance √5
    [3, 4], // 2: cos = 3/5, distance √20
    [2, 0], // 3: same direction, distance 1
    [-1, 0], // 4: opposite, distance 2
  ].flat(),
)

/** Naive reference: every other item scored in float64, sorted by distance then index. */
function naive(data: Float32Array, n: number, dim: number, query: number, metric: Metric) {
  const q = Array.from(data.subarray(query * dim, query * dim + dim))
  const out: { index: number; distance: number }[] = []
  for (let i = 0; i < n; i++) {
    if (i === query) continue
    const v = Array.from(data.subarray(i * dim, i * dim + dim))
    if (metric === 'euclidean') {
      out.push({ index: i, distance: Math.hypot(...q.map((x, k) => x - v[k])) })
    } else {
      const qn = Math.hypot(...q)
      const vn = Math.hypot(...v)
      const cos = qn > 0 && vn > 0 ? q.reduce((s, x, k) => s + x * v[k], 0) / (qn * vn) : 0
      out.push({ index: i, distance: 1 - cos })
    }
  }
  return out.sort((a, b) => a.distance - b.distance || a.index - b.index)
}

describe('nearestNeighbours', () => {
  it('gives golden cosine results, query excluded, nearest first', () => {
    const result = nearestNeighbours(SMALL, 5, 2, 0, 4, 'cosine')
    expect(result.map((r) => r.index)).toEqual([3, 2, 1, 4])
    const expected = [1, 0.6, 0, -1]
    result.forEach((r, i) => {
      expect(r.similarity).toBeCloseTo(expected[i], 7)
      expect(r.distance).toBeCloseTo(1 - expected[i], 7)
    })
  })

  it('uses cosine by default', () => {
    expect(nearestNeighbours(SMALL, 5, 2, 0, 4)).toEqual(
      nearestNeighbours(SMALL, 5, 2, 0, 4, 'cosine'),
    )
  })

  it('gives golden euclidean results', () => {
    const result = nearestNeighbours(SMALL, 5, 2, 0, 4, 'euclidean')
    expect(result.map((r) => r.index)).toEqual([3, 4, 1, 2])
    const distances = [1, 2, Math.sqrt(5), Math.sqrt(20)]
    result.forEach((r, i) => {
      expect(r.distance).toBeCloseTo(distances[i], 6)
      expect(r.similarity).toBeCloseTo(1 / (1 + distances[i]), 6)
    })
  })

  it('returns only k, and at most n − 1, never the query', () => {
    // From (3, 4): cos 0.8 to (0, 2), then a tie at 0.6 between items 0 and 3 (lower index first).
    const two = nearestNeighbours(SMALL, 5, 2, 2, 2)
    expect(two.map((r) => r.index)).toEqual([1, 0])
    expect(two[0].similarity).toBeCloseTo(0.8, 7)
    expect(two[1].similarity).toBeCloseTo(0.6, 7)
    for (const metric of ['cosine', 'euclidean'] as const)
      for (let q = 0; q < 5; q++) {
        const all = nearestNeighbours(SMALL, 5, 2, q, 100, metric)
        expect(all).toHaveLength(4)
        expect(all.map((r) => r.index)).not.toContain(q)
        expect(new Set(all.map((r) => r.index)).size).toBe(4)
      }
    expect(nearestNeighbours(SMALL, 5, 2, 0, 0)).toEqual([])
    expect(nearestNeighbours(SMALL, 5, 2, 0, -3)).toEqual([])
    expect(nearestNeighbours(Float32Array.from([1, 2]), 1, 2, 0, 5)).toEqual([])
  })

  it('breaks ties by index', () => {
    // Items 1, 2 and 3 are all identical, so equally near to the query.
    const data = Float32Array.from([1, 1, 5, 5, 5, 5, 5, 5])
    expect(nearestNeighbours(data, 4, 2, 0, 3).map((r) => r.index)).toEqual([1, 2, 3])
  })

  it('gives a zero vector cosine similarity 0 without NaN', () => {
    const data = Float32Array.from([0, 0, 1, 0, 0, 3, -2, 0])
    const fromZero = nearestNeighbours(data, 4, 2, 0, 3)
    expect(fromZero).toHaveLength(3)
    for (const r of fromZero) {
      expect(r.similarity).toBe(0)
      expect(r.distance).toBe(1)
    }
    expect(fromZero.map((r) => r.index)).toEqual([1, 2, 3])
    const toZero = nearestNeighbours(data, 4, 2, 1, 3)
    expect(toZero.map((r) => r.index)).toEqual([0, 2, 3])
    expect(toZero.map((r) => r.similarity)).toEqual([0, 0, -1])
    for (const r of [...fromZero, ...toZero]) {
      expect(Number.isFinite(r.similarity)).toBe(true)
      expect(Number.isFinite(r.distance)).toBe(true)
    }
    const euclid = nearestNeighbours(data, 4, 2, 0, 3, 'euclidean')
    expect(euclid.map((r) => r.distance)).toEqual([1, 2, 3])
  })

  it('matches a brute-force reference on 500 random 16-d vectors', () => {
    const n = 500
    const dim = 16
    const random = mulberry32(2024)
    const data = Float32Array.from({ length: n * dim }, () => random() * 2 - 1)
    for (const metric of ['cosine', 'euclidean'] as const)
      for (const query of [0, 1, 137, 250, 499]) {
        const expected = naive(data, n, dim, query, metric)
        const got = nearestNeighbours(data, n, dim, query, 10, metric)
        expect(got.map((r) => r.index)).toEqual(expected.slice(0, 10).map((r) => r.index))
        got.forEach((r, i) => expect(r.distance).toBeCloseTo(expected[i].distance, 9))
        const full = nearestNeighbours(data, n, dim, query, n, metric)
        expect(full.map((r) => r.index)).toEqual(expected.map((r) => r.index))
        for (let i = 1; i < full.length; i++)
          expect(full[i].distance).toBeGreaterThanOrEqual(full[i - 1].distance)
        for (const r of full) {
          if (metric === 'cosine') {
            expect(r.similarity).toBeGreaterThanOrEqual(-1 - 1e-9)
            expect(r.similarity).toBeLessThanOrEqual(1 + 1e-9)
          } else {
            expect(r.similarity).toBeCloseTo(1 / (1 + r.distance), 12)
          }
        }
      }
  })

  it('throws RangeError for an out-of-range query', () => {
    expect(() => nearestNeighbours(SMALL, 5, 2, 5, 3)).toThrow(RangeError)
    expect(() => nearestNeighbours(SMALL, 5, 2, 5, 3)).toThrow('no item 5')
    expect(() => nearestNeighbours(SMALL, 5, 2, -1, 3)).toThrow(new RangeError('no item -1'))
    expect(() => nearestNeighbours(new Float32Array(0), 0, 2, 0, 3)).toThrow(RangeError)
    expect(() => nearestNeighbours(SMALL, 5, 2, NaN, 3)).toThrow(RangeError)
    expect(() => nearestNeighbours(SMALL, 5, 2, 1.5, 3)).toThrow(RangeError)
  })
})
