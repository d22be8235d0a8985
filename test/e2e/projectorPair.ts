import { mulberry32 } from '../../src/model/training/random'

/**
 * A seeded Projector pair as a user would export it: `vectors.tsv` (n rows of `dim` tab-separated
 * numbers, 6 decimals, as TensorBoard writes them) and `metadata.tsv` (a header, then a label and
 * a cluster per row). `clusters` gaussian clusters (centres with std 1, points with std 0.3).
 * Made at test or bench time: 10,000 × 768 is 58 MB, too big to keep in the repository.
 */
export function projectorPair(n: number, dim: number, clusters = 10, seed = 1) {
  const random = mulberry32(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, gauss))
  const rows: string[] = []
  const meta = ['label\tcluster']
  const row = new Array<string>(dim)
  for (let i = 0; i < n; i++) {
    const c = centres[i % clusters]
    for (let j = 0; j < dim; j++) row[j] = (c[j] + 0.3 * gauss()).toFixed(6)
    rows.push(row.join('\t'))
    meta.push(`item ${i}\tc${i % clusters}`)
  }
  return { vectors: rows.join('\n') + '\n', metadata: meta.join('\n') + '\n' }
}
