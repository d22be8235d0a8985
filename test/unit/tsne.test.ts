import { describe, expect, it } from 'vitest'
import { knnGraph } from '../../src/model/projection/knn'
import { MAX_DEPTH, SpaceTree } from '../../src/model/projection/spacetree'
import {
  barnesHutGradient,
  exactGradient,
  klDivergence,
  TsneProjector,
  type TsneParams,
  tsneAffinities,
} from '../../src/model/projection/tsne'
import { conditionalAffinities, symmetrise } from '../../src/model/projection/tsneAffinity'
import { mulberry32 } from '../../src/model/training/random'

/** Standard normal samples from a seeded uniform source (Box–Muller). */
function gaussian(seed: number): () => number {
  const random = mulberry32(seed)
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

function randomPoints(n: number, dim: number, scale: number, seed: number): Float64Array {
  const g = gaussian(seed)
  return Float64Array.from({ length: n * dim }, () => g() * scale)
}

/** Well-separated gaussian blobs in `dim` dimensions; point i belongs to blob i % clusters. */
function plantedClusters(clusters: number, size: number, dim: number, seed: number) {
  const g = gaussian(seed)
  const centres = Float64Array.from({ length: clusters * dim }, () => g() * 8)
  const n = clusters * size
  const data = new Float32Array(n * dim)
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres[(i % clusters) * dim + d] + g()
  return { data, n, dim, label: (i: number) => i % clusters }
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let num = 0
  let den = 0
  for (let t = 0; t < a.length; t++) {
    num += (a[t] - b[t]) ** 2
    den += b[t] ** 2
  }
  return Math.sqrt(num / den)
}

function dist2(a: ArrayLike<number>, i: number, j: number, dim: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) s += (a[i * dim + d] - a[j * dim + d]) ** 2
  return s
}

/** Brute-force trustworthiness T(k) (Venna & Kaski), as sklearn.manifold.trustworthiness. */
function trustworthiness(
  x: ArrayLike<number>,
  dim: number,
  y: ArrayLike<number>,
  dims: number,
  n: number,
  k: number,
): number {
  const rank = new Int32Array(n)
  let penalty = 0
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i)
    const dx = others.map((j) => dist2(x, i, j, dim))
    const byX = others.map((_, t) => t).sort((a, b) => dx[a] - dx[b] || a - b)
    byX.forEach((t, r) => (rank[others[t]] = r + 1))
    const dy = others.map((j) => dist2(y, i, j, dims))
    const byY = others.map((_, t) => t).sort((a, b) => dy[a] - dy[b] || a - b)
    for (const t of byY.slice(0, k)) penalty += Math.max(0, rank[others[t]] - k)
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty
}

describe('SpaceTree', () => {
  for (const dims of [2, 3] as const) {
    it(`holds all mass with the mean as the root centre of mass (${dims}D)`, () => {
      const n = 1000
      const pos = randomPoints(n, dims, 3, 11 + dims)
      const tree = new SpaceTree(dims)
      tree.build(pos, n)
      expect(tree.mass()).toBe(n)
      const com = tree.centreOfMass()
      for (let d = 0; d < dims; d++) {
        let mean = 0
        for (let i = 0; i < n; i++) mean += pos[i * dims + d] / n
        expect(com[d]).toBeCloseTo(mean, 12)
      }
      // Float32 positions build the same tree.
      tree.build(Float32Array.from(pos), n)
      expect(tree.mass()).toBe(n)
    })

    it(`stops splitting on coincident and nearly coincident points (${dims}D)`, () => {
      const n = 600
      const pos = randomPoints(n, dims, 1, 5)
      for (let i = 0; i < 400; i++) for (let d = 0; d < dims; d++) pos[i * dims + d] = 0.25
      // 100 points a few ulps apart: they would need ~50 levels to separate.
      for (let i = 400; i < 500; i++) pos[i * dims] = 1 + (i - 400) * Number.EPSILON
      const tree = new SpaceTree(dims)
      tree.build(pos, n)
      expect(tree.mass()).toBe(n)
      expect(tree.depth()).toBeLessThanOrEqual(MAX_DEPTH)
      expect(tree.size).toBeLessThan(100 * n)
      const P = tsneAffinities(Float32Array.from(pos), n, dims, 10)
      const bh = barnesHutGradient(pos, n, dims, P, 0)
      expect(bh.grad.every(Number.isFinite)).toBe(true)
      expect(relativeError(bh.grad, exactGradient(pos, n, dims, P).grad)).toBeLessThan(1e-6)
    })
  }
})

