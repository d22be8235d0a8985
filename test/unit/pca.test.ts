import { describe, expect, it } from 'vitest'
import { symmetricEigen } from '../../src/model/projection/eigen'
import { covariance, pca, PcaProjector, projectOnto } from '../../src/model/projection/pca'
import { mulberry32 } from '../../src/model/training/random'

/** Standard normal samples from a seeded uniform source (Box–Muller). */
function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12)
    const v = random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
}

function randomSymmetric(d: number, seed: number): Float64Array {
  const random = mulberry32(seed)
  const m = new Float64Array(d * d)
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const x = random() * 2 - 1
      m[i * d + j] = x
      m[j * d + i] = x
    }
  return m
}

function row(m: ArrayLike<number>, i: number, d: number): number[] {
  return Array.from({ length: d }, (_, k) => m[i * d + k])
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0
  for (let k = 0; k < a.length; k++) s += a[k] * b[k]
  return s
}

/** Largest |<r_i, r_j> − δ_ij| over the first `count` rows of length d. */
function orthonormalityError(rows: ArrayLike<number>, count: number, d: number): number {
  let worst = 0
  for (let i = 0; i < count; i++)
    for (let j = 0; j < count; j++) {
      const err = Math.abs(dot(row(rows, i, d), row(rows, j, d)) - (i === j ? 1 : 0))
      worst = Math.max(worst, err)
    }
  return worst
}

/** Sample variance (n − 1) of column c of an n×count row-major array. */
function columnVariance(data: ArrayLike<number>, n: number, count: number, c: number): number {
  let mean = 0
  for (let i = 0; i < n; i++) mean += data[i * count + c]
  mean /= n
  let s = 0
  for (let i = 0; i < n; i++) s += (data[i * count + c] - mean) ** 2
  return s / (n - 1)
}

/**
 * n points in d dimensions whose sample covariance is exactly diagonal with the given standard
 * deviations (up to float32 rounding): random columns, centred and Gram–Schmidt orthonormalised.
 */
function axisData(n: number, stds: number[], seed: number): Float32Array {
  const d = stds.length
  const g = gaussian(mulberry32(seed))
  const cols: Float64Array[] = []
  for (let c = 0; c < d; c++) {
    const col = Float64Array.from({ length: n }, g)
    const mean = col.reduce((a, b) => a + b, 0) / n
    for (let i = 0; i < n; i++) col[i] -= mean
    for (const prev of cols) {
      const p = dot(col, prev)
      for (let i = 0; i < n; i++) col[i] -= p * prev[i]
    }
    const norm = Math.sqrt(dot(col, col))
    for (let i = 0; i < n; i++) col[i] /= norm
    cols.push(col)
  }
  const out = new Float32Array(n * d)
  const unit = Math.sqrt(n - 1)
  for (let i = 0; i < n; i++)
    for (let c = 0; c < d; c++) out[i * d + c] = cols[c][i] * unit * stds[c]
  return out
}

