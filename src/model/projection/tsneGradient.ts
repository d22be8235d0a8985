import { SpaceTree } from './spacetree'
import type { SparseAffinities } from './tsneAffinity'

/**
 * The t-SNE gradient with Student-t kernel w_ij = 1 / (1 + |y_i − y_j|²) and Z = Σ_{k≠l} w_kl:
 *   ∂C/∂y_i = 4 · (α · Σ_j P_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z),
 * α being the early exaggeration. The attractive sum runs over the sparse P; the repulsive sum is
 * either exact (O(n²), for tests) or Barnes-Hut over a SpaceTree.
 */
export interface TsneGradient {
  /** n·dims gradient of the KL divergence. */
  grad: Float64Array
  /** The normalisation Z = Σ_{i≠j} w_ij (approximate under Barnes-Hut). */
  z: number
}

/**
 * Writes the attractive forces Σ_j P_ij w_ij (y_i − y_j) into `out` (n·dims). P is symmetric, so
 * each pair is computed once, from its row with j > i (a suffix: columns are ascending), and
 * added to both ends with opposite signs.
 */
export function attractiveForces(
  y: Float64Array,
  dims: 2 | 3,
  P: SparseAffinities,
  out: Float64Array,
): void {
  const { n, rowPtr, cols, vals } = P
  out.fill(0, 0, n * dims)
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1]
    // First entry of the row with j > i, by bisection.
    let e = rowPtr[i]
    let hi = end
    while (e < hi) {
      const mid = (e + hi) >> 1
      if (cols[mid] > i) hi = mid
      else e = mid + 1
    }
    const xi = y[i * dims]
    const yi = y[i * dims + 1]
    const zi = dims === 3 ? y[i * dims + 2] : 0
    let fx = 0
    let fy = 0
    let fz = 0
    for (; e < end; e++) {
      const j = cols[e] * dims
      const dx = xi - y[j]
      const dy = yi - y[j + 1]
      const dz = dims === 3 ? zi - y[j + 2] : 0
      const pw = vals[e] / (1 + dx * dx + dy * dy + dz * dz)
      fx += pw * dx
      fy += pw * dy
      fz += pw * dz
      out[j] -= pw * dx
      out[j + 1] -= pw * dy
      if (dims === 3) out[j + 2] -= pw * dz
    }
    out[i * dims] += fx
    out[i * dims + 1] += fy
    if (dims === 3) out[i * dims + 2] += fz
  }
}

/** Exact repulsion Σ_{j≠i} w_ij² (y_i − y_j) into `out`; returns Z. O(n²): for tests. */
export function exactRepulsion(y: Float64Array, n: number, dims: 2 | 3, out: Float64Array): number {
  out.fill(0, 0, n * dims)
  let z = 0
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      let d2 = 0
      for (let d = 0; d < dims; d++) d2 += (y[i * dims + d] - y[j * dims + d]) ** 2
      const w = 1 / (1 + d2)
      z += w
      for (let d = 0; d < dims; d++)
        out[i * dims + d] += w * w * (y[i * dims + d] - y[j * dims + d])
    }
  return z
}

/** Combines the two force sums into the gradient, in place in `attract`; returns it. */
function combine(
  attract: Float64Array,
  repel: Float64Array,
  len: number,
  z: number,
  exaggeration: number,
) {
  const inv = z > 0 ? 1 / z : 0
  for (let t = 0; t < len; t++) attract[t] = 4 * (exaggeration * attract[t] - repel[t] * inv)
  return attract
}

/** The exact gradient, O(n²) time, O(n) memory (the test reference). */
export function exactGradient(
  y: Float64Array,
  n: number,
  dims: 2 | 3,
  P: SparseAffinities,
  exaggeration = 1,
): TsneGradient {
  const grad = new Float64Array(n * dims)
  const repel = new Float64Array(n * dims)
  attractiveForces(y, dims, P, grad)
  const z = exactRepulsion(y, n, dims, repel)
  return { grad: combine(grad, repel, n * dims, z, exaggeration), z }
}

/**
 * The Barnes-Hut gradient into caller-owned buffers (no allocation): rebuilds `tree` over y,
 * writes the gradient into `grad`, uses `scratch` (n·dims) for the repulsion, returns Z.
 */
export function barnesHutGradientInto(
  tree: SpaceTree,
  y: Float64Array,
  n: number,
  P: SparseAffinities,
  theta: number,
  exaggeration: number,
  grad: Float64Array,
  scratch: Float64Array,
): number {
  const dims = tree.dims
  tree.build(y, n)
  const z = tree.repulsion(theta, scratch)
  attractiveForces(y, dims, P, grad)
  combine(grad, scratch, n * dims, z, exaggeration)
  return z
}

/** The Barnes-Hut gradient with accuracy `theta` (0 = exact, 0.5 usual). */
export function barnesHutGradient(
  y: Float64Array,
  n: number,
  dims: 2 | 3,
  P: SparseAffinities,
  theta: number,
  exaggeration = 1,
): TsneGradient {
  const grad = new Float64Array(n * dims)
  const z = barnesHutGradientInto(
    new SpaceTree(dims),
    y,
    n,
    P,
    theta,
    exaggeration,
    grad,
    new Float64Array(n * dims),
  )
  return { grad, z }
}

/**
 * KL(P‖Q) = Σ P_ij log(P_ij / q_ij) with q_ij = w_ij / Z, over P's nonzero entries only, so it
 * costs O(n·k) given Z from the last gradient.
 */
export function klDivergence(y: Float64Array, dims: 2 | 3, P: SparseAffinities, z: number): number {
  const { n, rowPtr, cols, vals } = P
  if (!(z > 0)) return 0
  let kl = 0
  for (let i = 0; i < n; i++)
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = cols[e]
      let d2 = 0
      for (let d = 0; d < dims; d++) d2 += (y[i * dims + d] - y[j * dims + d]) ** 2
      const p = vals[e]
      if (p > 0) kl += p * Math.log(p * z * (1 + d2))
    }
  return kl
}
