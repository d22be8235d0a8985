import * as THREE from 'three'
import { describe, expect, it } from 'vitest'
import type {
  Attribute,
  CategoricalAttribute,
  NumericAttribute,
} from '../../src/model/datasets/types'
import { COLOR_CATEGORIES } from '../../src/model/datasets/attributes'
import { mulberry32 } from '../../src/model/training/random'
import { POINT_SIZE, styleItems } from '../../src/viz/highlight'
import { easeTowards, LAYOUT_RADIUS, normalizeLayout } from '../../src/viz/layout'
import {
  CATEGORY_COLORS,
  categoricalColors,
  defaultColorAttribute,
  hexToRgb,
  OTHER_COLOR,
  quantileRanks,
} from '../../src/viz/palette'
import { pickNearest, toScreen } from '../../src/viz/picking'

function cat(
  name: string,
  categories: number | string[],
  codes: number[] = [],
): CategoricalAttribute {
  const names =
    typeof categories === 'number'
      ? Array.from({ length: categories }, (_, i) => `${name}${i}`)
      : categories
  return { kind: 'categorical', name, categories: names, codes: Int32Array.from(codes) }
}

function num(name: string): NumericAttribute {
  return { kind: 'numeric', name, values: Float32Array.from([1, 2]), mean: 1.5, std: 0.5 }
}