describe('symmetricEigen', () => {
  it('gives exact golden values for [[2,1],[1,2]]', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2)
    expect(values[0]).toBeCloseTo(3, 12)
    expect(values[1]).toBeCloseTo(1, 12)
    const s = Math.SQRT1_2
    // Eigenvector of 3 is ±(1, 1)/√2, of 1 is ±(1, −1)/√2.
    expect(Math.abs(vectors[0])).toBeCloseTo(s, 12)
    expect(vectors[1]).toBeCloseTo(vectors[0], 12)
    expect(Math.abs(vectors[2])).toBeCloseTo(s, 12)
    expect(vectors[3]).toBeCloseTo(-vectors[2], 12)
  })

  it('gives exact golden values for a 3×3 matrix with known spectrum', () => {
    // [[4,1,0],[1,4,0],[0,0,7]] has eigenvalues 7, 5, 3.
    const { values, vectors } = symmetricEigen(Float64Array.from([4, 1, 0, 1, 4, 0, 0, 0, 7]), 3)
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([7, 5, 3])
    expect(Math.abs(vectors[2])).toBeCloseTo(1, 12) // λ = 7 → ±e_z
  })

  it('returns a diagonal matrix unchanged, sorted descending', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 3]), 3)
    expect(Array.from(values)).toEqual([5, 3, 1])
    expect(Array.from(vectors).map(Math.abs)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0])
  })

  it('handles the zero matrix without NaN', () => {
    const { values, vectors } = symmetricEigen(new Float64Array(16), 4)
    expect(Array.from(values)).toEqual([0, 0, 0, 0])
    expect(orthonormalityError(vectors, 4, 4)).toBe(0)
  })

  for (const [d, seed] of [
    [2, 11],
    [5, 12],
    [12, 13],
    [40, 14],
  ]) {
    it(`decomposes a random symmetric ${d}×${d} matrix`, () => {
      const a = randomSymmetric(d, seed)
      const { values, vectors } = symmetricEigen(a, d)
      expect(values.length).toBe(d)
      expect(vectors.length).toBe(d * d)
      const scale = Math.max(...Array.from(values, Math.abs))
      for (let i = 0; i < d; i++) {
        const v = row(vectors, i, d)
        for (let r = 0; r < d; r++) {
          const av = dot(row(a, r, d), v)
          expect(Math.abs(av - values[i] * v[r])).toBeLessThan(1e-6 * scale)
        }
      }
      expect(orthonormalityError(vectors, d, d)).toBeLessThan(1e-6)
      for (let i = 1; i < d; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1])
      let trace = 0
      for (let i = 0; i < d; i++) trace += a[i * d + i]
      const sum = values.reduce((s, v) => s + v, 0)
      expect(Math.abs(sum - trace)).toBeLessThan(1e-9 * Math.max(1, Math.abs(trace)))
      // The input is not modified.
      expect(a).toEqual(randomSymmetric(d, seed))
    })
  }
})

describe('covariance', () => {
  it('gives golden mean and sample covariance', () => {
    const { mean, cov } = covariance(Float32Array.from([1, 2, 3, 4, 5, 0]), 3, 2)
    expect(Array.from(mean)).toEqual([3, 2])
    expect(Array.from(cov)).toEqual([4, -2, -2, 4])
  })
})

