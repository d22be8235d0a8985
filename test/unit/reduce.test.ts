import { describe, expect, it } from 'vitest'
import { pca } from '../../src/model/projection/pca'
import { pcaReduce } from '../../src/model/projection/reduce'
import { trustworthiness } from '../../src/model/projection/quality'
import { TsneProjector } from '../../src/model/projection/tsne'
import { gaussianMatrix } from '../../src/model/training/random'

describe('pcaReduce (t-SNE’s neighbour search space at scale)', () => {
  it('keeps pairwise distances of data that lies in few directions', () => {
    const n = 400
    const dim = 200
    const latent = gaussianMatrix(n, 6, 3, 1)
    const mix = gaussianMatrix(6, dim, 1, 2)
    const noise = gaussianMatrix(n, dim, 1e-4, 3)
    const data = new Float32Array(n * dim)
    for (let i = 0; i < n; i++)
      for (let t = 0; t < dim; t++) {
        let s = noise[i * dim + t] + 5
        for (let l = 0; l < 6; l++) s += latent[i * 6 + l] * mix[l * dim + t]
        data[i * dim + t] = s
      }
    const low = pcaReduce(data, n, dim, 10)
    expect(low).toHaveLength(n * 10)
    for (let i = 0; i < n; i += 17)
      for (let j = i + 1; j < n; j += 23) {
        let a = 0
        let b = 0
        for (let t = 0; t < dim; t++) a += (data[i * dim + t] - data[j * dim + t]) ** 2
        for (let t = 0; t < 10; t++) b += (low[i * 10 + t] - low[j * 10 + t]) ** 2
        expect(Math.sqrt(b)).toBeCloseTo(Math.sqrt(a), 2)
      }
  })

  it('holds nearly the variance of the exact top components on a slowly decaying spectrum', () => {
    // Embedding-like data: 150 latent directions with variances falling as 1/k, plus noise.
    const n = 1500
    const dim = 200
    const latent = gaussianMatrix(n, 150, 1, 6)
    const mix = gaussianMatrix(150, dim, 1 / Math.sqrt(dim), 7)
    const noise = gaussianMatrix(n, dim, 0.05, 8)
    const data = new Float32Array(n * dim)
    for (let i = 0; i < n; i++)
      for (let t = 0; t < dim; t++) {
        let s = noise[i * dim + t] + 1
        for (let l = 0; l < 150; l++)
          s += (latent[i * 150 + l] * mix[l * dim + t]) / Math.sqrt(l + 1)
        data[i * dim + t] = s
      }
    const low = pcaReduce(data, n, dim, 20)
    const mean = new Float64Array(dim)
    for (let i = 0; i < n * dim; i++) mean[i % dim] += data[i] / n
    let total = 0
    for (let i = 0; i < n * dim; i++) total += (data[i] - mean[i % dim]) ** 2
    let held = 0
    for (const v of low) held += v * v
    // Shares of the total variance: the 20 coordinates' against the exact top 20 components'.
    const share = held / total
    const top = pca(data, n, dim, 20, null, { solver: 'exact' }).explained.reduce((s, v) => s + v)
    expect(share).toBeLessThanOrEqual(top + 1e-9)
    expect(share).toBeGreaterThan(0.97 * top)
    expect(pcaReduce(data, n, dim, 20)).toEqual(low)
  })

  it('t-SNE on an approximate graph of many dimensions keeps T(10) of the exact one', () => {
    const n = 800
    const dim = 120
    const centres = gaussianMatrix(8, dim, 3, 4)
    const data = gaussianMatrix(n, dim, 1, 5).map(
      (v, e) => v + centres[(Math.floor(e / dim) % 8) * dim + (e % dim)],
    )
    const t = (knn: 'exact' | 'approximate') => {
      const p = new TsneProjector(2, { knn, maxIterations: 400 })
      p.update(data, n, dim)
      while (p.step());
      expect(p.neighbourGraph()?.approximate).toBe(knn === 'approximate')
      return trustworthiness(data, n, dim, p.positions(), 2, 10, 'euclidean')
    }
    const exact = t('exact')
    expect(t('approximate')).toBeGreaterThanOrEqual(exact - 0.02)
  })
})
