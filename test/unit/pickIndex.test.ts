import * as THREE from 'three'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../src/model/training/random'
import { type Point2, pointInPolygon } from '../../src/viz/lasso'
import { ScreenIndex } from '../../src/viz/pickIndex'
import { pickNearest, toScreen } from '../../src/viz/picking'

const width = 800
const height = 600

function makeCamera(eye: [number, number, number]): THREE.PerspectiveCamera {
  const camera = new THREE.PerspectiveCamera(50, width / height, 0.01, 100)
  camera.position.set(...eye)
  camera.lookAt(0, 0, 0)
  camera.updateMatrixWorld()
  return camera
}

/** A polygon from flat x, y pairs. */
function outline(...xy: number[]): Point2[] {
  return Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i], xy[2 * i + 1]])
}

function viewProjection(camera: THREE.PerspectiveCamera): number[] {
  const vp = new THREE.Matrix4().multiplyMatrices(
    camera.projectionMatrix,
    camera.matrixWorldInverse,
  )
  return [...vp.elements]
}

/**
 * A seeded cloud around the origin, plus points the index must leave out (behind the camera,
 * between the camera and the near plane, past the far plane), points in front of the camera but
 * off the canvas, exact duplicates (ties go to the lower index) and points stacked along one
 * camera ray (the nearer wins).
 */
function cloud(n: number, seed: number, camera: THREE.PerspectiveCamera): Float32Array {
  const random = mulberry32(seed)
  const pos = new Float32Array(n * 3)
  const v = new THREE.Vector3()
  for (let i = 0; i < n; i++) {
    const kind = random()
    if (kind < 0.7) {
      v.set(random() * 4 - 2, random() * 4 - 2, random() * 4 - 2)
    } else if (kind < 0.8) {
      // Camera space, then to world: behind, too near, too far, or off to the side.
      const k = Math.floor(random() * 4)
      const z = [2 * random(), -0.009 * random(), -100 - 50 * random(), -1 - 5 * random()][k]
      const spread = k === 3 ? 3 + 10 * random() : 2
      v.set((random() * 2 - 1) * spread, (random() * 2 - 1) * spread, z)
      v.applyMatrix4(camera.matrixWorld)
    } else if (kind < 0.9 && i > 0) {
      const j = Math.floor(random() * i)
      v.set(pos[j * 3], pos[j * 3 + 1], pos[j * 3 + 2])
    } else {
      v.set(-0.3, 0.2, -0.5 - 3 * random()).applyMatrix4(camera.matrixWorld)
    }
    pos.set([v.x, v.y, v.z], i * 3)
  }
  return pos
}

/** Whether pickNearest itself would ever return point i: in front, inside near..far, finite. */
function pickable(pos: Float32Array, i: number, m: number[]): [number, number] | null {
  const p = pos.subarray(i * 3, i * 3 + 3)
  const s = toScreen(p, 0, m, width, height)
  if (!s || !Number.isFinite(s[0]) || !Number.isFinite(s[1])) return null
  return pickNearest(p, 1, m, width, height, s[0], s[1], 0) === 0 ? s : null
}

/** Cursor positions: uniform, on points, on cell borders and around the canvas edges. */
function cursors(count: number, seed: number, pos: Float32Array, m: number[], cellPx: number) {
  const random = mulberry32(seed)
  const n = pos.length / 3
  const out: [number, number][] = []
  while (out.length < count) {
    const kind = out.length % 4
    if (kind === 0) out.push([random() * (width + 100) - 50, random() * (height + 100) - 50])
    else if (kind === 1) {
      const s = pickable(pos, Math.floor(random() * n), m)
      if (s) out.push([s[0] + (random() - 0.5) * 6, s[1] + (random() - 0.5) * 6])
    } else if (kind === 2) {
      const off = [0, 1e-9, -1e-9, 0.5, -0.5][Math.floor(random() * 5)]
      const cx = Math.floor((random() * width) / cellPx) * cellPx + off
      const cy = Math.floor((random() * height) / cellPx) * cellPx - off
      out.push([cx, cy])
    } else {
      const edgeX = [0, width, -3, width + 3, random() * width][Math.floor(random() * 5)]
      const edgeY = [0, height, -3, height + 3, random() * height][Math.floor(random() * 5)]
      out.push([edgeX, edgeY])
    }
  }
  return out
}