describe('pca', () => {
  const n = 300
  const d = 8

  function stretched(seed: number, direction: number[]): Float32Array {
    const g = gaussian(mulberry32(seed))
    const norm = Math.sqrt(dot(direction, direction))
    const u = direction.map((x) => x / norm)
    const out = new Float32Array(n * d)
    for (let i = 0; i < n; i++) {
      const t = g() * 10
      for (let k = 0; k < d; k++) out[i * d + k] = t * u[k] + g() * 0.5 + 3
    }
    return out
  }

  it('finds the stretch direction, with orthonormal components and valid fractions', () => {
    const direction = [1, -2, 0.5, 0, 3, -1, 0, 2]
    const norm = Math.sqrt(dot(direction, direction))
    const data = stretched(21, direction)
    for (const count of [2, 3]) {
      const r = pca(data, n, d, count)
      expect(r.components.length).toBe(count * d)
      expect(orthonormalityError(r.components, count, d)).toBeLessThan(1e-6)
      expect(r.explained.length).toBe(count)
      for (const e of r.explained) {
        expect(e).toBeGreaterThanOrEqual(0)
        expect(e).toBeLessThanOrEqual(1)
      }
      expect(r.explained.reduce((s, e) => s + e, 0)).toBeLessThanOrEqual(1 + 1e-9)
      expect(r.explained[0]).toBeGreaterThan(0.8)
      const first = row(r.components, 0, d)
      expect(Math.abs(dot(first, direction) / norm)).toBeGreaterThan(0.99)
      // Mean is close to the offset of 3 in every coordinate.
      for (const m of r.mean) expect(Math.abs(m - 3)).toBeLessThan(2)
    }
  })

  it('uses the canonical sign without a previous frame: largest entry positive', () => {
    const r = pca(stretched(22, [0, 0, -1, 0, 0, 0, 0, 0]), n, d, 3)
    for (let c = 0; c < 3; c++) {
      const comp = row(r.components, c, d)
      const largest = comp.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0)
      expect(largest).toBeGreaterThan(0)
    }
    // The stretch is along −e_z, so the canonical first component is +e_z.
    expect(r.components[2]).toBeGreaterThan(0.99)
  })

  it('projects with the expected variance ordering, centred, matching explained variance', () => {
    const data = axisData(n, [0.5, 4, 1, 2, 0.1, 0.2, 0.3, 3], 23)
    const r = pca(data, n, d, 3)
    // Axes in order of spread: 1 (4), 7 (3), 3 (2).
    expect(Math.abs(r.components[0 * d + 1])).toBeGreaterThan(0.999)
    expect(Math.abs(r.components[1 * d + 7])).toBeGreaterThan(0.999)
    expect(Math.abs(r.components[2 * d + 3])).toBeGreaterThan(0.999)
    const coords = projectOnto(data, n, d, r, 3)
    expect(coords.length).toBe(n * 3)
    const vars = [0, 1, 2].map((c) => columnVariance(coords, n, 3, c))
    expect(vars[0]).toBeGreaterThan(vars[1])
    expect(vars[1]).toBeGreaterThan(vars[2])
    expect(vars[0]).toBeCloseTo(16, 3)
    expect(vars[1]).toBeCloseTo(9, 3)
    expect(vars[2]).toBeCloseTo(4, 3)
    const total = [0.5, 4, 1, 2, 0.1, 0.2, 0.3, 3].reduce((s, x) => s + x * x, 0)
    for (let c = 0; c < 3; c++) expect(r.explained[c]).toBeCloseTo(vars[c] / total, 5)
    for (let c = 0; c < 3; c++) {
      let mean = 0
      for (let i = 0; i < n; i++) mean += coords[i * 3 + c]
      expect(Math.abs(mean / n)).toBeLessThan(1e-4)
    }
  })

  it('keeps slot order and sign for a slightly perturbed copy', () => {
    const data = axisData(n, [1, 5, 0.3, 3, 0.2, 2, 0.1, 0.4], 24)
    const first = pca(data, n, d, 3)
    const random = mulberry32(25)
    const perturbed = Float32Array.from(data, (x) => x + (random() - 0.5) * 0.05)
    for (const previous of [first.components, first.components.map((x) => -x)]) {
      const next = pca(perturbed, n, d, 3, previous)
      expect(orthonormalityError(next.components, 3, d)).toBeLessThan(1e-6)
      for (let c = 0; c < 3; c++)
        expect(dot(row(next.components, c, d), row(previous, c, d))).toBeGreaterThan(0.99)
    }
  })

  it('does not swap slots when two nearly equal variances change order', () => {
    // Variance along y slightly exceeds x: raw order is y, x, z.
    const data = axisData(n, [1, 1.02, 0.3], 26)
    const before = pca(data, n, 3, 2)
    expect(Math.abs(before.components[1])).toBeGreaterThan(0.999) // slot 0 ≈ ±e_y
    expect(Math.abs(before.components[3])).toBeGreaterThan(0.999) // slot 1 ≈ ±e_x
    // A slight change stretches x a little: now x exceeds y.
    const random = mulberry32(27)
    const after = Float32Array.from(
      data,
      (v, i) => (i % 3 === 0 ? v * 1.04 : v) + (random() - 0.5) * 1e-3,
    )
    const unaligned = pca(after, n, 3, 2)
    expect(Math.abs(unaligned.components[0])).toBeGreaterThan(0.999) // raw slot 0 ≈ ±e_x: swapped
    expect(unaligned.explained[0]).toBeGreaterThan(unaligned.explained[1])

    const aligned = pca(after, n, 3, 2, before.components)
    for (let c = 0; c < 2; c++)
      expect(dot(row(aligned.components, c, 3), row(before.components, c, 3))).toBeGreaterThan(
        0.999,
      )
    // The explained fractions move with their components.
    expect(aligned.explained[0]).toBeCloseTo(unaligned.explained[1], 12)
    expect(aligned.explained[1]).toBeCloseTo(unaligned.explained[0], 12)
  })

  it('ignores a previous frame of the wrong size', () => {
    const data = axisData(n, [1, 3, 2], 28)
    const plain = pca(data, n, 3, 2)
    const withBad = pca(data, n, 3, 2, new Float64Array(5).fill(-1))
    expect(Array.from(withBad.components)).toEqual(Array.from(plain.components))
  })
})

