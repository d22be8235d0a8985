import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../src/model/training/random'
import {
  type Point2,
  pointInPolygon,
  polygonBounds,
  polygonTester,
  rectFromDrag,
  simplifyPath,
} from '../../src/viz/lasso'

const square: Point2[] = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
]

/** A "C" opening to the right: outer 0..30 square minus the notch x > 10, 10 < y < 20. */
const cShape: Point2[] = [
  [0, 0],
  [30, 0],
  [30, 10],
  [10, 10],
  [10, 20],
  [30, 20],
  [30, 30],
  [0, 30],
]

/** Shoelace area of a simple polygon. */
function area(poly: readonly Point2[]): number {
  let s = 0
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    s += poly[j][0] * poly[i][1] - poly[i][0] * poly[j][1]
  }
  return Math.abs(s) / 2
}

describe('pointInPolygon', () => {
  it('finds points inside and outside a square, in either winding', () => {
    const reversed = [...square].reverse()
    for (const poly of [square, reversed]) {
      expect(pointInPolygon(5, 5, poly)).toBe(true)
      expect(pointInPolygon(0.001, 9.999, poly)).toBe(true)
      expect(pointInPolygon(-0.001, 5, poly)).toBe(false)
      expect(pointInPolygon(5, 10.001, poly)).toBe(false)
      expect(pointInPolygon(15, 5, poly)).toBe(false)
      expect(pointInPolygon(-5, 5, poly)).toBe(false)
    }
  })

  it('excludes the notch of a concave C shape', () => {
    expect(pointInPolygon(5, 15, cShape)).toBe(true) // the spine
    expect(pointInPolygon(25, 5, cShape)).toBe(true) // lower arm
    expect(pointInPolygon(25, 25, cShape)).toBe(true) // upper arm
    expect(pointInPolygon(20, 15, cShape)).toBe(false) // the notch
    expect(pointInPolygon(10.5, 15, cShape)).toBe(false)
    expect(pointInPolygon(9.5, 15, cShape)).toBe(true)
    // A ray from the notch passes through the vertices (30, 10) and (30, 20) level with them.
    expect(pointInPolygon(20, 10.000001, cShape)).toBe(false)
    expect(pointInPolygon(20, 9.999999, cShape)).toBe(true)
  })

  it('uses the even-odd rule for self-intersecting outlines', () => {
    // A pentagram drawn in one stroke: the points are inside, the central pentagon is not.
    const star: Point2[] = [0, 2, 4, 1, 3].map((k) => {
      const a = (k * 2 * Math.PI) / 5 - Math.PI / 2
      return [100 + 50 * Math.cos(a), 100 + 50 * Math.sin(a)]
    })
    expect(pointInPolygon(100, 100, star)).toBe(false)
    expect(pointInPolygon(100, 55, star)).toBe(true) // inside the top point
    expect(pointInPolygon(100, 160, star)).toBe(false)
    // A bow tie: both lobes are inside, the area beside the crossing is not.
    const bowTie: Point2[] = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
    ]
    expect(pointInPolygon(2, 5, bowTie)).toBe(true)
    expect(pointInPolygon(8, 5, bowTie)).toBe(true)
    expect(pointInPolygon(5, 1, bowTie)).toBe(false)
  })

  it('ignores a repeated closing vertex and rejects degenerate input', () => {
    const closed = [...cShape, cShape[0]]
    for (const [x, y] of [
      [5, 15],
      [20, 15],
      [25, 5],
      [31, 5],
    ]) {
      expect(pointInPolygon(x, y, closed)).toBe(pointInPolygon(x, y, cShape))
    }
    expect(pointInPolygon(5, 5, [])).toBe(false)
    expect(pointInPolygon(5, 0, square.slice(0, 2))).toBe(false)
    expect(pointInPolygon(NaN, 5, square)).toBe(false)
    expect(pointInPolygon(5, NaN, square)).toBe(false)
  })

  it('covers the shoelace area of random simple polygons (Monte Carlo)', () => {
    const random = mulberry32(7)
    for (let trial = 0; trial < 5; trial++) {
      // Star-shaped around a centre, so simple but concave.
      const k = 5 + Math.floor(random() * 20)
      const poly: Point2[] = Array.from({ length: k }, (_, i) => {
        const a = (i / k) * 2 * Math.PI
        const r = 20 + 80 * random()
        return [200 + r * Math.cos(a), 150 + r * Math.sin(a)]
      })
      const b = polygonBounds(poly)!
      const boxArea = (b.x1 - b.x0) * (b.y1 - b.y0)
      const samples = 40_000
      let hits = 0
      for (let s = 0; s < samples; s++) {
        const x = b.x0 + random() * (b.x1 - b.x0)
        const y = b.y0 + random() * (b.y1 - b.y0)
        if (pointInPolygon(x, y, poly)) hits++
      }
      const estimate = (hits / samples) * boxArea
      expect(Math.abs(estimate - area(poly)) / area(poly)).toBeLessThan(0.03)
    }
  })
})

