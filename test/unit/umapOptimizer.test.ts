import { UMAP } from 'umap-js'
import { describe, expect, it } from 'vitest'
import { knnGraph } from '../../src/model/projection/knn'
import { trustworthiness } from '../../src/model/projection/quality'
import { umapKnn } from '../../src/model/projection/umap'
import { installFastGraph } from '../../src/model/projection/umapGraph'
import { PowB, UmapOptimizer } from '../../src/model/projection/umapOptimizer'
import { gaussianMatrix, mulberry32 } from '../../src/model/training/random'

describe('PowB', () => {
  for (const b of [0.79, 0.8951, 1.2, 1.93]) {
    it(`gives x^${b} within 2e-8 of Math.pow over 60 orders of magnitude`, () => {
      const pow = new PowB(b)
      const random = mulberry32(3)
      let worst = 0
      for (let i = 0; i < 100_000; i++) {
        const x = Math.exp((random() - 0.5) * 140)
        worst = Math.max(worst, Math.abs(pow.of(x) / Math.pow(x, b) - 1))
      }
      expect(worst).toBeLessThan(2e-8)
      // Exact where the tables are: powers of two and the first mantissa steps.
      expect(pow.of(1)).toBe(1)
      expect(pow.of(4)).toBeCloseTo(Math.pow(4, b), 12)
    })
  }

  it('falls back to Math.pow for 0, subnormals, infinity and NaN', () => {
    const pow = new PowB(0.9)
    expect(pow.of(0)).toBe(0)
    expect(pow.of(1e-310)).toBe(Math.pow(1e-310, 0.9))
    expect(pow.of(Infinity)).toBe(Infinity)
    expect(pow.of(NaN)).toBeNaN()
  })
})

/** Planted clusters: 6 centres spread 3 in 16 dims, 100 points each with spread 1. */
function clusters(n = 600, dim = 16): Float32Array {
  const centres = gaussianMatrix(6, dim, 3, 21)
  const noise = gaussianMatrix(n, dim, 1, 22)
  return noise.map((v, i) => v + centres[(Math.floor(i / dim) % 6) * dim + (i % dim)])
}

/** umap-js set up on our exact kNN graph, as UmapProjector sets it up, with its own stream. */
function prepared(data: Float32Array, n: number, dim: number, dims: number, seed: number) {
  const random = mulberry32(seed)
  const umap = new UMAP({ nComponents: dims, nNeighbors: 15, random })
  const { indices, distances } = umapKnn(knnGraph(data, n, dim, 14, 'cosine'), 1e-6)
  umap.setPrecomputedKNN(indices, distances)
  installFastGraph(umap, indices, distances)
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from(data.subarray(i * dim, i * dim + dim)),
  )
  const epochs = umap.initializeFit(rows)
  return { umap, random, epochs }
}

describe('UmapOptimizer', () => {
  const n = 600
  const dim = 16
  const data = clusters(n, dim)

  for (const dims of [2, 3] as const) {
    it(`follows umap-js's own optimiser step for step (${dims}D, same draws)`, () => {
      const theirs = prepared(data, n, dim, dims, 5)
      const ours = prepared(data, n, dim, dims, 5)
      const start = ours.umap.getEmbedding().flat()
      const optimizer = new UmapOptimizer(ours.umap, start, dims, ours.random)
      expect(optimizer.nEpochs).toBe(theirs.epochs)
      // Three epochs: SGD amplifies the tiny d^b differences (~50× an epoch in 2D).
      for (let e = 1; e <= 3; e++) {
        expect(optimizer.step()).toBe(theirs.umap.step())
        const expected = theirs.umap.getEmbedding().flat()
        let worst = 0
        for (let t = 0; t < expected.length; t++)
          worst = Math.max(worst, Math.abs(optimizer.embedding[t] - expected[t]))
        // Only d^b differs (PowB, relative error < 2e-8); the random draws are the same.
        expect(worst).toBeLessThan(1e-6)
      }
    })
  }

  it('lays out as well as umap-js over a whole run', () => {
    const theirs = prepared(data, n, dim, 3, 9)
    const ours = prepared(data, n, dim, 3, 9)
    const optimizer = new UmapOptimizer(ours.umap, ours.umap.getEmbedding().flat(), 3, ours.random)
    while (optimizer.epoch < optimizer.nEpochs) optimizer.step()
    while (theirs.umap.step() < theirs.epochs);
    expect(optimizer.step()).toBe(optimizer.nEpochs) // nothing past the last epoch
    const t = (layout: ArrayLike<number>) =>
      trustworthiness(data, n, dim, Float32Array.from(layout), 3, 10, 'cosine')
    const oursT = t(optimizer.embedding)
    expect(oursT).toBeGreaterThan(0.9)
    expect(Math.abs(oursT - t(theirs.umap.getEmbedding().flat()))).toBeLessThan(0.01)
  })
})
