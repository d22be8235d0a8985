/** Distance used for nearest neighbours, always in the original vector space. */
export type Metric = 'cosine' | 'euclidean'

export interface Neighbour {
  index: number
  /** Cosine similarity in [-1, 1], or 1 / (1 + distance) for euclidean. */
  similarity: number
  /** 1 − cosine similarity, or the euclidean distance. */
  distance: number
}

/**
 * Distance and similarity from item `query` to every item (itself included), as
 * `nearestNeighbours` and the neighbour timeline rank them. O(n·dim).
 */
export function scoresTo(
  data: Float32Array,
  n: number,
  dim: number,
  query: number,
  metric: Metric,
): { distance: Float64Array; similarity: Float64Array } {
  const distance = new Float64Array(n)
  const similarity = new Float64Array(n)
  const q = query * dim
  let qNorm = 0
  for (let j = 0; j < dim; j++) qNorm += data[q + j] * data[q + j]
  qNorm = Math.sqrt(qNorm)
  for (let i = 0; i < n; i++) {
    const o = i * dim
    let dot = 0
    let norm = 0
    let sq = 0
    for (let j = 0; j < dim; j++) {
      const a = data[q + j]
      const b = data[o + j]
      dot += a * b
      norm += b * b
      sq += (a - b) * (a - b)
    }
    if (metric === 'cosine') {
      const denom = qNorm * Math.sqrt(norm)
      similarity[i] = denom > 0 ? dot / denom : 0
      distance[i] = 1 - similarity[i]
    } else {
      distance[i] = Math.sqrt(sq)
      similarity[i] = 1 / (1 + distance[i])
    }
  }
  return { distance, similarity }
}

/**
 * The k nearest items to item `query` among `n` row-major vectors of dimension `dim`, nearest
 * first, the query itself excluded. A zero vector has cosine similarity 0 to everything.
 */
export function nearestNeighbours(
  data: Float32Array,
  n: number,
  dim: number,
  query: number,
  k: number,
  metric: Metric = 'cosine',
): Neighbour[] {
  if (!Number.isInteger(query) || query < 0 || query >= n) throw new RangeError(`no item ${query}`)
  const { distance, similarity } = scoresTo(data, n, dim, query, metric)
  const scored: Neighbour[] = []
  for (let i = 0; i < n; i++)
    if (i !== query) scored.push({ index: i, similarity: similarity[i], distance: distance[i] })
  scored.sort((a, b) => a.distance - b.distance || a.index - b.index)
  return scored.slice(0, Math.max(0, k))
}

/** Similarity and distance between items `i` and `j`, defined as in `nearestNeighbours`. */
export function pairSimilarity(
  data: Float32Array,
  dim: number,
  i: number,
  j: number,
  metric: Metric = 'cosine',
): { similarity: number; distance: number } {
  let dot = 0
  let a2 = 0
  let b2 = 0
  let sq = 0
  for (let k = 0; k < dim; k++) {
    const a = data[i * dim + k]
    const b = data[j * dim + k]
    dot += a * b
    a2 += a * a
    b2 += b * b
    sq += (a - b) * (a - b)
  }
  if (metric === 'cosine') {
    const denom = Math.sqrt(a2) * Math.sqrt(b2)
    const similarity = denom > 0 ? dot / denom : 0
    return { similarity, distance: 1 - similarity }
  }
  const distance = Math.sqrt(sq)
  return { similarity: 1 / (1 + distance), distance }
}