describe('polygonTester', () => {
  it('answers exactly like pointInPolygon, on vertices, edges and random points', () => {
    const random = mulberry32(3)
    for (let trial = 0; trial < 60; trial++) {
      // Integer vertices and integer queries put many rays exactly through vertices and along
      // horizontal edges; random vertices make self-intersecting outlines.
      const k = 3 + Math.floor(random() * 40)
      const poly: Point2[] = Array.from({ length: k }, () => [
        Math.floor(random() * 30),
        Math.floor(random() * 30),
      ])
      const polys = [
        poly,
        cShape,
        poly.map(([x, y]): Point2 => [x * 7.3 + 0.1, y * 3.7 - 5]),
        poly.map((): Point2 => [random() * 30, random() * 30]),
      ]
      for (const p of polys) {
        for (const bands of [1, 3, 1024]) {
          const inside = polygonTester(p, bands)
          for (let q = 0; q < 400; q++) {
            const integer = q % 2 === 0
            const x = integer ? Math.floor(random() * 34) - 2 : random() * 240 - 10
            const y = integer ? Math.floor(random() * 34) - 2 : random() * 120 - 10
            expect(inside(x, y), `${JSON.stringify(p)} (${x}, ${y})`).toBe(pointInPolygon(x, y, p))
          }
        }
      }
    }
  })

  it('is never inside a degenerate polygon', () => {
    const flat = polygonTester([
      [0, 5],
      [10, 5],
      [20, 5],
    ])
    expect(flat(5, 5)).toBe(false)
    expect(polygonTester([])(0, 0)).toBe(false)
    expect(polygonTester(square.slice(0, 2))(5, 0)).toBe(false)
    expect(polygonTester(square)(5, 5)).toBe(true)
    expect(polygonTester(square)(5, NaN)).toBe(false)
  })
})

describe('simplifyPath', () => {
  it('thins a dense pointer trail to steps of at least minStepPx', () => {
    const n = 20_000
    const trail: Point2[] = Array.from({ length: n }, (_, i) => {
      const a = (i / n) * 2 * Math.PI
      return [300 + 100 * Math.cos(a), 200 + 100 * Math.sin(a)]
    })
    const copy = trail.map((p) => [...p])
    const out = simplifyPath(trail, 3)
    expect(trail).toEqual(copy) // input unchanged
    expect(out[0]).toBe(trail[0])
    // Circumference 628 px at ≥ 3 px steps: at most ~210 vertices, but not absurdly few.
    expect(out.length).toBeLessThanOrEqual(Math.ceil((2 * Math.PI * 100) / 3) + 1)
    expect(out.length).toBeGreaterThan(150)
    for (let i = 1; i < out.length; i++) {
      expect(
        Math.hypot(out[i][0] - out[i - 1][0], out[i][1] - out[i - 1][1]),
      ).toBeGreaterThanOrEqual(3)
    }
    // Every kept point is one of the inputs, in order.
    let j = 0
    for (const p of out) {
      while (trail[j] !== p) j++
      expect(j).toBeLessThan(n)
    }
    // The thinned lasso selects the same interior.
    expect(pointInPolygon(300, 200, out)).toBe(true)
    expect(pointInPolygon(300, 95, out)).toBe(false)
  })

  it('keeps every distinct finite point at step 0 and drops non-finite ones', () => {
    const pts: Point2[] = [
      [0, 0],
      [1, 0],
      [NaN, 3],
      [1, Infinity],
      [1, 1],
      [1, 1.5],
    ]
    expect(simplifyPath(pts, 0)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [1, 1.5],
    ])
    expect(simplifyPath(pts, 1)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ])
    expect(simplifyPath([], 2)).toEqual([])
    expect(simplifyPath([[NaN, NaN]], 2)).toEqual([])
  })
})

describe('rectFromDrag and polygonBounds', () => {
  it('normalises a drag in any direction', () => {
    const want = { x0: 10, y0: 20, x1: 50, y1: 80 }
    expect(rectFromDrag([10, 20], [50, 80])).toEqual(want)
    expect(rectFromDrag([50, 80], [10, 20])).toEqual(want)
    expect(rectFromDrag([10, 80], [50, 20])).toEqual(want)
    expect(rectFromDrag([50, 20], [10, 80])).toEqual(want)
    expect(rectFromDrag([5, 5], [5, 5])).toEqual({ x0: 5, y0: 5, x1: 5, y1: 5 })
  })

  it('bounds a polygon', () => {
    expect(polygonBounds(cShape)).toEqual({ x0: 0, y0: 0, x1: 30, y1: 30 })
    expect(
      polygonBounds([
        [3, -2],
        [-7, 4],
        [1, 9],
      ]),
    ).toEqual({ x0: -7, y0: -2, x1: 3, y1: 9 })
    expect(polygonBounds([[4, 5]])).toEqual({ x0: 4, y0: 5, x1: 4, y1: 5 })
    expect(polygonBounds([])).toBeNull()
  })
})