describe('SpaceTree rebuilds', () => {
  it('gives the same sums whatever order the last build left (points sharing leaves too)', () => {
    const n = 800
    const pos = randomPoints(n, 3, 2, 17)
    // Points a few ulps apart: they share a leaf at MAX_DEPTH, summed in index order.
    const jitter = gaussian(19)
    for (let i = 0; i < 60; i++)
      for (let d = 0; d < 3; d++) pos[i * 7 * 3 + d] = 0.5 + jitter() * 1e-14
    const fresh = new SpaceTree(3)
    fresh.build(pos, n)
    const a = new Float64Array(n * 3)
    const za = fresh.repulsion(0.5, a)
    // A tree last built over other points inserts in that build's leaf order.
    const reused = new SpaceTree(3)
    reused.build(randomPoints(n, 3, 5, 18), n)
    reused.build(pos, n)
    const b = new Float64Array(n * 3)
    expect(reused.repulsion(0.5, b)).toBe(za)
    expect(b).toEqual(a)
  })
})

describe('t-SNE gradient', () => {
  for (const dims of [2, 3] as const) {
    it(`Barnes-Hut gradient: exact at theta 0, close at theta 0.5 (${dims}D)`, () => {
      const { data, n, dim } = plantedClusters(5, 80, 16, 21)
      const P = tsneAffinities(data, n, dim, 20)
      const y = randomPoints(n, dims, 10, 3)
      const exact = exactGradient(y, n, dims, P, 4)
      const bh0 = barnesHutGradient(y, n, dims, P, 0, 4)
      expect(relativeError(bh0.grad, exact.grad)).toBeLessThan(1e-6)
      expect(bh0.z).toBeCloseTo(exact.z, 6)
      const bh5 = barnesHutGradient(y, n, dims, P, 0.5, 4)
      expect(relativeError(bh5.grad, exact.grad)).toBeLessThan(0.02)
      expect(Math.abs(bh5.z / exact.z - 1)).toBeLessThan(0.01)
      // Coarser theta, coarser gradient.
      const errors = [0.25, 0.5, 0.9].map((theta) =>
        relativeError(barnesHutGradient(y, n, dims, P, theta, 4).grad, exact.grad),
      )
      expect(errors[0]).toBeGreaterThan(0)
      expect(errors[1]).toBeGreaterThan(errors[0])
      expect(errors[2]).toBeGreaterThan(errors[1])
    })
  }

  it('the exact gradient is the derivative of the KL divergence (finite differences)', () => {
    const { data, n, dim } = plantedClusters(3, 20, 8, 6)
    const P = tsneAffinities(data, n, dim, 5)
    for (const dims of [2, 3] as const) {
      const y = randomPoints(n, dims, 3, 10 + dims)
      const kl = (at: Float64Array) => klDivergence(at, dims, P, exactGradient(at, n, dims, P).z)
      const { grad } = exactGradient(y, n, dims, P)
      const h = 1e-6
      const numeric = new Float64Array(n * dims)
      for (let t = 0; t < n * dims; t++) {
        const plus = y.slice()
        const minus = y.slice()
        plus[t] += h
        minus[t] -= h
        numeric[t] = (kl(plus) - kl(minus)) / (2 * h)
      }
      expect(relativeError(grad, numeric)).toBeLessThan(1e-5)
    }
  })

  it('KL divergence from sparse P and Z equals the dense sum', () => {
    const { data, n, dim } = plantedClusters(3, 30, 8, 2)
    const P = tsneAffinities(data, n, dim, 10)
    const y = randomPoints(n, 2, 2, 9)
    const z = exactGradient(y, n, 2, P).z
    const dense = new Float64Array(n * n)
    for (let i = 0; i < n; i++)
      for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) dense[i * n + P.cols[e]] = P.vals[e]
    let kl = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const p = dense[i * n + j]
        if (i !== j && p > 0) kl += p * Math.log(p / (1 / (1 + dist2(y, i, j, 2)) / z))
      }
    expect(klDivergence(y, 2, P, z)).toBeCloseTo(kl, 10)
    expect(kl).toBeGreaterThan(0)
  })
})