describe('PcaProjector', () => {
  function cloud(n: number, dim: number, seed: number): Float32Array {
    const g = gaussian(mulberry32(seed))
    return Float32Array.from({ length: n * dim }, (_, i) => g() * (1 + (i % dim)))
  }

  for (const dims of [2, 3] as const) {
    it(`computes once per update (${dims}D)`, () => {
      const n = 120
      const dim = 16
      const p = new PcaProjector(dims)
      expect(p.method).toBe('pca')
      expect(p.step()).toBe(false)
      p.update(cloud(n, dim, 31), n, dim)
      expect(p.iteration).toBe(0)
      expect(p.step()).toBe(true)
      expect(p.iteration).toBe(1)
      expect(p.step()).toBe(false)
      const pos = p.positions()
      expect(pos.length).toBe(n * dims)
      expect(pos.every(Number.isFinite)).toBe(true)
      const info = p.info().explainedVariance as number[]
      expect(info.length).toBe(dims)
      for (let c = 1; c < dims; c++) expect(info[c]).toBeLessThanOrEqual(info[c - 1])
      // The coordinate variances follow the explained variance.
      const vars = Array.from({ length: dims }, (_, c) => columnVariance(pos, n, dims, c))
      for (let c = 1; c < dims; c++) expect(vars[c]).toBeLessThan(vars[c - 1])
    })
  }

  it('keeps axes between updates of a slowly changing cloud', () => {
    const n = 200
    const dim = 6
    const base = cloud(n, dim, 32)
    const p = new PcaProjector(3)
    p.update(base, n, dim)
    p.step()
    const first = p.positions().slice()
    const random = mulberry32(33)
    p.update(
      Float32Array.from(base, (x) => x + (random() - 0.5) * 0.02),
      n,
      dim,
    )
    expect(p.step()).toBe(true)
    const second = p.positions()
    for (let c = 0; c < 3; c++) {
      const a = Array.from({ length: n }, (_, i) => first[i * 3 + c])
      const b = Array.from({ length: n }, (_, i) => second[i * 3 + c])
      const corr = dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))
      expect(corr).toBeGreaterThan(0.99)
    }
  })

  it('handles vectors of lower dimension than the layout (2-d vectors in 3D)', () => {
    const n = 50
    const p = new PcaProjector(3)
    p.update(cloud(n, 2, 34), n, 2)
    p.step()
    const pos = p.positions()
    expect(pos.length).toBe(n * 3)
    expect(pos.every(Number.isFinite)).toBe(true)
    for (let i = 0; i < n; i++) expect(pos[i * 3 + 2]).toBe(0)
    expect(columnVariance(pos, n, 3, 0)).toBeGreaterThan(0)
    const info = p.info().explainedVariance as number[]
    expect(info.length).toBe(3)
    expect(info[2]).toBe(0)
    expect(info[0] + info[1]).toBeCloseTo(1, 9)
  })

  it('handles identical vectors (zero variance) without NaN', () => {
    const n = 30
    const dim = 5
    const data = new Float32Array(n * dim)
    for (let i = 0; i < n; i++) data.set([0.1, -2, 3.3, 0, 7], i * dim)
    for (const dims of [2, 3] as const) {
      const p = new PcaProjector(dims)
      p.update(data, n, dim)
      expect(p.step()).toBe(true)
      const pos = p.positions()
      expect(pos.length).toBe(n * dims)
      expect(Array.from(pos).every((x) => x === 0)).toBe(true)
      expect(p.info().explainedVariance).toEqual(new Array(dims).fill(0))
      // A second update on the same data still works from the previous (degenerate) frame.
      p.update(data, n, dim)
      expect(p.step()).toBe(true)
      expect(Array.from(p.positions()).every((x) => x === 0)).toBe(true)
    }
  })

  it('recovers when the vector dimension changes between updates', () => {
    const p = new PcaProjector(2)
    p.update(cloud(40, 8, 35), 40, 8)
    p.step()
    p.update(cloud(25, 4, 36), 25, 4)
    expect(p.step()).toBe(true)
    expect(p.positions().length).toBe(50)
    expect(p.positions().every(Number.isFinite)).toBe(true)
  })
})

