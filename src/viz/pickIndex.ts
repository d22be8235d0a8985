import { polygonBounds, polygonTester, type Point2 } from './lasso'

/**
 * A screen-space grid over the projected points, so hover picking and lasso selection at 100,000
 * points do not project every point on every pointermove as `pickNearest` does.
 *
 * Cost: `build` is O(n + cells) and runs once per camera or layout change (one projection per
 * point, then a counting sort into uniform cells, CSR style: `cellStart` offsets into a sorted id
 * list). `pick` touches only the cells the radius overlaps, so it is O(points near the cursor);
 * `inRect` and `inPolygon` touch only the cells in the shape's bounding box.
 *
 * `pick` returns exactly what `pickNearest` returns for the same inputs: the same float64
 * projection, the same radius test and the same score (`d2 + cz * 1e-3`, nearer the camera wins),
 * with ties going to the lower index as in `pickNearest`'s forward scan.
 *
 * Points off the canvas but in front of the camera are kept, clamped into the border cells, so a
 * cursor near an edge (or a large radius) still finds them. Typed arrays are reused between builds
 * and only grow, so rebuilding at the same n allocates nothing.
 */
export class ScreenIndex {
  private sx = new Float64Array(0)
  private sy = new Float64Array(0)
  private cz = new Float64Array(0)
  /** Cell of each point, or -1 when it is not indexed. */
  private cellOf = new Int32Array(0)
  /** CSR offsets: the ids in cell c are `ids[cellStart[c] .. cellStart[c + 1])`. */
  private cellStart = new Int32Array(1)
  /** Indexed point ids sorted by cell, ascending within each cell. */
  private ids = new Int32Array(0)
  private cols = 1
  private rows = 1
  private cell = 1
  private count = 0
  private built = false
  private readonly matrix = new Float64Array(16)
  private width = 0
  private height = 0
  private version = 0

  /** How many points the last build indexed (in front of the camera, finite, visible). */
  get size(): number {
    return this.count
  }

  /**
   * Projects points 0..n-1 of `positions` (xyz, packed) with `viewProjection` (column-major, as
   * three.js stores it) onto a `width` × `height` canvas in CSS pixels and buckets them into
   * `cellPx`-sized cells. `cellPx` is in CSS pixels, > 0; about the picking radius (16–64) is a
   * good choice: smaller makes more cells to visit, larger more points per cell. Points behind the
   * camera, outside the near and far planes, with a non-finite position or screen position, or
   * with `visible[i] === 0` are left out and can never be picked or selected. `version`
   * identifies the positions (and mask) for `isCurrent`: bump it whenever either changes.
   */
  build(
    positions: Float32Array,
    n: number,
    viewProjection: ArrayLike<number>,
    width: number,
    height: number,
    cellPx: number,
    visible: Uint8Array | null = null,
    version = 0,
  ): void {
    if (!(cellPx > 0)) throw new RangeError(`cellPx must be > 0, got ${cellPx}`)
    const m = this.matrix
    for (let k = 0; k < 16; k++) m[k] = viewProjection[k]
    this.width = width
    this.height = height
    this.version = version
    this.cell = cellPx
    // `|| 1`: a NaN canvas size makes one cell rather than a NaN-length array.
    const cols = Math.max(1, Math.ceil(width / cellPx) || 1)
    const rows = Math.max(1, Math.ceil(height / cellPx) || 1)
    this.cols = cols
    this.rows = rows
    const cells = cols * rows
    if (this.sx.length < n) {
      this.sx = new Float64Array(n)
      this.sy = new Float64Array(n)
      this.cz = new Float64Array(n)
      this.cellOf = new Int32Array(n)
      this.ids = new Int32Array(n)
    }
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1)
    const { sx, sy, cz, cellOf, ids } = this
    const start = this.cellStart
    start.fill(0, 0, cells + 1)
    let count = 0
    for (let i = 0; i < n; i++) {
      cellOf[i] = -1
      if (visible && visible[i] === 0) continue
      const px = positions[i * 3]
      const py = positions[i * 3 + 1]
      const pz = positions[i * 3 + 2]
      // Same expressions, in the same order, as pickNearest: bit-identical screen positions.
      const w = m[3] * px + m[7] * py + m[11] * pz + m[15]
      if (!(w > 0)) continue // behind the camera (or NaN)
      const x = (m[0] * px + m[4] * py + m[8] * pz + m[12]) / w
      const y = (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w
      const z = (m[2] * px + m[6] * py + m[10] * pz + m[14]) / w
      if (!(z >= -1 && z <= 1)) continue // outside the near and far planes: not drawn
      const x2 = ((x + 1) / 2) * width
      const y2 = ((1 - y) / 2) * height
      if (!Number.isFinite(x2) || !Number.isFinite(y2)) continue
      sx[i] = x2
      sy[i] = y2
      cz[i] = z
      const c = this.row(y2) * cols + this.col(x2)
      cellOf[i] = c
      start[c]++
      count++
    }
    // Counting sort: running sums make start[c] the end of cell c; filling backwards then leaves
    // start[c] at its beginning with ids ascending inside each cell, and start[cells] = count.
    for (let c = 1; c <= cells; c++) start[c] += start[c - 1]
    for (let i = n - 1; i >= 0; i--) if (cellOf[i] >= 0) ids[--start[cellOf[i]]] = i
    this.count = count
    this.built = true
  }

