import { describe, expect, it } from 'vitest'
import { knnGraph } from '../../src/model/projection/knn'
import { goesApproximate, layoutGraphRecall, layoutKnn } from '../../src/model/projection/layoutKnn'
import { approximateKnn, sampledRecall } from '../../src/model/projection/nndescent'
import { recallAtK, trustworthiness } from '../../src/model/projection/quality'
import { TsneProjector } from '../../src/model/projection/tsne'
import { UmapProjector } from '../../src/model/projection/umap'
import { gaussianMatrix } from '../../src/model/training/random'

/** `clusters` seeded gaussian clusters in `dim` dims: centres spread 3, points spread 1. */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const centres = gaussianMatrix(clusters, dim, 3, seed)
  const noise = gaussianMatrix(n, dim, 1, seed + 1)
  return noise.map((v, e) => v + centres[(Math.floor(e / dim) % clusters) * dim + (e % dim)])
}

function distanceOf(data: Float32Array, dim: number, a: number, b: number, cosine: boolean) {
  let dot = 0
  let na = 0
  let nb = 0
  for (let t = 0; t < dim; t++) {
    dot += data[a * dim + t] * data[b * dim + t]
    na += data[a * dim + t] ** 2
    nb += data[b * dim + t] ** 2
  }
  return cosine ? 1 - dot / Math.sqrt(na * nb) : Math.sqrt(Math.max(0, na + nb - 2 * dot))
}

describe('approximateKnn (RP trees + NN-descent)', () => {
  const n = 3000
  const dim = 96
  const data = clustered(n, dim, 20, 5)

  for (const metric of ['cosine', 'euclidean'] as const)
    it(`finds ≥ 90% of the exact 15 nearest (${metric}), with true distances, sorted`, () => {
      const exact = knnGraph(data, n, dim, 15, metric)
      const approx = approximateKnn(data, n, dim, 15, metric, { seed: 3 })
      expect(approx.k).toBe(15)
      const recall = recallAtK(exact, approx)
      expect(recall).toBeGreaterThanOrEqual(0.9)
      // The sampled estimate agrees with the full recall.
      expect(Math.abs(sampledRecall(approx, data, dim, metric, 300) - recall)).toBeLessThan(0.05)
      for (let i = 0; i < n; i += 37) {
        const row = Array.from(approx.indices.subarray(i * 15, i * 15 + 15))
        expect(new Set(row).size).toBe(15)
        expect(row).not.toContain(i)
        for (let e = 0; e < 15; e++) {
          const d = approx.distances[i * 15 + e]
          expect(d).toBeCloseTo(distanceOf(data, dim, i, row[e], metric === 'cosine'), 4)
          if (e > 0) expect(d).toBeGreaterThanOrEqual(approx.distances[i * 15 + e - 1])
        }
      }
    })

  it('starts from a previous graph of the same points (a training snapshot ago)', () => {
    const exact = knnGraph(data, n, dim, 15, 'cosine')
    const treesOnly = approximateKnn(data, n, dim, 15, 'cosine', { maxIterations: 0 })
    const seeded = approximateKnn(data, n, dim, 15, 'cosine', { maxIterations: 0, init: exact })
    expect(recallAtK(exact, treesOnly)).toBeLessThan(0.9)
    expect(recallAtK(exact, seeded)).toBe(1)
    // Slightly moved vectors: one round from the old graph recovers the new neighbours.
    const moved = data.map((v, e) => v + 0.05 * Math.sin(e))
    const movedExact = knnGraph(moved, n, dim, 15, 'cosine')
    const warm = approximateKnn(moved, n, dim, 15, 'cosine', { maxIterations: 1, init: exact })
    expect(recallAtK(movedExact, warm)).toBeGreaterThanOrEqual(0.95)
  })

  it('is deterministic for a seed', () => {
    const a = approximateKnn(data, n, dim, 10, 'cosine', { seed: 9 })
    const b = approximateKnn(data, n, dim, 10, 'cosine', { seed: 9 })
    expect(a.indices).toEqual(b.indices)
  })

  it('is exact on tiny inputs and copes with duplicates and zero vectors', () => {
    const tiny = clustered(6, 4, 2, 1)
    const g = approximateKnn(tiny, 6, 4, 10, 'euclidean')
    expect(g.k).toBe(5)
    expect(recallAtK(knnGraph(tiny, 6, 4, 5, 'euclidean'), g)).toBe(1)
    const dup = new Float32Array(200 * 8).fill(1)
    for (let t = 0; t < 8; t++) dup[t] = 0 // one zero vector: at cosine distance 1 from all
    const h = approximateKnn(dup, 200, 8, 5, 'cosine')
    expect(h.distances.every(Number.isFinite)).toBe(true)
    expect(Array.from(h.distances.subarray(0, 5))).toEqual([1, 1, 1, 1, 1])
    expect(h.distances.subarray(5).every((d) => Math.abs(d) < 1e-6)).toBe(true)
  })

  it('layoutKnn goes approximate only when exact search would be slow, and says so', () => {
    expect(goesApproximate('auto', 10_000, 768)).toBe(true)
    expect(goesApproximate('auto', 100_000, 384)).toBe(true)
    expect(goesApproximate('auto', 10_000, 32)).toBe(false)
    expect(goesApproximate('auto', 2_000, 768)).toBe(false)
    expect(goesApproximate('exact', 100_000, 384)).toBe(false)
    expect(goesApproximate('approximate', 100, 4)).toBe(true)
    const exact = layoutKnn(data, n, dim, 10, 'cosine', 'auto')
    expect(exact.approximate).toBe(false)
    expect(layoutGraphRecall(exact)).toBe(1)
    const approx = layoutKnn(data, n, dim, 10, 'cosine', 'approximate')
    expect(approx.approximate).toBe(true)
    const r = layoutGraphRecall(approx, 100)
    expect(r).toBeGreaterThan(0.9)
    expect(r).toBeLessThanOrEqual(1)
  })
})

