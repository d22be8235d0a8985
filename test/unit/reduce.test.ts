import { describe, expect, it } from 'vitest'
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