describe('ScreenIndex.pick', () => {
  const camera = makeCamera([2.5, 1.5, 5])
  const m = viewProjection(camera)
  const n = 4000
  const pos = cloud(n, 11, camera)

  it('indexes exactly the points pickNearest can return', () => {
    const index = new ScreenIndex()
    index.build(pos, n, m, width, height, 32)
    const want: number[] = []
    for (let i = 0; i < n; i++) if (pickable(pos, i, m)) want.push(i)
    expect(want.length).toBeGreaterThan(0.75 * n)
    expect(want.length).toBeLessThan(0.95 * n) // the cloud really has unpickable points
    expect(index.size).toBe(want.length)
    expect(index.inRect(-1e12, -1e12, 1e12, 1e12)).toEqual(want)
  })

  for (const cellPx of [7, 32, 90, 5000]) {
    it(`matches pickNearest for hundreds of cursors (cell ${cellPx}px)`, () => {
      const index = new ScreenIndex()
      index.build(pos, n, m, width, height, cellPx)
      let hits = 0
      for (const radius of [0.75, 6, 14, -14, 40, 300]) {
        for (const [x, y] of cursors(200, cellPx + radius, pos, m, cellPx)) {
          const want = pickNearest(pos, n, m, width, height, x, y, radius)
          expect(index.pick(x, y, radius), `(${x}, ${y}) r=${radius}`).toBe(want)
          if (want >= 0) hits++
        }
      }
      expect(hits).toBeGreaterThan(350) // many cursors find something: not just -1 === -1
      expect(index.pick(width / 2, height / 2, Infinity)).toBe(
        pickNearest(pos, n, m, width, height, width / 2, height / 2, Infinity),
      )
    })
  }

  it('breaks exact ties like pickNearest: nearer first, then the lower index', () => {
    // An orthographic camera projects an integer lattice to exact pixels (x = 400 + 100 px,
    // y = 300 - 75 py) whatever the depth, so screen positions coincide and scores tie exactly,
    // often between points in different cells visited in either order.
    const ortho = new THREE.OrthographicCamera(-4, 4, 4, -4, 0.1, 100)
    ortho.position.set(0, 0, 5)
    ortho.updateMatrixWorld()
    const vp = new THREE.Matrix4().multiplyMatrices(
      ortho.projectionMatrix,
      ortho.matrixWorldInverse,
    )
    const mo = [...vp.elements]
    const random = mulberry32(99)
    const count = 3000
    const lattice = new Float32Array(count * 3).map((_, k) =>
      k % 3 === 2 ? Math.floor(random() * 5) - 2 : Math.floor(random() * 9) - 4,
    )
    expect(toScreen(lattice, 0, mo, width, height)).toEqual([
      400 + 100 * lattice[0],
      300 - 75 * lattice[1],
    ])
    const index = new ScreenIndex()
    index.build(lattice, count, mo, width, height, 32)
    for (let gx = -9; gx <= 9; gx++) {
      for (let gy = -9; gy <= 9; gy++) {
        const [x, y] = [400 + 50 * gx, 300 - 37.5 * gy] // lattice points and midpoints
        for (const r of [20, 50, 90]) {
          expect(index.pick(x, y, r)).toBe(pickNearest(lattice, count, mo, width, height, x, y, r))
        }
      }
    }
  })

  it('leaves out points whose screen position overflows', () => {
    const huge = [...m]
    huge[0] = 1e307 // w is unchanged, so the point is "in front" but lands at x = ±Infinity
    const index = new ScreenIndex()
    index.build(Float32Array.from([1, 0, 0, 0, 0, 0]), 2, huge, width, height, 32)
    expect(index.size).toBe(1)
    expect(index.inRect(-Infinity, -Infinity, Infinity, Infinity)).toEqual([1])
  })

  it('never picks hidden points, masked or NaN', () => {
    const random = mulberry32(5)
    const visible = new Uint8Array(n).map(() => (random() < 0.5 ? 1 : 0))
    const withNaN = pos.slice()
    const reference = pos.slice()
    for (let i = 0; i < n; i++) {
      if (visible[i]) continue
      reference.fill(NaN, i * 3, i * 3 + 3)
      if (i % 2) withNaN.fill(NaN, i * 3, i * 3 + 3)
    }
    const masked = new ScreenIndex()
    masked.build(pos, n, m, width, height, 24, visible)
    const nan = new ScreenIndex()
    nan.build(withNaN, n, m, width, height, 24, visible)
    let hits = 0
    for (const [x, y] of cursors(400, 3, pos, m, 24)) {
      const want = pickNearest(reference, n, m, width, height, x, y, 20)
      expect(masked.pick(x, y, 20)).toBe(want)
      expect(nan.pick(x, y, 20)).toBe(want)
      if (want >= 0) hits++
    }
    expect(hits).toBeGreaterThan(200)
    expect(masked.inRect(-1e9, -1e9, 1e9, 1e9).every((i) => visible[i] === 1)).toBe(true)
    // NaN without a mask is left out too.
    const unmasked = new ScreenIndex()
    unmasked.build(reference, n, m, width, height, 24)
    expect(unmasked.size).toBe(masked.size)
  })

  it('returns -1 and nothing for an empty or unbuilt index', () => {
    const index = new ScreenIndex()
    expect(index.pick(400, 300, 1e6)).toBe(-1)
    expect(index.inRect(0, 0, width, height)).toEqual([])
    index.build(pos, 0, m, width, height, 32)
    expect(index.size).toBe(0)
    expect(index.pick(400, 300, 1e6)).toBe(-1)
    expect(index.inPolygon(outline(0, 0, width, 0, 0, height))).toEqual([])
    index.build(pos, n, m, width, height, 32, new Uint8Array(n))
    expect(index.pick(400, 300, Infinity)).toBe(-1)
    expect(() => index.build(pos, n, m, width, height, 0)).toThrow(RangeError)
  })

  it('reuses its arrays across builds and forgets points past a smaller n', () => {
    const index = new ScreenIndex()
    const arrays = index as unknown as { sx: Float64Array; ids: Int32Array; cellStart: Int32Array }
    index.build(pos, n, m, width, height, 16)
    const before = [arrays.sx, arrays.ids, arrays.cellStart]
    const m2 = viewProjection(makeCamera([-3, 2, 4]))
    index.build(pos, n, m2, width, height, 16)
    expect([arrays.sx, arrays.ids, arrays.cellStart]).toEqual(before)
    expect(arrays.sx).toBe(before[0])
    expect(arrays.ids).toBe(before[1])
    expect(arrays.cellStart).toBe(before[2])
    index.build(pos, 500, m2, width, height, 40)
    for (const [x, y] of cursors(200, 9, pos.subarray(0, 1500), m2, 40)) {
      expect(index.pick(x, y, 30)).toBe(pickNearest(pos, 500, m2, width, height, x, y, 30))
    }
    expect(Math.max(...index.inRect(-1e9, -1e9, 1e9, 1e9))).toBeLessThan(500)
  })
})

