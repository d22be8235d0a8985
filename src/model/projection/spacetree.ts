/**
 * A space-partitioning tree over n points in 2 or 3 dimensions: a quadtree for 2D, an octree for
 * 3D (one implementation over `dims`). Every node stores its points' centre of mass and count, so
 * the Barnes-Hut approximation (van der Maaten 2014) can treat a far-away cell as one heavy point.
 *
 * Storage is flat typed arrays indexed by node number, kept and grown across rebuilds, so a
 * t-SNE iteration (which rebuilds the tree every time) allocates nothing once warmed up.
 */

/**
 * Deepest level below the root. Points closer than extent·2^−MAX_DEPTH (or exactly coincident)
 * share a leaf instead of splitting forever; such a leaf still sums its points one by one.
 */
export const MAX_DEPTH = 48

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
  /** Per node, `dims + 2` numbers while building: coordinate sums (dims), count, squared width. */
  private node = new Float64Array(0)
  /** Per node, `dims + 1` numbers: geometric cell centre and half width (needed only to build). */
  private cell = new Float64Array(0)
  /** First of the node's `fanout` children, or −1 for a leaf. */
  private child = new Int32Array(0)
  /** First point of a leaf's point list, −1 when none. */
  private head = new Int32Array(0)
  /** Next point in the same leaf (a linked list through the points), −1 at the end. */
  private next = new Int32Array(0)
  /** Non-empty nodes below and including each node (scratch for `compact`). */
  private below = new Int32Array(0)
  /**
   * The non-empty nodes again, in depth-first preorder, for the traversal: a subtree is a
   * contiguous run, so the walk reads memory forwards and needs no stack. `dims + 2` numbers per
   * node: centre of mass (dims), count, squared cell width (−1 on leaves: always "far enough").
   */
  private flat = new Float64Array(0)
  /** Preorder index just past each node's subtree: where the walk goes after summarising it. */
  private skip = new Int32Array(0)
  /** A leaf's first point (its list continues in `next`); −1 for internal nodes. */
  private leaf = new Int32Array(0)
  private flatSize = 0
  /** Points in depth-first leaf order: neighbours in space are neighbours here (cache locality). */
  private order = new Int32Array(0)
  private readonly stack: Int32Array
  private pos: Positions = new Float64Array(0)

  constructor(readonly dims: 2 | 3) {
    this.fanout = 1 << dims
    this.stack = new Int32Array((MAX_DEPTH + 2) * this.fanout)
  }

  /** Rebuilds the tree over `pos` (n·dims). The array is read again by `repulsion`. */
  build(pos: Positions, n: number): void {
    const dims = this.dims
    this.pos = pos
    this.n = n
    if (this.next.length < n) {
      this.next = new Int32Array(n)
      this.order = new Int32Array(n)
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
    this.node[dims + 1] = 4 * half * half
    for (let i = 0; i < n; i++) this.insert(i)
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
   * centre of mass when width / distance < theta; theta = 0 visits every point (exact).
   */
  repulsion(theta: number, force: Float64Array): number {
    force.fill(0, 0, this.n * this.dims)
    if (this.n < 2) return 0
    return this.dims === 2
      ? this.repulsion2(theta * theta, force)
      : this.repulsion3(theta * theta, force)
  }

  // The two walks below are the same algorithm, unrolled per dimension because this loop is
  // nearly all of a t-SNE iteration's time.

  private repulsion2(theta2: number, force: Float64Array): number {
    const { flat, skip, leaf, next, order, pos, flatSize } = this
    let z = 0
    for (let o = 0; o < this.n; o++) {
      const i = order[o]
      const x = pos[2 * i]
      const y = pos[2 * i + 1]
      let fx = 0
      let fy = 0
      let idx = 0
      while (idx < flatSize) {
        const b = idx * 4
        const dx = x - flat[b]
        const dy = y - flat[b + 1]
        const d2 = dx * dx + dy * dy
        if (flat[b + 3] >= theta2 * d2) {
          idx++ // too close for a summary: open the cell (its first child is next in preorder)
          continue
        }
        const p = leaf[idx]
        if (p < 0 || (p !== i && next[p] < 0)) {
          const m = flat[b + 2]
          const w = 1 / (1 + d2)
          z += m * w
          const mw2 = m * w * w
          fx += mw2 * dx
          fy += mw2 * dy
        } else if (next[p] >= 0) {
          // A leaf of coincident (or MAX_DEPTH-close) points: one by one, skipping i.
          for (let j = p; j >= 0; j = next[j]) {
            if (j === i) continue
            const ex = x - pos[2 * j]
            const ey = y - pos[2 * j + 1]
            const w = 1 / (1 + ex * ex + ey * ey)
            z += w
            fx += w * w * ex
            fy += w * w * ey
          }
        }
        idx = skip[idx]
      }
      force[2 * i] = fx
      force[2 * i + 1] = fy
    }
    return z
  }

  private repulsion3(theta2: number, force: Float64Array): number {
    const { flat, skip, leaf, next, order, pos, flatSize } = this
    let z = 0
    for (let o = 0; o < this.n; o++) {
      const i = order[o]
      const x = pos[3 * i]
      const y = pos[3 * i + 1]
      const zz = pos[3 * i + 2]
      let fx = 0
      let fy = 0
      let fz = 0
      let idx = 0
      while (idx < flatSize) {
        const b = idx * 5
        const dx = x - flat[b]
        const dy = y - flat[b + 1]
        const dz = zz - flat[b + 2]
        const d2 = dx * dx + dy * dy + dz * dz
        if (flat[b + 4] >= theta2 * d2) {
          idx++
          continue
        }
        const p = leaf[idx]
        if (p < 0 || (p !== i && next[p] < 0)) {
          const m = flat[b + 3]
          const w = 1 / (1 + d2)
          z += m * w
          const mw2 = m * w * w
          fx += mw2 * dx
          fy += mw2 * dy
          fz += mw2 * dz
        } else if (next[p] >= 0) {
          for (let j = p; j >= 0; j = next[j]) {
            if (j === i) continue
            const ex = x - pos[3 * j]
            const ey = y - pos[3 * j + 1]
            const ez = zz - pos[3 * j + 2]
            const w = 1 / (1 + ex * ex + ey * ey + ez * ez)
            z += w
            fx += w * w * ex
            fy += w * w * ey
            fz += w * w * ez
          }
        }
        idx = skip[idx]
      }
      force[3 * i] = fx
      force[3 * i + 1] = fy
      force[3 * i + 2] = fz
    }
    return z
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
      this.node = grow(this.node, this.dims + 2)
      this.cell = grow(this.cell, this.dims + 1)
      this.child = grow(this.child, 1)
      this.head = grow(this.head, 1)
      this.capacity = cap
    }
    const s = this.dims + 2
    this.node.fill(0, first * s, need * s)
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

  /** Adds point i's mass to `nd` (centre of mass is a running sum until `compact`). */
  private addMass(nd: number, i: number): void {
    const dims = this.dims
    const b = nd * (dims + 2)
    for (let d = 0; d < dims; d++) this.node[b + d] += this.pos[i * dims + d]
    this.node[b + dims] += 1
  }

  /** Iterative insertion: walk down, splitting an occupied leaf when point i lands in it. */
  private insert(i: number): void {
    const dims = this.dims
    const s = dims + 2
    let nd = 0
    for (let depth = 0; ; depth++) {
      if (this.child[nd] < 0) {
        const p = this.head[nd]
        if (p < 0 || depth >= MAX_DEPTH || this.coincident(p, i)) {
          this.next[i] = p
          this.head[nd] = i
          this.addMass(nd, i)
          return
        }
        // Split: the leaf's points (one, or several coincident) move down into one child.
        const first = this.allocate(this.fanout)
        this.child[nd] = first
        const half = this.cell[nd * (dims + 1) + dims] / 2
        for (let k = 0; k < this.fanout; k++) {
          const cb = (first + k) * (dims + 1)
          for (let d = 0; d < dims; d++)
            this.cell[cb + d] = this.cell[nd * (dims + 1) + d] + ((k >> d) & 1 ? half : -half)
          this.cell[cb + dims] = half
          this.node[(first + k) * s + dims + 1] = 4 * half * half
        }
        const into = first + this.octant(nd, p)
        this.head[into] = p
        this.head[nd] = -1
        for (let d = 0; d <= dims; d++) this.node[into * s + d] = this.node[nd * s + d]
      }
      this.addMass(nd, i)
      nd = this.child[nd] + this.octant(nd, i)
    }
  }

  /**
   * Copies the non-empty nodes into preorder (`flat`, `skip`, `leaf`), turning coordinate sums
   * into centres of mass, and lists the points leaf by leaf in `order`.
   */
  private compact(): void {
    const dims = this.dims
    const s = dims + 2
    const { node, child, head, next, stack, fanout } = this
    if (this.below.length < this.size) this.below = new Int32Array(this.capacity)
    const below = this.below
    // Children always have larger indices than their parent, so one backward pass sums subtrees.
    for (let nd = this.size - 1; nd >= 0; nd--) {
      let count = node[nd * s + dims] > 0 ? 1 : 0
      const c = child[nd]
      if (count > 0 && c >= 0) for (let k = 0; k < fanout; k++) count += below[c + k]
      below[nd] = count
    }
    const total = this.n > 0 ? below[0] : 0
    if (this.skip.length < total) {
      const cap = Math.max(total, this.skip.length * 2)
      this.flat = new Float64Array(cap * s)
      this.skip = new Int32Array(cap)
      this.leaf = new Int32Array(cap)
    }
    const { flat, skip, leaf, order } = this
    let sp = 0
    let idx = 0
    let o = 0
    if (total > 0) stack[sp++] = 0
    while (sp > 0) {
      const nd = stack[--sp]
      const m = node[nd * s + dims]
      for (let d = 0; d < dims; d++) flat[idx * s + d] = node[nd * s + d] / m
      flat[idx * s + dims] = m
      skip[idx] = idx + below[nd]
      const c = child[nd]
      if (c < 0) {
        flat[idx * s + dims + 1] = -1
        leaf[idx] = head[nd]
        for (let j = head[nd]; j >= 0; j = next[j]) order[o++] = j
      } else {
        flat[idx * s + dims + 1] = node[nd * s + dims + 1]
        leaf[idx] = -1
        for (let k = fanout - 1; k >= 0; k--) if (node[(c + k) * s + dims] > 0) stack[sp++] = c + k
      }
      idx++
    }
    this.flatSize = total
  }
}
