import { mulberry32 } from '../src/model/training/random'

/**
 * `clusters` gaussian clusters in `dim` dimensions (centres spread with std 4, points with std 1),
 * n points in all, seeded; the same kind of data as REFERENCE.md's peer figures.
 */
export function gaussianClusters(n: number, dim: number, clusters = 10, seed = 1) {
  const random = mulberry32(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const centres = Array.from({ length: clusters }, () =>
    Array.from({ length: dim }, () => 4 * gauss()),
  )
  const data = new Float32Array(n * dim)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const c = i % clusters
    labels[i] = c
    for (let j = 0; j < dim; j++) data[i * dim + j] = centres[c][j] + gauss()
  }
  return { data, labels }
}

export function ms(x: number): string {
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`
}
