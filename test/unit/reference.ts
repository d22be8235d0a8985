import type { Metric } from '../../src/model/neighbours'
import { mulberry32 } from '../../src/model/training/random'

// Plain reference implementations shared by the kNN and quality tests.

/** n × dim seeded uniform values in [−1, 1). */
export function randomData(n: number, dim: number, seed: number): Float32Array {
  const random = mulberry32(seed)
  return Float32Array.from({ length: n * dim }, () => random() * 2 - 1)
}

/** Direct distance between rows i and j: no dot-product identity, no normalised copy. */
export function distance(
  data: Float32Array,
  dim: number,
  i: number,
  j: number,
  metric: Metric,
): number {
  let dot = 0
  let na = 0
  let nb = 0
  let sq = 0
  for (let t = 0; t < dim; t++) {
    const a = data[i * dim + t]
    const b = data[j * dim + t]
    dot += a * b
    na += a * a
    nb += b * b
    sq += (a - b) ** 2
  }
  if (metric === 'euclidean') return Math.sqrt(sq)
  return na > 0 && nb > 0 ? 1 - dot / Math.sqrt(na * nb) : 1
}
