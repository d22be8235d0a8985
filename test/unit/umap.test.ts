import { beforeAll, describe, expect, it } from 'vitest'
import { trustworthiness } from '../../src/model/projection/quality'
import { UmapProjector } from '../../src/model/projection/umap'
import { gaussianMatrix, mulberry32 } from '../../src/model/training/random'

const CLUSTERS = 10
const PER = 100
const DIM = 32
const N = CLUSTERS * PER

/** Ten planted gaussian clusters in 32 dims: centres spread 3, points spread 1 around them. */
function clusters(): Float32Array {
  const centres = gaussianMatrix(CLUSTERS, DIM, 3, 11)
  const noise = gaussianMatrix(N, DIM, 1, 12)
  return noise.map((v, i) => v + centres[Math.floor(i / (PER * DIM)) * DIM + (i % DIM)])
}

/** Mean distance of points to their cluster's centroid / mean distance between centroids. */
function separation(layout: Float32Array, dims: number): number {
  const centroids = new Float64Array(CLUSTERS * dims)
  for (let i = 0; i < N; i++)
    for (let c = 0; c < dims; c++)
      centroids[Math.floor(i / PER) * dims + c] += layout[i * dims + c] / PER
  const dist = (a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number) =>
    Math.hypot(...Array.from({ length: dims }, (_, c) => a[i * dims + c] - b[j * dims + c]))
  let intra = 0
  for (let i = 0; i < N; i++) intra += dist(layout, i, centroids, Math.floor(i / PER)) / N
  let inter = 0
  let pairs = 0
  for (let a = 0; a < CLUSTERS; a++)
    for (let b = a + 1; b < CLUSTERS; b++, pairs++) inter += dist(centroids, a, centroids, b)
  return intra / (inter / pairs)
}

function rmsRadius(layout: Float32Array, dims: number): number {
  const n = layout.length / dims
  let s = 0
  for (let c = 0; c < dims; c++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += layout[i * dims + c] / n
    for (let i = 0; i < n; i++) s += (layout[i * dims + c] - mean) ** 2
  }
  return Math.sqrt(s / n)
}

function meanDisplacement(a: Float32Array, b: Float32Array, dims: number): number {
  let s = 0
  for (let i = 0; i < a.length / dims; i++)
    s += Math.hypot(...Array.from({ length: dims }, (_, c) => a[i * dims + c] - b[i * dims + c]))
  return s / (a.length / dims)
}

function run(p: UmapProjector): Float32Array {
  while (p.step());
  return p.positions()
}

describe('UmapProjector on planted clusters', () => {
  const data = clusters()
  let projector: UmapProjector
  let layout: Float32Array

  beforeAll(() => {
    projector = new UmapProjector(3, { metric: 'euclidean' })
    projector.update(data, N, DIM)
    layout = run(projector).slice()
  })

  it('finishes all epochs with a finite, separated, trustworthy layout', () => {
    expect(projector.info()).toEqual({ epoch: 500, nEpochs: 500, approximateKnn: 0 })
    expect(layout.length).toBe(N * 3)
    expect(layout.every(Number.isFinite)).toBe(true)
    expect(separation(layout, 3)).toBeLessThan(0.1)
    expect(trustworthiness(data, N, DIM, layout, 3, 10, 'euclidean')).toBeGreaterThanOrEqual(0.95)
  })

  it('is deterministic for a fixed seed and differs for another seed', () => {
    const once = (seed: number) => {
      const p = new UmapProjector(2, { nEpochs: 60, seed })
      p.update(data, N, DIM)
      return run(p).slice()
    }
    const a = once(3)
    expect(once(3)).toEqual(a)
    expect(once(4)).not.toEqual(a)
  })

  it('warm-starts from the previous layout without scattering it', () => {
    const random = mulberry32(5)
    const moved = data.map((v) => v + 0.05 * (random() * 2 - 1))
    projector.update(moved, N, DIM)
    expect(projector.step()).toBe(true)
    expect(projector.info()).toEqual({ epoch: 0, nEpochs: 500, approximateKnn: 0 })
    expect(projector.positions()).toEqual(layout)
    for (let s = 0; s < 25; s++) projector.step()
    expect(projector.info().epoch).toBe(100)
    const radius = rmsRadius(layout, 3)
    expect(meanDisplacement(projector.positions(), layout, 3)).toBeLessThan(0.15 * radius)
    const after = run(projector)
    expect(meanDisplacement(after, layout, 3)).toBeLessThan(0.25 * radius)
    expect(separation(after, 3)).toBeLessThan(0.1)
  })
})

describe('UmapProjector edge cases', () => {
  it("builds the same fuzzy graph as umap-js's own code: identical layouts", () => {
    const base = gaussianMatrix(300, 8, 1, 21)
    // Every third point duplicates another: ties, zero distances and all-zero kNN rows.
    const data = base.map((v, i) => (Math.floor(i / 8) % 3 ? v : base[(i % 8) + 8]))
    for (const metric of ['cosine', 'euclidean'] as const) {
      const layout = (fastGraph: boolean) => {
        const p = new UmapProjector(2, { nEpochs: 30, metric, fastGraph, nNeighbors: 20 })
        p.update(data, 300, 8)
        return run(p).slice()
      }
      expect(layout(true)).toEqual(layout(false))
    }
  })

  it('handles tiny n without throwing', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 16]) {
      const p = new UmapProjector(2, { nEpochs: 20 })
      p.update(gaussianMatrix(n, 6, 1, n), n, 6)
      const layout = run(p)
      expect(layout.length).toBe(n * 2)
      expect(layout.every(Number.isFinite)).toBe(true)
    }
  })

  it('handles identical vectors, then distinct ones, without NaN', () => {
    const p = new UmapProjector(3, { nEpochs: 30 })
    const same = new Float32Array(200 * 8).fill(0.5)
    p.update(same, 200, 8)
    expect(run(p).every((v) => v === 0)).toBe(true)
    // Ten distinct vectors, twenty copies each: every kNN row is all zeros.
    const copies = gaussianMatrix(10, 8, 1, 2)
    const dup = Float32Array.from(
      { length: 200 * 8 },
      (_, i) => copies[(Math.floor(i / 8) % 10) * 8 + (i % 8)],
    )
    p.update(dup, 200, 8)
    const layout = run(p)
    expect(layout.every(Number.isFinite)).toBe(true)
    expect(rmsRadius(layout, 3)).toBeGreaterThan(0)
    p.update(gaussianMatrix(200, 8, 1, 3), 200, 8)
    expect(run(p).every(Number.isFinite)).toBe(true)
  })

  it('restarts to the same layout as a fresh projector; perturb moves, then settles', () => {
    const data = gaussianMatrix(300, 8, 1, 9)
    const fresh = new UmapProjector(2, { nEpochs: 40 })
    fresh.update(data, 300, 8)
    const expected = run(fresh).slice()
    const p = new UmapProjector(2, { nEpochs: 40 })
    p.update(gaussianMatrix(300, 8, 1, 10), 300, 8)
    run(p)
    p.update(data, 300, 8)
    run(p)
    p.restart()
    expect(run(p)).toEqual(expected)
    const before = p.positions().slice()
    p.perturb(0.5)
    p.step()
    const moved = meanDisplacement(p.positions(), before, 2)
    expect(moved).toBeGreaterThan(0.2 * rmsRadius(before, 2))
    expect(p.info().epoch).toBe(0)
    expect(run(p).every(Number.isFinite)).toBe(true)
  })
})