describe('PcaProjector axes', () => {
  const n = 200
  const random = mulberry32(99)
  // Spread 5, 4, 3, 2, 1 along the first five axes of 6-d data.
  const data = Float32Array.from({ length: n * 6 }, (_, i) => {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    return gauss * [5, 4, 3, 2, 1, 0.1][i % 6]
  })

  it('shows the chosen components on X, Y and Z', () => {
    const p = new PcaProjector(3, { x: 4, y: 1, z: 2 })
    p.update(data, n, 6)
    p.step()
    const info = p.info()
    expect(info.axes).toEqual([4, 1, 2])
    const top = info.topComponents as number[]
    expect(info.explainedVariance).toEqual([top[3], top[0], top[1]])
    const pos = p.positions()
    // X (component 4) spreads less than Y (component 1).
    expect(columnVariance(pos, n, 3, 0)).toBeLessThan(columnVariance(pos, n, 3, 1))
    expect(columnVariance(pos, n, 3, 0)).toBeCloseTo(top[3] * totalVariance(data, n, 6), 0)
  })

  it('rejects component numbers outside 1–10', () => {
    expect(() => new PcaProjector(2, { x: 0 })).toThrow(
      'PCA axes take component numbers 1–10, got 0',
    )
    expect(() => new PcaProjector(3, { z: 11 })).toThrow('got 11')
  })

  it('row 15 (issue 16): shows components 8–10, as the Projector can, quickly and aligned', () => {
    let x = 7
    const rand = () => (x = (x * 16807) % 2147483647) / 2147483647 - 0.5
    const n = 400
    const d = 12
    // Column k has spread 12 − k: component c is (close to) axis c − 1.
    const data = Float32Array.from({ length: n * d }, (_, i) => rand() * (d - (i % d)))
    const p = new PcaProjector(3, { x: 8, y: 9, z: 10 })
    p.update(data, n, d)
    const t0 = performance.now()
    expect(p.step()).toBe(true)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(p.info().axes).toEqual([8, 9, 10])
    const pos = p.positions()
    // The X axis (component 8) follows column 7 (spread 5) more than any other.
    const corr = (col: number) => {
      let s = 0
      for (let i = 0; i < n; i++) s += pos[i * 3] * data[i * d + col]
      return Math.abs(s)
    }
    const best = Array.from({ length: d }, (_, c) => c).sort((a, b) => corr(b) - corr(a))[0]
    expect(best).toBe(7)
    // Again with the previous components: greedy matching keeps the same axes.
    p.update(data, n, d)
    p.step()
    expect(Array.from(p.positions())).toEqual(Array.from(pos))
  })
})

function totalVariance(x: Float32Array, n: number, d: number): number {
  let t = 0
  for (let c = 0; c < d; c++) t += columnVariance(x, n, d, c)
  return t
}