  /**
   * Whether the last build used this camera, canvas size and positions version, so the caller
   * can skip rebuilding. False before the first build.
   */
  isCurrent(
    viewProjection: ArrayLike<number>,
    width: number,
    height: number,
    version: number,
  ): boolean {
    if (!this.built || width !== this.width || height !== this.height) return false
    if (version !== this.version) return false
    for (let k = 0; k < 16; k++) if (this.matrix[k] !== viewProjection[k]) return false
    return true
  }

  /**
   * The indexed item nearest (x, y) within `radiusPx`, exactly as `pickNearest` chooses it, or
   * -1 for none (and before any build).
   */
  pick(x: number, y: number, radiusPx: number): number {
    if (!this.built || this.count === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return -1
    const r2 = radiusPx * radiusPx
    // A hair wider than the radius: d2 <= r2 after rounding can allow |dx| a few ulps over r.
    const reach = Math.abs(radiusPx) * (1 + 1e-9) + 1e-6
    const { sx, sy, cz, ids, cellStart, cols } = this
    const c0 = this.col(x - reach)
    const c1 = this.col(x + reach)
    const r0 = this.row(y - reach)
    const r1 = this.row(y + reach)
    let best = -1
    let bestScore = Infinity
    for (let row = r0; row <= r1; row++) {
      // Cells of one row are contiguous in the CSR arrays: one run from c0 to c1.
      const end = cellStart[row * cols + c1 + 1]
      for (let k = cellStart[row * cols + c0]; k < end; k++) {
        const i = ids[k]
        const d2 = (sx[i] - x) ** 2 + (sy[i] - y) ** 2
        if (d2 > r2) continue
        const score = d2 + cz[i] * 1e-3
        if (score < bestScore || (score === bestScore && i < best)) {
          bestScore = score
          best = i
        }
      }
    }
    return best
  }

  /** Ids (ascending) of indexed points in the box with corners (x0, y0) and (x1, y1), edges in. */
  inRect(x0: number, y0: number, x1: number, y1: number): number[] {
    const minX = Math.min(x0, x1)
    const maxX = Math.max(x0, x1)
    const minY = Math.min(y0, y1)
    const maxY = Math.max(y0, y1)
    const { sx, sy } = this
    return this.collect(minX, minY, maxX, maxY, (i) => {
      const x = sx[i]
      const y = sy[i]
      return x >= minX && x <= maxX && y >= minY && y <= maxY
    })
  }

  /**
   * Ids (ascending) of indexed points whose screen position is inside `polygon` by the even-odd
   * rule (same answers as `pointInPolygon`, via `polygonTester`), visiting only the cells under its
   * bounding box.
   */
  inPolygon(polygon: readonly Point2[]): number[] {
    const b = polygonBounds(polygon)
    if (!b || polygon.length < 3) return []
    // The crossing test's division can land a few ulps outside the box; widen the cell range.
    const pad = 1e-9 * (1 + Math.max(Math.abs(b.x0), Math.abs(b.x1), b.x1 - b.x0))
    const { sx, sy } = this
    const inside = polygonTester(polygon)
    return this.collect(b.x0 - pad, b.y0, b.x1 + pad, b.y1, (i) => inside(sx[i], sy[i]))
  }

  /** Indexed ids in the cells under the box that pass `test`, sorted ascending. */
  private collect(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    test: (i: number) => boolean,
  ): number[] {
    if (!this.built || this.count === 0 || !(minX <= maxX) || !(minY <= maxY)) return []
    const { ids, cellStart, cols } = this
    // Gathered into a typed array, which sorts numerically without a comparator callback: a lasso
    // can take most of 100,000 points.
    const found = new Int32Array(this.count)
    let k0 = 0
    const c0 = this.col(minX)
    const c1 = this.col(maxX)
    for (let row = this.row(minY), r1 = this.row(maxY); row <= r1; row++) {
      const end = cellStart[row * cols + c1 + 1]
      for (let k = cellStart[row * cols + c0]; k < end; k++) if (test(ids[k])) found[k0++] = ids[k]
    }
    return Array.from(found.subarray(0, k0).sort())
  }

  /** Grid column of screen x, clamped so off-canvas points live in the border cells. */
  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cell)))
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)))
  }
}
