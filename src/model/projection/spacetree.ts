/**
 * A space-partitioning tree over n points in 2 or 3 dimensions: a quadtree for 2D, an octree for
 * 3D (one implementation over `dims`). Every node stores its points' centre of mass and count, so
 * the Barnes-Hut approximation (van der Maaten 2014) can treat a far-away cell as one heavy point.
 *
 * Storage is flat typed arrays indexed by node number, kept and grown across rebuilds, so a
 * t-SNE iteration (which rebuilds the tree every time) allocates nothing once warmed up.
 */
import { evaluate2, evaluate3 } from './repulsion'

/**
 * Deepest level below the root. Points closer than extent·2^−MAX_DEPTH (or exactly coincident)
 * share a leaf instead of splitting forever; the leaf's centre of mass stands for them all (for
 * coincident points that is exact, for the others off by under extent·2^−MAX_DEPTH).
 */
export const MAX_DEPTH = 48

/**
 * Most points that share one tree walk in `repulsion`. Larger groups walk the tree less often
 * but get longer interaction lists (a cell must be far from the whole group to be summarised).
 */
const GROUP_POINTS = 64

/** Positions the tree can be built over: n·dims coordinates, row-major. */
export type Positions = Float64Array | Float32Array

export class SpaceTree {
  /** 4 (quadtree) or 8 (octree): children per internal node. */
  readonly fanout: number
  /** Nodes in the last build (non-empty cells only); node 0 is the root. */
  size = 0
  /** Points in the last build. */
  n = 0
  /**
   * The nodes in depth-first preorder, for the traversal: a subtree is a contiguous run, so the
   * walk reads memory forwards and needs no stack. `dims + 2` numbers per node: centre of mass
   * (dims), count, and the squared width of its points' bounding box (its longest side; −1 on
   * leaves: always "far enough").
   */
  private flat = new Float64Array(0)
  /** Preorder index just past each node's subtree: where the walk goes after summarising it. */
  private skip = new Int32Array(0)
  /** Where each node's points start in `order` (a subtree's points are a contiguous run). */
  private first = new Int32Array(0)
  /** Per node, while building: coordinate sums (dims), then its points' bounding box (lowest
   * coordinates, then highest). */
  private sums = new Float64Array(0)
  /** Points in depth-first leaf order: neighbours in space are neighbours here (cache locality). */
  private order = new Int32Array(0)
  /** Scratch for partitioning a node's points among its children. */
  private scratch = new Int32Array(0)
  /** Each point's child cell while its node is partitioned. */
  private octants = new Uint8Array(0)
  /** Per depth, a node's points per child and where each child's run starts. */
  private readonly counts = new Int32Array((MAX_DEPTH + 1) * 8)
  private readonly starts = new Int32Array((MAX_DEPTH + 1) * 8)
  private deepest = 0
  private pos: Positions = new Float64Array(0)
  /** A group's interaction list: `dims + 1` numbers per entry (centre of mass, mass); grown. */
  private list = new Float64Array(1024)
  /** A group's bounding box: lowest coordinates, then highest (room for 3 each). */
  private readonly box = new Float64Array(6)

  constructor(readonly dims: 2 | 3) {
    this.fanout = 1 << dims
  }