/** Codes with `counts[c]` copies of category c, interleaved by a seeded shuffle. */
function codesWithCounts(counts: number[], missing: number, seed: number): number[] {
  const out: number[] = []
  counts.forEach((k, c) => {
    for (let i = 0; i < k; i++) out.push(c)
  })
  for (let i = 0; i < missing; i++) out.push(-1)
  const random = mulberry32(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('palette', () => {
  it('hexToRgb converts to [0, 1] channels', () => {
    expect(hexToRgb('#ff8000')).toEqual([1, 128 / 255, 0])
    expect(hexToRgb('#000000')).toEqual([0, 0, 0])
    expect(hexToRgb('#E69F00')).toEqual([230 / 255, 159 / 255, 0])
    for (const hex of [...CATEGORY_COLORS, OTHER_COLOR]) {
      expect(hex).toMatch(/^#[0-9a-fA-F]{6}$/)
      for (const ch of hexToRgb(hex)) {
        expect(ch).toBeGreaterThanOrEqual(0)
        expect(ch).toBeLessThanOrEqual(1)
      }
    }
    expect(new Set(CATEGORY_COLORS.map((c) => c.toLowerCase())).size).toBe(CATEGORY_COLORS.length)
    expect(CATEGORY_COLORS.map((c) => c.toLowerCase())).not.toContain(OTHER_COLOR.toLowerCase())
  })

  it('gives the most frequent category the first colour, ties by category order', () => {
    // Counts: a 3, b 1, c 5, d 3 → order c, a, d, b.
    const attr = cat('g', ['a', 'b', 'c', 'd'], [2, 0, 1, 2, 3, 2, 0, 3, 2, 0, 2, 3])
    const { legend, itemEntry } = categoricalColors(attr)
    expect(legend).toEqual([
      { label: 'c', color: CATEGORY_COLORS[0], count: 5 },
      { label: 'a', color: CATEGORY_COLORS[1], count: 3 },
      { label: 'd', color: CATEGORY_COLORS[2], count: 3 },
      { label: 'b', color: CATEGORY_COLORS[3], count: 1 },
    ])
    expect(itemEntry.length).toBe(attr.codes.length)
    attr.codes.forEach((code, i) => expect(legend[itemEntry[i]].label).toBe(attr.categories[code]))
  })

  it('counts missing codes in a (missing) entry', () => {
    const attr = cat('g', ['x', 'y'], [0, -1, 1, 1, -1, -1, 0, 1])
    const { legend, itemEntry } = categoricalColors(attr)
    expect(legend).toEqual([
      { label: 'y', color: CATEGORY_COLORS[0], count: 3 },
      { label: 'x', color: CATEGORY_COLORS[1], count: 2 },
      { label: '(missing)', color: OTHER_COLOR, count: 3 },
    ])
    expect(Array.from(itemEntry)).toEqual([1, 2, 0, 0, 2, 2, 1, 0])
  })

  it('folds categories past the 12th, and missing values, into other', () => {
    const counts = Array.from({ length: 15 }, (_, i) => 30 - i) // 30, 29, …, 16
    const reversed = [...counts].reverse() // category 0 is the rarest
    const attr = cat('g', 15, codesWithCounts(reversed, 4, 7))
    const { legend, itemEntry } = categoricalColors(attr)
    expect(legend).toHaveLength(CATEGORY_COLORS.length + 1)
    legend.slice(0, 12).forEach((entry, r) => {
      expect(entry.label).toBe(`g${14 - r}`)
      expect(entry.count).toBe(30 - r)
      expect(entry.color).toBe(CATEGORY_COLORS[r])
    })
    const other = legend[12]
    expect(other.label).toBe('other')
    expect(other.color).toBe(OTHER_COLOR)
    expect(other.count).toBe(16 + 17 + 18 + 4)
    expect(legend.reduce((s, e) => s + e.count, 0)).toBe(attr.codes.length)
    attr.codes.forEach((code, i) => {
      if (code < 0 || code <= 2) expect(itemEntry[i]).toBe(12)
      else expect(legend[itemEntry[i]].label).toBe(attr.categories[code])
    })
    // Every legend entry's count is the number of items pointing at it.
    legend.forEach((entry, e) =>
      expect(Array.from(itemEntry).filter((x) => x === e).length).toBe(entry.count),
    )
  })

  it('has no other entry for exactly 12 categories and nothing missing', () => {
    const { legend, itemEntry } = categoricalColors(
      cat('g', 12, codesWithCounts(new Array(12).fill(2), 0, 8)),
    )
    expect(legend).toHaveLength(12)
    expect(legend.map((e) => e.color)).toEqual(CATEGORY_COLORS)
    expect(Math.max(...itemEntry)).toBe(11)
  })

  it('the palette has as many colours as the first colouring allows categories', () => {
    expect(CATEGORY_COLORS).toHaveLength(COLOR_CATEGORIES)
  })

  it('defaultColorAttribute prefers a grouping name, else 3–12 categories fewest first', () => {
    expect(defaultColorAttribute([cat('colour', 5), cat('Kind', 20), cat('size', 3)])).toBe('Kind')
    for (const name of ['group', 'category', 'class', 'type', 'kind', 'GROUP'])
      expect(defaultColorAttribute([cat('a', 4), cat(name, 2)])).toBe(name)
    // A numeric column called "group" is not a grouping.
    expect(defaultColorAttribute([num('group'), cat('a', 4)])).toBe('a')
    expect(
      defaultColorAttribute([cat('two', 2), cat('seven', 7), cat('four', 4), cat('many', 20)]),
    ).toBe('four')
    expect(defaultColorAttribute([cat('twelve', 12), cat('thirteen', 13)])).toBe('twelve')
    expect(defaultColorAttribute([cat('three', 3), cat('two', 2)])).toBe('three')
    // Nothing in range: the first categorical one.
    expect(defaultColorAttribute([num('h'), cat('two', 2), cat('many', 40)])).toBe('two')
    // Only numeric attributes: the first, drawn as a gradient.
    expect(defaultColorAttribute([num('h'), num('w')] as Attribute[])).toBe('h')
    expect(defaultColorAttribute([])).toBeNull()
    expect(defaultColorAttribute([])).toBeNull()
  })
})

describe('layout', () => {
  function stats(out: Float32Array, n: number) {
    const mean = [0, 0, 0]
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) mean[k] += out[i * 3 + k] / n
    let sq = 0
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) sq += out[i * 3 + k] ** 2
    return { mean, rms: Math.sqrt(sq / n) }
  }

  for (const dims of [2, 3] as const) {
    it(`normalises a ${dims}D layout to centre 0 and RMS radius ${LAYOUT_RADIUS}`, () => {
      const n = 200
      const random = mulberry32(40 + dims)
      const src = Float32Array.from(
        { length: n * dims },
        (_, i) => 50 + random() * (i % dims ? 7 : 300),
      )
      const out = new Float32Array(n * 3).fill(NaN)
      normalizeLayout(src, n, dims, out)
      expect(out.every(Number.isFinite)).toBe(true)
      const { mean, rms } = stats(out, n)
      for (const m of mean) expect(Math.abs(m)).toBeLessThan(1e-5)
      expect(rms).toBeCloseTo(LAYOUT_RADIUS, 5)
      if (dims === 2) for (let i = 0; i < n; i++) expect(out[i * 3 + 2]).toBe(0)
      // The shape is kept: a uniform scale of the centred input.
      const ratio = (out[3] - out[0]) / (src[dims] - src[0])
      expect((out[4] - out[1]) / (src[dims + 1] - src[1])).toBeCloseTo(ratio, 4)
    })
  }

  it('gives golden values for two points', () => {
    const out = new Float32Array(6)
    normalizeLayout(Float32Array.from([0, 5, 2, 5]), 2, 2, out)
    expect(Array.from(out)).toEqual([-LAYOUT_RADIUS, 0, 0, LAYOUT_RADIUS, 0, 0].map(Math.fround))
  })

  it('keeps a degenerate layout at the centre without NaN', () => {
    const n = 10
    for (const dims of [2, 3] as const) {
      const src = new Float32Array(n * dims).fill(3.25)
      const out = new Float32Array(n * 3).fill(NaN)
      normalizeLayout(src, n, dims, out)
      expect(Array.from(out)).toEqual(new Array(n * 3).fill(0))
    }
    const empty = new Float32Array(0)
    expect(() => normalizeLayout(empty, 0, 3, empty)).not.toThrow()
  })

  it('easeTowards with dt = 0 does not move and reports the gap', () => {
    const current = Float32Array.from([0, 1, 2])
    const target = Float32Array.from([1, 1, -2])
    expect(easeTowards(current, target, 0, 120)).toBeCloseTo(4, 6)
    expect(Array.from(current)).toEqual([0, 1, 2])
    expect(easeTowards(current, target, -50, 120)).toBeCloseTo(4, 6)
    expect(Array.from(current)).toEqual([0, 1, 2])
  })

  it('easeTowards with tau = 0 snaps to the target', () => {
    const current = Float32Array.from([0, 1, 2])
    const target = Float32Array.from([1, 1, -2])
    expect(easeTowards(current, target, 16, 0)).toBe(0)
    expect(Array.from(current)).toEqual([1, 1, -2])
  })

  it('easeTowards closes 1 − e^(−dt/tau) of the gap and returns the largest remaining gap', () => {
    const current = Float32Array.from([0, 10, 0])
    const target = Float32Array.from([1, 0, 0])
    const share = 1 - Math.exp(-1)
    const left = easeTowards(current, target, 100, 100)
    expect(current[0]).toBeCloseTo(share, 6)
    expect(current[1]).toBeCloseTo(10 - 10 * share, 5)
    expect(current[2]).toBe(0)
    expect(left).toBeCloseTo(10 * (1 - share), 5)
  })

  it('easeTowards converges monotonically', () => {
    const random = mulberry32(44)
    const target = Float32Array.from({ length: 30 }, () => random() * 4 - 2)
    const current = Float32Array.from({ length: 30 }, () => random() * 4 - 2)
    let last = Infinity
    let frames = 0
    for (; frames < 1000; frames++) {
      const gap = easeTowards(current, target, 16, 120)
      expect(gap).toBeLessThan(last)
      let actual = 0
      for (let i = 0; i < 30; i++) actual = Math.max(actual, Math.abs(target[i] - current[i]))
      expect(Math.abs(actual - gap)).toBeLessThan(1e-5)
      last = gap
      if (gap < 1e-4) break
    }
    expect(last).toBeLessThan(1e-4)
    expect(frames).toBeLessThan(200)
  })
})

describe('picking', () => {
  const width = 800
  const height = 600
  const camera = new THREE.PerspectiveCamera(50, width / height, 0.1, 100)
  camera.position.set(0, 0, 5)
  camera.lookAt(0, 0, 0)
  camera.updateMatrixWorld()
  camera.updateProjectionMatrix()
  const vp = new THREE.Matrix4().multiplyMatrices(
    camera.projectionMatrix,
    camera.matrixWorldInverse,
  )
  const m = vp.elements

  it('projects the origin to the centre of the canvas', () => {
    const [x, y] = toScreen(Float32Array.from([0, 0, 0]), 0, m, width, height)!
    expect(x).toBeCloseTo(400, 9)
    expect(y).toBeCloseTo(300, 9)
  })

  it('agrees with three.js Vector3.project, +x right and +y up', () => {
    const random = mulberry32(50)
    const pts = Float32Array.from({ length: 60 }, () => random() * 4 - 2)
    for (let i = 0; i < 20; i++) {
      const v = new THREE.Vector3(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2]).project(camera)
      const [x, y] = toScreen(pts, i * 3, m, width, height)!
      expect(x).toBeCloseTo(((v.x + 1) / 2) * width, 6)
      expect(y).toBeCloseTo(((1 - v.y) / 2) * height, 6)
    }
    const [rx, ry] = toScreen([1, 0, 0], 0, m, width, height)!
    expect(rx).toBeGreaterThan(400)
    expect(ry).toBeCloseTo(300, 6)
    const [ux, uy] = toScreen([0, 1, 0], 0, m, width, height)!
    expect(ux).toBeCloseTo(400, 6)
    expect(uy).toBeLessThan(300)
  })

  it('returns null for a point behind the camera', () => {
    expect(toScreen([0, 0, 10], 0, m, width, height)).toBeNull()
    expect(toScreen([0.5, 0.5, 5], 0, m, width, height)).toBeNull()
  })

  it('picks the point under the cursor, or -1 when none is within the radius', () => {
    const pos = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, -1, -1, 0])
    for (let i = 0; i < 4; i++) {
      const [x, y] = toScreen(pos, i * 3, m, width, height)!
      expect(pickNearest(pos, 4, m, width, height, x, y, 14)).toBe(i)
      expect(pickNearest(pos, 4, m, width, height, x + 6, y - 6, 14)).toBe(i)
      expect(pickNearest(pos, 4, m, width, height, x + 20, y, 14)).toBe(-1)
    }
    expect(pickNearest(pos, 4, m, width, height, 10, 10, 14)).toBe(-1)
    // The nearest on screen wins when two are within the radius.
    const [ax] = toScreen(pos, 0, m, width, height)!
    const [bx] = toScreen(pos, 3, m, width, height)!
    const mid = (ax + bx) / 2
    expect(pickNearest(pos, 4, m, width, height, mid - 5, 300, 1000)).toBe(0)
    expect(pickNearest(pos, 4, m, width, height, mid + 5, 300, 1000)).toBe(1)
    // Only the first n points count.
    const [lx, ly] = toScreen(pos, 9, m, width, height)!
    expect(pickNearest(pos, 3, m, width, height, lx, ly, 14)).toBe(-1)
    expect(pickNearest(pos, 0, m, width, height, 400, 300, 14)).toBe(-1)
  })

  it('prefers the nearer of two overlapping points, in either order', () => {
    const far = [0, 0, -3]
    const near = [0, 0, 1]
    expect(
      pickNearest(Float32Array.from([...far, ...near]), 2, m, width, height, 400, 300, 14),
    ).toBe(1)
    expect(
      pickNearest(Float32Array.from([...near, ...far]), 2, m, width, height, 400, 300, 14),
    ).toBe(0)
    expect(
      pickNearest(Float32Array.from([...far, ...near]), 2, m, width, height, 403, 302, 14),
    ).toBe(1)
  })

  it('ignores points behind the camera', () => {
    // (0, 0, 10) is behind the camera; without the w check it would land on the canvas centre.
    const behind = Float32Array.from([0, 0, 10])
    expect(pickNearest(behind, 1, m, width, height, 400, 300, 14)).toBe(-1)
    const both = Float32Array.from([0, 0, 10, 0.05, 0, 0])
    expect(pickNearest(both, 2, m, width, height, 400, 300, 14)).toBe(1)
  })

  it('ignores points nearer than the near plane or beyond the far plane', () => {
    const near = camera.near
    const tooNear = Float32Array.from([0, 0, 5 - near / 2])
    expect(pickNearest(tooNear, 1, m, width, height, 400, 300, 14)).toBe(-1)
    const tooFar = Float32Array.from([0, 0, 5 - camera.far * 1.5])
    expect(pickNearest(tooFar, 1, m, width, height, 400, 300, 14)).toBe(-1)
  })
})