describe('layouts on an approximate graph keep today’s quality', () => {
  const n = 1000
  const dim = 32
  const data = clustered(n, dim, 10, 11)

  it('UMAP: T(10) as high as on the exact graph', () => {
    const t = (knn: 'exact' | 'approximate') => {
      const p = new UmapProjector(3, { metric: 'euclidean', knn })
      p.update(data, n, dim)
      while (p.step());
      expect(p.info().approximateKnn).toBe(knn === 'approximate' ? 1 : 0)
      expect(p.neighbourGraph()?.approximate).toBe(knn === 'approximate')
      return trustworthiness(data, n, dim, p.positions(), 3, 10, 'euclidean')
    }
    const exact = t('exact')
    const approx = t('approximate')
    expect(exact).toBeGreaterThanOrEqual(0.95)
    expect(approx).toBeGreaterThanOrEqual(exact - 0.01)
  })

  it('t-SNE: T(10) as high as on the exact graph', () => {
    const t = (knn: 'exact' | 'approximate') => {
      const p = new TsneProjector(3, { knn, maxIterations: 500 })
      p.update(data, n, dim)
      while (p.step());
      expect(p.info().approximateKnn).toBe(knn === 'approximate' ? 1 : 0)
      return trustworthiness(data, n, dim, p.positions(), 3, 10, 'euclidean')
    }
    const exact = t('exact')
    const approx = t('approximate')
    expect(exact).toBeGreaterThanOrEqual(0.95)
    expect(approx).toBeGreaterThanOrEqual(exact - 0.01)
  })

  it('a training snapshot later, the approximate graph (seeded by the last one) is still good', () => {
    const moved = data.map((v, e) => v + 0.1 * Math.cos(e))
    for (const p of [
      new UmapProjector(2, { knn: 'approximate', nEpochs: 10 }),
      new TsneProjector(2, { knn: 'approximate', maxIterations: 5 }),
    ]) {
      p.update(data, n, dim)
      while (p.step());
      const first = p.neighbourGraph()
      p.update(moved, n, dim)
      while (p.step());
      const next = p.neighbourGraph()
      expect(next).not.toBe(first)
      expect(layoutGraphRecall(next!, 100)).toBeGreaterThanOrEqual(0.9)
      expect(p.positions().every(Number.isFinite)).toBe(true)
    }
  })
})