describe('t-SNE affinities', () => {
  it('calibrates each row to the perplexity and symmetrises to a sum of 1', () => {
    const n = 400
    const dim = 8
    const data = Float32Array.from(randomPoints(n, dim, 1, 8))
    const perplexity = 20
    const graph = knnGraph(data, n, dim, 60, 'euclidean')
    const { p } = conditionalAffinities(graph, perplexity)
    for (let i = 0; i < n; i++) {
      let sum = 0
      let entropy = 0
      for (let t = 0; t < graph.k; t++) {
        const v = p[i * graph.k + t]
        sum += v
        if (v > 0) entropy -= v * Math.log(v)
      }
      expect(sum).toBeCloseTo(1, 10)
      expect(Math.abs(entropy - Math.log(perplexity))).toBeLessThan(1e-3)
    }
    const P = symmetrise(graph, p)
    let total = 0
    const lookup = new Map<number, number>()
    for (let i = 0; i < n; i++)
      for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
        total += P.vals[e]
        lookup.set(i * n + P.cols[e], P.vals[e])
      }
    expect(total).toBeCloseTo(1, 10)
    expect(lookup.size).toBe(P.vals.length) // no duplicate column within a row
    for (let i = 0; i < n; i++)
      for (let e = P.rowPtr[i] + 1; e < P.rowPtr[i + 1]; e++)
        expect(P.cols[e]).toBeGreaterThan(P.cols[e - 1])
    for (const [key, v] of lookup) {
      const i = Math.floor(key / n)
      expect(lookup.get((key % n) * n + i)).toBeCloseTo(v, 15)
    }
  })
})

