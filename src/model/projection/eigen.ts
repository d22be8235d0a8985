/**
 * Eigen-decomposition of a symmetric d×d matrix (row-major, float64) by cyclic Jacobi rotations.
 * Exact to rounding for the small matrices PCA needs here (d ≤ 64: well under a millisecond).
 * Returns eigenvalues in descending order and the matching unit eigenvectors as rows.
 */
export function symmetricEigen(
  matrix: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix)
  const v = new Float64Array(d * d)
  for (let i = 0; i < d; i++) v[i * d + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i] ** 2
      for (let j = i + 1; j < d; j++) off += a[i * d + j] ** 2
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]
        if (Math.abs(apq) < 1e-300) continue
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]
          const akq = a[k * d + q]
          a[k * d + p] = c * akp - s * akq
          a[k * d + q] = s * akp + c * akq
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]
          const aqk = a[q * d + k]
          a[p * d + k] = c * apk - s * aqk
          a[q * d + k] = s * apk + c * aqk
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]
          const vkq = v[k * d + q]
          v[k * d + p] = c * vkp - s * vkq
          v[k * d + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i])
  const values = Float64Array.from(order, (i) => a[i * d + i])
  const vectors = new Float64Array(d * d)
  order.forEach((col, row) => {
    for (let k = 0; k < d; k++) vectors[row * d + k] = v[k * d + col]
  })
  return { values, vectors }
}
