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
  /** 4 (quadtree) or 8 (octree): children per internal node, stored as consecutive nodes. */
  readonly fanout: number
  /** Nodes allocated by the last build (empty children included); node 0 is the root. */
  size = 0
  /** Points in the last build. */
  n = 0
  private capacity = 0
  /** Per node, `3·dims + 1` numbers, filled by `compact`: coordinate sums (dims), count, and the
   * bounding box of its points (lowest coordinates, then highest). */
  private node = new Float64Array(0)
  /** Per node, `dims + 1` numbers: geometric cell centre and half width (needed only to build). */
  private cell = new Float64Array(0)
  /** First of the node's `fanout` children, or −1 for a leaf. */
  private child = new Int32Array(0)
  /** First point of a leaf's point list, −1 when none. */
  private head = new Int32Array(0)
  /** Next point in the same leaf (a list through the points by ascending index), −1 at the end. */
  private next = new Int32Array(0)
  /** Non-empty nodes below and including each node (scratch for `compact`). */
  private below = new Int32Array(0)
  /**
   * The non-empty nodes again, in depth-first preorder, for the traversal: a subtree is a
   * contiguous run, so the walk reads memory forwards and needs no stack. `dims + 2` numbers per
   * node: centre of mass (dims), count, and the squared width of its points' bounding box (its
   * longest side; −1 on leaves: always "far enough").
   */
  private flat = new Float64Array(0)
  /** Preorder index just past each node's subtree: where the walk goes after summarising it. */
  private skip = new Int32Array(0)
  /** Where each node's points start in `order` (a subtree's points are a contiguous run). */
  private first = new Int32Array(0)
  private flatSize = 0
  /** Points in depth-first leaf order: neighbours in space are neighbours here (cache locality). */
  private order = new Int32Array(0)
  private readonly stack: Int32Array
  private pos: Positions = new Float64Array(0)
  /** A group's interaction list: `dims + 1` numbers per entry (centre of mass, mass); grown. */
  private list = new Float64Array(1024)
  /** A group's bounding box: lowest coordinates, then highest (room for 3 each). */
  private readonly box = new Float64Array(6)

  constructor(readonly dims: 2 | 3) {
    this.fanout = 1 << dims
    this.stack = new Int32Array((MAX_DEPTH + 2) * this.fanout)
  }

  /** Rebuilds the tree over `pos` (n·dims). The array is read again by `repulsion`. */
  build(pos: Positions, n: number): void {
    const dims = this.dims
    this.pos = pos
    if (this.next.length < n) {
      this.next = new Int32Array(n)
      this.order = new Int32Array(n)
      this.n = 0
    }
    this.size = 0
    this.allocate(1)
    // Root cell: the bounding box made square, a hair larger so no point sits on its far edge.
    let half = 0
    for (let d = 0; d < dims; d++) {
      let lo = Infinity
      let hi = -Infinity
      for (let i = 0; i < n; i++) {
        const v = pos[i * dims + d]
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      if (n === 0) lo = hi = 0
      this.cell[d] = (lo + hi) / 2
      half = Math.max(half, (hi - lo) / 2)
    }
    half = half * (1 + 1e-9) + 1e-12
    this.cell[dims] = half
    // The tree does not depend on the insertion order. The last build's leaf order (when there
    // was one of these points) inserts neighbours one after another, down paths still in cache.
    const order = this.order
    if (this.n === n && order.length >= n) for (let o = 0; o < n; o++) this.insert(order[o])
    else for (let i = 0; i < n; i++) this.insert(i)
    this.n = n
    this.compact()
  }

  /** Number of points in the tree, summed over the root's cells (n after a build). */
  mass(): number {
    return this.flatSize > 0 ? this.flat[this.dims] : 0
  }

  /** Centre of mass of all points, as stored in the root. */
  centreOfMass(): number[] {
    return Array.from(this.flat.subarray(0, this.flatSize > 0 ? this.dims : 0))
  }

  /** Depth of the deepest node: bounded by MAX_DEPTH even for many coincident points. */
  depth(): number {
    let deepest = 0
    const visit: [number, number][] = this.size > 0 ? [[0, 0]] : []
    while (visit.length > 0) {
      const [node, depth] = visit.pop()!
      deepest = Math.max(deepest, depth)
      const c = this.child[node]
      if (c >= 0) for (let k = 0; k < this.fanout; k++) visit.push([c + k, depth + 1])
    }
    return deepest
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
    const { dims, flat, skip, first, order, pos, flatSize } = this
    const s = dims + 2
    const theta2 = theta * theta
    const lo = this.box
    const hi = this.box.subarray(3)
    let z = 0
    let g = 0
    while (g < flatSize) {
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
    const { dims, flat, skip, flatSize } = this
    const s = dims + 2
    const t = dims + 1
    let list = this.list
    let count = 0
    let idx = 0
    while (idx < flatSize) {
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

  /** Appends `count` empty nodes (growing the arrays by doubling) and returns the first index. */
  private allocate(count: number): number {
    const first = this.size
    const need = first + count
    if (need > this.capacity) {
      const cap = Math.max(need, this.capacity * 2, 64)
      const grow = <T extends Float64Array | Int32Array>(a: T, stride: number): T => {
        const b = new (a.constructor as new (len: number) => T)(cap * stride)
        b.set(a.subarray(0, first * stride))
        return b
      }
      this.cell = grow(this.cell, this.dims + 1)
      this.child = grow(this.child, 1)
      this.head = grow(this.head, 1)
      this.capacity = cap
    }
    this.child.fill(-1, first, need)
    this.head.fill(-1, first, need)
    this.size = need
    return first
  }

  /** Which child of `nd` the position (row `i` of pos) falls in: one bit per axis. */
  private octant(nd: number, i: number): number {
    const dims = this.dims
    let k = 0
    for (let d = 0; d < dims; d++)
      if (this.pos[i * dims + d] >= this.cell[nd * (dims + 1) + d]) k |= 1 << d
    return k
  }

  private coincident(i: number, j: number): boolean {
    for (let d = 0; d < this.dims; d++)
      if (this.pos[i * this.dims + d] !== this.pos[j * this.dims + d]) return false
    return true
  }

  /**
   * Iterative insertion: walk down, splitting an occupied leaf when point i lands in it. Points
   * that share a leaf (coincident, or at MAX_DEPTH) are listed by index, so the tree and every
   * sum over it are the same whatever order the points come in.
   */
  private insert(i: number): void {
    // Not destructured: a split can reallocate `child` and `head`.
    const next = this.next
    let nd = 0
    for (let depth = 0; ; depth++) {
      if (this.child[nd] < 0) {
        const p = this.head[nd]
        if (p < 0 || depth >= MAX_DEPTH || this.coincident(p, i)) {
          if (p < 0 || i < p) {
            next[i] = p
            this.head[nd] = i
          } else {
            let q = p
            while (next[q] >= 0 && next[q] < i) q = next[q]
            next[i] = next[q]
            next[q] = i
          }
          return
        }
        this.split(nd, p)
      }
      nd = this.child[nd] + this.octant(nd, i)
    }
  }

  /** Gives leaf `nd` its children; its points (one, or several coincident) move into one. */
  private split(nd: number, p: number): void {
    const dims = this.dims
    const first = this.allocate(this.fanout)
    this.child[nd] = first
    const half = this.cell[nd * (dims + 1) + dims] / 2
    for (let k = 0; k < this.fanout; k++) {
      const cb = (first + k) * (dims + 1)
      for (let d = 0; d < dims; d++)
        this.cell[cb + d] = this.cell[nd * (dims + 1) + d] + ((k >> d) & 1 ? half : -half)
      this.cell[cb + dims] = half
    }
    this.head[first + this.octant(nd, p)] = p
    this.head[nd] = -1
  }

  /**
   * Sums every node's points (count, coordinates, bounding box) and copies the non-empty nodes
   * into preorder (`flat`, `skip`, `first`) with centres of mass, listing the points leaf by leaf
   * in `order`.
   */
  private compact(): void {
    const dims = this.dims
    const s = 3 * dims + 1
    const f = dims + 2
    const { child, head, next, stack, fanout, pos } = this
    if (this.below.length < this.size) {
      this.below = new Int32Array(this.capacity)
      this.node = new Float64Array(this.capacity * s)
    }
    const { below, node } = this
    // Children always have larger indices than their parent, so one backward pass sums subtrees.
    for (let nd = this.size - 1; nd >= 0; nd--) {
      const b = nd * s
      const c = child[nd]
      if (c < 0 && head[nd] < 0) {
        node[b + dims] = 0 // an empty child cell: most nodes of an octree
        below[nd] = 0
        continue
      }
      let count = 0
      for (let d = 0; d < dims; d++) {
        node[b + d] = 0
        node[b + dims + 1 + d] = Infinity
        node[b + 2 * dims + 1 + d] = -Infinity
      }
      let nodes = 0
      if (c >= 0)
        for (let k = 0; k < fanout; k++) {
          const cb = (c + k) * s
          const m = node[cb + dims]
          if (m === 0) continue
          count += m
          nodes += below[c + k]
          for (let d = 0; d < dims; d++) {
            node[b + d] += node[cb + d]
            node[b + dims + 1 + d] = Math.min(node[b + dims + 1 + d], node[cb + dims + 1 + d])
            node[b + 2 * dims + 1 + d] = Math.max(
              node[b + 2 * dims + 1 + d],
              node[cb + 2 * dims + 1 + d],
            )
          }
        }
      else
        for (let j = head[nd]; j >= 0; j = next[j]) {
          count++
          for (let d = 0; d < dims; d++) {
            const v = pos[j * dims + d]
            node[b + d] += v
            node[b + dims + 1 + d] = Math.min(node[b + dims + 1 + d], v)
            node[b + 2 * dims + 1 + d] = Math.max(node[b + 2 * dims + 1 + d], v)
          }
        }
      node[b + dims] = count
      below[nd] = count > 0 ? nodes + 1 : 0
    }
    const total = this.n > 0 ? below[0] : 0
    if (this.skip.length < total) {
      const cap = Math.max(total, this.skip.length * 2)
      this.flat = new Float64Array(cap * f)
      this.skip = new Int32Array(cap)
      this.first = new Int32Array(cap)
    }
    const { flat, skip, first, order } = this
    let sp = 0
    let idx = 0
    let o = 0
    if (total > 0) stack[sp++] = 0
    while (sp > 0) {
      const nd = stack[--sp]
      const b = nd * s
      const m = node[b + dims]
      for (let d = 0; d < dims; d++) flat[idx * f + d] = node[b + d] / m
      flat[idx * f + dims] = m
      skip[idx] = idx + below[nd]
      first[idx] = o
      const c = child[nd]
      if (c < 0) {
        flat[idx * f + dims + 1] = -1
        for (let j = head[nd]; j >= 0; j = next[j]) order[o++] = j
      } else {
        let width = 0
        for (let d = 0; d < dims; d++)
          width = Math.max(width, node[b + 2 * dims + 1 + d] - node[b + dims + 1 + d])
        flat[idx * f + dims + 1] = width * width
        for (let k = fanout - 1; k >= 0; k--) if (node[(c + k) * s + dims] > 0) stack[sp++] = c + k
      }
      idx++
    }
    this.flatSize = total
  }
}