describe('TsneProjector', () => {
  for (const dims of [2, 3] as const) {
    it(`separates planted clusters and keeps neighbourhoods, run to its end (${dims}D)`, () => {
      const { data, n, dim, label } = plantedClusters(10, 100, 32, 40 + dims)
      const tsne = new TsneProjector(dims)
      tsne.update(data, n, dim)
      while (tsne.step());
      const y = tsne.positions()
      expect(y.length).toBe(n * dims)
      expect(y.every(Number.isFinite)).toBe(true)
      const centroid = new Float64Array(10 * dims)
      for (let i = 0; i < n; i++)
        for (let d = 0; d < dims; d++) centroid[label(i) * dims + d] += y[i * dims + d] / 100
      let intra = 0
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let d = 0; d < dims; d++) s += (y[i * dims + d] - centroid[label(i) * dims + d]) ** 2
        intra += Math.sqrt(s) / n
      }
      let inter = 0
      for (let a = 0; a < 10; a++)
        for (let b = a + 1; b < 10; b++) inter += Math.sqrt(dist2(centroid, a, b, dims)) / 45
      expect(intra / inter).toBeLessThan(0.3)
      expect(trustworthiness(data, dim, y, dims, n, 10)).toBeGreaterThanOrEqual(0.95)
      const info = tsne.info()
      // Settled (see the convergence tests) after exaggeration, within the 1,000-step budget.
      expect(info.iteration).toBeGreaterThan(300)
      expect(info.iteration).toBeLessThanOrEqual(1000)
      expect(info.learningRate).toBe(50)
      expect(info.klDivergence).toBeGreaterThan(0)
      expect(info.klDivergence).toBeLessThan(1.2)
    })
  }

  describe('convergence', () => {
    const { data, n, dim } = plantedClusters(10, 60, 16, 7)
    const run = (params: Partial<TsneParams>) => {
      const tsne = new TsneProjector(2, params)
      tsne.update(data, n, dim)
      while (tsne.step());
      return tsne
    }

    it('does not end a fresh run early: it settles where running on would not improve it', () => {
      const settled = run({})
      const full = run({ convergence: 0 })
      expect(full.iteration).toBe(1000)
      // Never before two KL checks after exaggeration (250 + 2 × 50), and here well before the end.
      expect(settled.iteration).toBeGreaterThan(350)
      expect(settled.iteration).toBeLessThan(900)
      const t = (p: TsneProjector) => trustworthiness(data, dim, p.positions(), 2, n, 10)
      expect(t(settled)).toBeGreaterThan(t(full) - 0.005)
      expect(settled.info().klDivergence).toBeLessThan(full.info().klDivergence * 1.05)
    })

    it('ends a run on converged data: a warm start on the vectors it settled on', () => {
      for (const convergence of [0.01, 0]) {
        const tsne = run({ convergence })
        tsne.update(data, n, dim)
        let steps = 0
        while (tsne.step()) steps++
        // Two KL checks, 50 steps apart, find it settled; without the test it runs the budget.
        expect(steps).toBe(convergence > 0 ? 51 : 1000)
      }
    })

    it('gives the same layout and stopping point for the same seed', () => {
      const a = run({ seed: 3 })
      const b = run({ seed: 3 })
      expect(b.iteration).toBe(a.iteration)
      expect(b.positions()).toEqual(a.positions())
    })
  })

  it('is deterministic for a seed and differs across seeds', () => {
    const { data, n, dim } = plantedClusters(4, 50, 10, 3)
    const run = (seed: number) => {
      const tsne = new TsneProjector(3, { seed, perplexity: 15 })
      tsne.update(data, n, dim)
      for (let it = 0; it < 60; it++) tsne.step()
      return tsne.positions().slice()
    }
    const a = run(1)
    expect(run(1)).toEqual(a)
    expect(relativeError(Float64Array.from(run(2)), Float64Array.from(a))).toBeGreaterThan(0.1)
  })

  it('warm-starts from the current layout after an update with the same point count', () => {
    const { data, n, dim } = plantedClusters(5, 60, 16, 12)
    const tsne = new TsneProjector(2, { perplexity: 20, convergence: 0 })
    tsne.update(data, n, dim)
    // Run to the end (1000 steps): before that the layout is still expanding on its own.
    while (tsne.step());
    expect(tsne.iteration).toBe(1000)
    const before = tsne.positions().slice()
    const g = gaussian(99)
    tsne.update(
      data.map((v) => v + 0.05 * g()),
      n,
      dim,
    )
    expect(tsne.iteration).toBe(0)
    expect(tsne.positions()).toEqual(before)
    expect(tsne.info().exaggeration).toBe(1)
    // Mean displacement relative to the layout's RMS radius.
    const displacement = () => {
      const after = tsne.positions()
      let moved = 0
      let radius = 0
      for (let i = 0; i < n; i++) {
        moved += Math.hypot(after[2 * i] - before[2 * i], after[2 * i + 1] - before[2 * i + 1]) / n
        radius += (before[2 * i] ** 2 + before[2 * i + 1] ** 2) / n
      }
      return moved / Math.sqrt(radius)
    }
    expect(tsne.step()).toBe(true)
    expect(displacement()).toBeLessThan(0.002)
    for (let it = 1; it < 100; it++) tsne.step()
    expect(displacement()).toBeGreaterThan(0)
    expect(displacement()).toBeLessThan(0.1)
  })

  it('an update before the first step still starts cold, with the newest vectors', () => {
    const { data, n, dim } = plantedClusters(4, 30, 8, 5)
    const once = new TsneProjector(3, { perplexity: 10 })
    once.update(data, n, dim)
    const twice = new TsneProjector(3, { perplexity: 10 })
    twice.update(
      data.map((v) => -v),
      n,
      dim,
    )
    twice.update(data, n, dim)
    expect(twice.info().exaggeration).toBe(12)
    for (let it = 0; it < 40; it++) {
      once.step()
      twice.step()
    }
    expect(twice.positions()).toEqual(once.positions())
  })

  it('restart reproduces a fresh run; perturb and maxIterations control stepping', () => {
    const { data, n, dim } = plantedClusters(3, 40, 6, 4)
    const fresh = new TsneProjector(2, { perplexity: 10, maxIterations: 30 })
    fresh.update(data, n, dim)
    for (let it = 0; it < 30; it++) expect(fresh.step()).toBe(true)
    expect(fresh.step()).toBe(false)
    const reference = fresh.positions().slice()
    fresh.restart()
    expect(fresh.iteration).toBe(0)
    for (let it = 0; it < 30; it++) fresh.step()
    expect(fresh.positions()).toEqual(reference)
    fresh.perturb(0.5)
    const nudged = relativeError(Float64Array.from(fresh.positions()), Float64Array.from(reference))
    expect(nudged).toBeGreaterThan(0.2)
    expect(nudged).toBeLessThan(1)
    expect(fresh.step()).toBe(true)
  })

  for (const dims of [2, 3] as const)
    it(`gives finite layouts for tiny inputs (${dims}D)`, () => {
      for (const n of [0, 1, 2, 3, 5]) {
        const data = Float32Array.from(randomPoints(n, 4, 1, n))
        const tsne = new TsneProjector(dims)
        tsne.update(data, n, 4)
        for (let it = 0; it < 300; it++) tsne.step()
        const y = tsne.positions()
        expect(y.length).toBe(n * dims)
        expect(y.every(Number.isFinite)).toBe(true)
        expect(tsne.info().perplexity).toBeGreaterThanOrEqual(1)
        if (n >= 2) expect(tsne.iteration).toBe(300)
      }
    })

  it('picks its iteration budget by size: 1,000 up to 5,000 points, 500 above', () => {
    const budget = (n: number, params = {}) => {
      const tsne = new TsneProjector(2, params)
      tsne.update(
        new Float32Array(n * 2).map((_, i) => Math.sin(i)),
        n,
        2,
      )
      return tsne.maxIterations
    }
    expect(budget(100)).toBe(1000)
    expect(budget(5000)).toBe(1000)
    expect(budget(5001)).toBe(500)
    expect(budget(20_000, { maxIterations: 700 })).toBe(700)
    const small = new TsneProjector(2, { perplexity: 5, convergence: 0 })
    small.update(Float32Array.from(randomPoints(40, 2, 1, 3)), 40, 2)
    let steps = 0
    while (small.step()) steps++
    expect(steps).toBe(1000)
  })
})
