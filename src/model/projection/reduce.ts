import type { Tick } from '../tick'
import { subspaceEigen } from './subspace'

/**
 * The n vectors projected onto (approximately) their top `count` principal components: the
 * dimension reduction most t-SNE tools apply before the neighbour search (openTSNE and
 * scikit-learn users reduce to 50). A few passes of subspace iteration, O(n·d·count) each: the
 * subspace need not be exact, only hold most of the variance.
 */
export function pcaReduce(
  data: Float32Array,
  n: number,
  dim: number,
  count: number,
  tick?: Tick,
): Float32Array {
  const c = Math.min(count, dim)
  const mean = new Float64Array(dim)
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] += data[i * dim + t]
  for (let t = 0; t < dim; t++) mean[t] /= Math.max(n, 1)
  const { vectors } = subspaceEigen(data, n, dim, mean, c, {
    oversample: 10,
    maxIterations: 4,
    valueTolerance: 1e-3,
    tick,
  })
  const out = new Float32Array(n * c)
  const x = new Float64Array(dim)
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) tick?.()
    for (let t = 0; t < dim; t++) x[t] = data[i * dim + t] - mean[t]
    for (let k = 0; k < c; k++) {
      let s = 0
      const o = k * dim
      for (let t = 0; t < dim; t++) s += x[t] * vectors[o + t]
      out[i * c + k] = s
    }
  }
  return out
}