  /**
   * Rebuilds the tree over `pos` (n·dims), top down: each cell's points (a contiguous run of
   * `order`) are partitioned among its children, which are built in turn, so the nodes come out
   * in preorder. The array is read again by `repulsion`.
   */
  build(pos: Positions, n: number): void {
    const dims = this.dims
    this.pos = pos
    if (this.order.length < n) {
      this.order = new Int32Array(n)
      this.scratch = new Int32Array(n)
      this.octants = new Uint8Array(n)
      this.n = 0
    }
    // Room for a typical tree (about 1.5 nodes a point); `node` grows it when points crowd.
    if (this.skip.length < 2 * n) this.grow(2 * n)
    // The tree does not depend on the order points come in; the last build's leaf order (when
    // there was one of these points) keeps neighbours together, for cache locality.
    if (this.n !== n) for (let i = 0; i < n; i++) this.order[i] = i
    this.n = n
    this.size = 0
    this.deepest = 0
    if (n === 0) return
    // Root cell: the bounding box made square, a hair larger so no point sits on its far edge.
    const centre = [0, 0, 0]
    let half = 0
    for (let d = 0; d < dims; d++) {
      let lo = Infinity
      let hi = -Infinity
      for (let i = 0; i < n; i++) {
        const v = pos[i * dims + d]
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      centre[d] = (lo + hi) / 2
      half = Math.max(half, (hi - lo) / 2)
    }
    half = half * (1 + 1e-9) + 1e-12
    this.node(0, n, centre[0], centre[1], centre[2], half, 0)
  }

  /** Number of points in the tree, summed over the root's cells (n after a build). */
  mass(): number {
    return this.size > 0 ? this.flat[this.dims] : 0
  }

  /** Centre of mass of all points, as stored in the root. */
  centreOfMass(): number[] {
    return Array.from(this.flat.subarray(0, this.size > 0 ? this.dims : 0))
  }

  /** Depth of the deepest node: bounded by MAX_DEPTH even for many coincident points. */
  depth(): number {
    return this.deepest
  }

  /**
   * Barnes-Hut repulsion for every point i: writes force[i·dims + d] = Σ_j w_ij² (y_i − y_j)_d with
   * w_ij = 1 / (1 + |y_i − y_j|²), and returns Z = Σ_i Σ_{j≠i} w_ij. A cell is summarised by its
   * centre of mass when width / distance < theta, the width being that of its points' bounding
   * box (its longest side: tighter than the cell's); theta = 0 visits every point (exact).
   *
   * The walk is shared by groups of at most GROUP_POINTS points that share a subtree (Barnes
   * 1990, "A modified tree code"): a cell is summarised only when it is far enough from the
   * group's whole bounding box, so from each of its points, and the group's points then run
   * through the one interaction list it produced, a tight loop without branches. Every summary is
   * at least as close to exact as the point-by-point walk would make it.
   */
  repulsion(theta: number, force: Float64Array): number {
    force.fill(0, 0, this.n * this.dims)
    if (this.n < 2) return 0
    const { dims, flat, skip, first, order, pos, size } = this
    const s = dims + 2
    const theta2 = theta * theta
    const lo = this.box
    const hi = this.box.subarray(3)
    let z = 0
    let g = 0
    while (g < size) {
      const mass = flat[g * s + dims]
      if (mass > GROUP_POINTS && flat[g * s + dims + 1] >= 0) {
        g++
        continue
      }
      // The group: points order[from … to − 1], the subtree of node g.
      const from = first[g]
      const to = from + mass
      g = skip[g]
      for (let d = 0; d < dims; d++) {
        lo[d] = Infinity
        hi[d] = -Infinity
      }
      for (let o = from; o < to; o++)
        for (let d = 0; d < dims; d++) {
          const v = pos[order[o] * dims + d]
          if (v < lo[d]) lo[d] = v
          if (v > hi[d]) hi[d] = v
        }
      const count = this.interactions(theta2, lo, hi)
      z +=
        dims === 2
          ? evaluate2(this.list, count, pos, order, from, to, force)
          : evaluate3(this.list, count, pos, order, from, to, force)
    }
    return z
  }

  /**
   * Fills `list` with (centre of mass, mass) of the cells the group in box [lo, hi] can treat as
   * one point (leaves always: a leaf is one point, or several coincident ones); returns how many.
   */
  private interactions(theta2: number, lo: Float64Array, hi: Float64Array): number {
    const { dims, flat, skip, size } = this
    const s = dims + 2
    const t = dims + 1
    let list = this.list
    let count = 0
    let idx = 0
    while (idx < size) {
      const b = idx * s
      // Squared distance from the cell's centre of mass to the nearest point of the box.
      let d2 = 0
      for (let d = 0; d < dims; d++) {
        const c = flat[b + d]
        const gap = c < lo[d] ? lo[d] - c : c > hi[d] ? c - hi[d] : 0
        d2 += gap * gap
      }
      if (flat[b + dims + 1] >= theta2 * d2) {
        idx++ // too close for a summary: open the cell (its first child is next in preorder)
        continue
      }
      if ((count + 1) * t > list.length) {
        const grown = new Float64Array(list.length * 2)
        grown.set(list)
        this.list = list = grown
      }
      for (let d = 0; d <= dims; d++) list[count * t + d] = flat[b + d]
      count++
      idx = skip[idx]
    }
    return count
  }

  /** Makes room for at least `nodes` nodes, keeping the ones built so far. */
  private grow(nodes: number): void {
    const cap = Math.max(nodes, this.skip.length * 2, 64)
    const keep = <T extends Float64Array | Int32Array>(a: T, stride: number): T => {
      const b = new (a.constructor as new (len: number) => T)(cap * stride)
      b.set(a.subarray(0, this.size * stride))
      return b
    }
    this.flat = keep(this.flat, this.dims + 2)
    this.skip = keep(this.skip, 1)
    this.first = keep(this.first, 1)
    this.sums = keep(this.sums, 3 * this.dims)
  }

  /** Whether points order[from … to − 1] all sit at one position. */
  private coincident(from: number, to: number): boolean {
    const { dims, pos, order } = this
    const a = order[from] * dims
    for (let o = from + 1; o < to; o++)
      for (let d = 0; d < dims; d++) if (pos[order[o] * dims + d] !== pos[a + d]) return false
    return true
  }

  /**
   * Builds the node for points order[from … to − 1] in the cell at (cx, cy, cz) with half width
   * `half`, at `depth`, and its subtree after it; returns nothing, leaving `size` past the
   * subtree. One point, coincident points, or MAX_DEPTH make a leaf, its points listed by index
   * so that its sums do not depend on the order they came in. A node's sums are its children's
   * in child order, so the whole tree's are too.
   */
  private node(
    from: number,
    to: number,
    cx: number,
    cy: number,
    cz: number,
    half: number,
    depth: number,
  ): void {
    const { dims, fanout, pos, order } = this
    const f = dims + 2
    const s = 3 * dims
    if (this.size === this.skip.length) this.grow(this.size + 1)
    const idx = this.size++
    this.first[idx] = from
    if (depth > this.deepest) this.deepest = depth
    // Not kept across the children's builds, which may grow the arrays.
    let { flat, sums } = this
    const b = idx * s
    for (let d = 0; d < dims; d++) {
      sums[b + d] = 0
      sums[b + dims + d] = Infinity
      sums[b + 2 * dims + d] = -Infinity
    }
    const m = to - from
    if (m === 1 || depth >= MAX_DEPTH || this.coincident(from, to)) {
      if (m > 1) sortRun(order, from, to)
      for (let o = from; o < to; o++) {
        const p = order[o] * dims
        for (let d = 0; d < dims; d++) {
          const v = pos[p + d]
          sums[b + d] += v
          if (v < sums[b + dims + d]) sums[b + dims + d] = v
          if (v > sums[b + 2 * dims + d]) sums[b + 2 * dims + d] = v
        }
      }
      flat[idx * f + dims + 1] = -1
    } else {
      // Partition the points among the children (a stable counting sort on the child index):
      // this depth's counts and run starts, at c0 in `counts` and `starts`.
      const { octants, scratch, counts, starts } = this
      const c0 = depth * 8
      counts.fill(0, c0, c0 + 8)
      for (let o = from; o < to; o++) {
        const p = order[o] * dims
        let k = pos[p] >= cx ? 1 : 0
        if (pos[p + 1] >= cy) k |= 2
        if (dims === 3 && pos[p + 2] >= cz) k |= 4
        octants[o] = k
        counts[c0 + k]++
      }
      starts[c0] = from
      for (let k = 1; k < fanout; k++) starts[c0 + k] = starts[c0 + k - 1] + counts[c0 + k - 1]
      for (let o = from; o < to; o++) scratch[starts[c0 + octants[o]]++] = order[o]
      for (let o = from; o < to; o++) order[o] = scratch[o]
      const h = half / 2
      for (let k = 0; k < fanout; k++) {
        const count = counts[c0 + k]
        if (count === 0) continue
        const child = this.size
        // starts[k] has moved to the run's end.
        const a = starts[c0 + k] - count
        this.node(
          a,
          a + count,
          cx + (k & 1 ? h : -h),
          cy + (k & 2 ? h : -h),
          cz + (k & 4 ? h : -h),
          h,
          depth + 1,
        )
        flat = this.flat
        sums = this.sums
        const c = child * s
        for (let d = 0; d < dims; d++) {
          sums[b + d] += sums[c + d]
          sums[b + dims + d] = Math.min(sums[b + dims + d], sums[c + dims + d])
          sums[b + 2 * dims + d] = Math.max(sums[b + 2 * dims + d], sums[c + 2 * dims + d])
        }
      }
      let width = 0
      for (let d = 0; d < dims; d++)
        width = Math.max(width, sums[b + 2 * dims + d] - sums[b + dims + d])
      flat[idx * f + dims + 1] = width * width
    }
    for (let d = 0; d < dims; d++) flat[idx * f + d] = sums[b + d] / m
    flat[idx * f + dims] = m
    this.skip[idx] = this.size
  }
}

/** Sorts a[from … to − 1] ascending in place (insertion sort for a leaf's usual few points). */
function sortRun(a: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort()
    return
  }
  for (let o = from + 1; o < to; o++) {
    const v = a[o]
    let p = o
    while (p > from && a[p - 1] > v) {
      a[p] = a[p - 1]
      p--
    }
    a[p] = v
  }
}