describe('ScreenIndex selection', () => {
  const camera = makeCamera([-1, 3, 5])
  const m = viewProjection(camera)
  const n = 3000
  const pos = cloud(n, 23, camera)
  const index = new ScreenIndex()
  index.build(pos, n, m, width, height, 20)
  const screen = Array.from({ length: n }, (_, i) => pickable(pos, i, m))

  function brute(test: (x: number, y: number) => boolean): number[] {
    const out: number[] = []
    screen.forEach((s, i) => s && test(s[0], s[1]) && out.push(i))
    return out
  }

  it('inRect matches brute force for any corner order and off-canvas boxes', () => {
    const random = mulberry32(4)
    for (let t = 0; t < 200; t++) {
      const [x0, x1] = [random() * 1000 - 100, random() * 1000 - 100]
      const [y0, y1] = [random() * 800 - 100, random() * 800 - 100]
      const want = brute(
        (x, y) =>
          x >= Math.min(x0, x1) &&
          x <= Math.max(x0, x1) &&
          y >= Math.min(y0, y1) &&
          y <= Math.max(y0, y1),
      )
      expect(index.inRect(x0, y0, x1, y1)).toEqual(want)
      expect(index.inRect(x1, y1, x0, y0)).toEqual(want)
    }
    // A box whose edges sit exactly on a point includes it.
    const i = screen.findIndex((s) => s !== null)
    const [sx, sy] = screen[i]!
    expect(index.inRect(sx, sy, sx, sy)).toContain(i)
  })

  it('inPolygon matches brute force for random, self-intersecting and C-shaped lassos', () => {
    const random = mulberry32(8)
    let total = 0
    for (let t = 0; t < 100; t++) {
      const k = 3 + Math.floor(random() * 12)
      const cx = random() * width
      const cy = random() * height
      const poly: Point2[] = Array.from({ length: k }, (_, j) =>
        t % 2
          ? [cx + (random() - 0.5) * 600, cy + (random() - 0.5) * 600] // self-intersecting
          : [
              cx + 250 * random() * Math.cos((j / k) * 6.283),
              cy + 250 * random() * Math.sin((j / k) * 6.283),
            ],
      )
      const want = brute((x, y) => pointInPolygon(x, y, poly))
      expect(index.inPolygon(poly)).toEqual(want)
      total += want.length
    }
    expect(total).toBeGreaterThan(5000)
    const c = outline(
      100,
      100,
      700,
      100,
      700,
      250,
      300,
      250,
      300,
      350,
      700,
      350,
      700,
      500,
      100,
      500,
    )
    const inC = index.inPolygon(c)
    expect(inC).toEqual(brute((x, y) => pointInPolygon(x, y, c)))
    const notch = brute((x, y) => x > 300 && x < 700 && y > 250 && y < 350)
    expect(notch.length).toBeGreaterThan(10)
    expect(inC.filter((i) => notch.includes(i))).toEqual([])
    expect(inC.length).toBeGreaterThan(2 * notch.length)
    expect(index.inPolygon(outline(0, 0, 800, 600))).toEqual([])
  })
})

describe('ScreenIndex.isCurrent', () => {
  it('tracks the camera, the canvas size and the positions version', () => {
    const camera = makeCamera([0, 0, 5])
    const m = viewProjection(camera)
    const pos = cloud(100, 1, camera)
    const index = new ScreenIndex()
    expect(index.isCurrent(m, width, height, 0)).toBe(false)
    index.build(pos, 100, m, width, height, 32, null, 7)
    expect(index.isCurrent([...m], width, height, 7)).toBe(true)
    expect(index.isCurrent(m, width, height, 8)).toBe(false)
    expect(index.isCurrent(m, width + 1, height, 7)).toBe(false)
    expect(index.isCurrent(m, width, height - 1, 7)).toBe(false)
    for (let k = 0; k < 16; k++) {
      const moved = [...m]
      moved[k] += 1e-12
      expect(index.isCurrent(moved, width, height, 7), `entry ${k}`).toBe(false)
    }
    // The index holds its own copy: mutating the caller's matrix after build makes it stale.
    const live = [...m]
    index.build(pos, 100, live, width, height, 32, null, 7)
    live[12] += 1
    expect(index.isCurrent(live, width, height, 7)).toBe(false)
  })
})