describe('highlight', () => {
  const n = 6
  const random = mulberry32(60)
  const base = Float32Array.from({ length: n * 3 }, () => 0.4 + random() * 0.6)

  function rgb(colors: Float32Array, i: number): number[] {
    return Array.from(colors.subarray(i * 3, i * 3 + 3))
  }

  it('keeps base colours and sizes with no selection', () => {
    const { colors, sizes } = styleItems(base, n, [], null)
    expect(Array.from(colors)).toEqual(Array.from(base))
    expect(Array.from(sizes)).toEqual(new Array(n).fill(Math.fround(POINT_SIZE)))
  })

  it('enlarges a hovered point without changing colours', () => {
    const { colors, sizes } = styleItems(base, n, [], 4)
    expect(Array.from(colors)).toEqual(Array.from(base))
    expect(sizes[4]).toBeGreaterThan(POINT_SIZE)
    for (let i = 0; i < n; i++) if (i !== 4) expect(sizes[i]).toBeCloseTo(POINT_SIZE, 7)
  })

  it('marks the selection white and largest, neighbours larger in base colour, the rest faded', () => {
    const { colors, sizes } = styleItems(base, n, [2, 0, 4], null)
    expect(rgb(colors, 2)).toEqual([1, 1, 1])
    for (const i of [0, 4]) {
      expect(rgb(colors, i)).toEqual(rgb(base, i))
      expect(sizes[i]).toBeGreaterThan(POINT_SIZE)
      expect(sizes[i]).toBeLessThan(sizes[2])
    }
    for (const i of [1, 3, 5]) {
      expect(sizes[i]).toBeCloseTo(POINT_SIZE, 7)
      const faded = rgb(colors, i)
      const orig = rgb(base, i)
      faded.forEach((c, k) => {
        expect(Math.abs(c - orig[k])).toBeGreaterThan(0.1)
        expect(c).toBeLessThan(orig[k]) // towards the dark background
        expect(c).toBeGreaterThanOrEqual(0)
      })
    }
    expect(Math.max(...sizes)).toBe(sizes[2])
  })

  it('keeps the larger size when the hovered point is selected, and ignores bad indices', () => {
    const plain = styleItems(base, n, [1, 3], null)
    const hovered = styleItems(base, n, [1, 3, -1, 99], 1)
    expect(hovered.sizes[1]).toBe(plain.sizes[1])
    expect(Array.from(hovered.colors)).toEqual(Array.from(plain.colors))
    const hoverFaded = styleItems(base, n, [1], 5)
    expect(hoverFaded.sizes[5]).toBeGreaterThan(POINT_SIZE)
    expect(hoverFaded.sizes[5]).toBeLessThan(hoverFaded.sizes[1])
    expect(() => styleItems(base, n, [], 99)).not.toThrow()
  })
})

describe('quantileRanks', () => {
  it('spreads values by rank, shares ties, keeps NaN', () => {
    const r = quantileRanks([1000, 1, 2, NaN, 2, 5])
    expect(Array.from(r.slice(0, 3))).toEqual([1, 0, Math.fround(0.375)])
    expect(Number.isNaN(r[3])).toBe(true)
    expect(r[4]).toBe(r[2])
    expect(r[5]).toBe(Math.fround(0.75))
    expect(Array.from(quantileRanks([7]))).toEqual([0.5])
  })
})
