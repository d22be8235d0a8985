import { type Metric, nearestNeighbours, pairSimilarity } from '../../model/neighbours'
import type { PrecomputedNeighbors } from '../../model/datasets/types'
import type { Session } from './session'

/** One row of a neighbour list: always measured on the original vectors, never the layout. */
export interface NeighbourRow {
  index: number
  label: string
  similarity: number
  distance: number
}

/** The exact `k` nearest neighbours of item `index` in the current vectors. */
export function neighboursOf(
  s: Session,
  index: number,
  k = 10,
  metric: Metric = 'cosine',
): NeighbourRow[] {
  const { items, dim, vectors } = s.live
  const ds = s.store.getState().dataset
  const labels = ds?.labels ?? []
  if (items === 0 || index >= items) return []
  // No vectors, only a layout: the neighbours the file brought, as they came (distance order).
  if (ds?.kind === 'vectors' && ds.layoutOnly && ds.neighbors)
    return givenNeighbours(ds.neighbors, index, k, labels)
  return nearestNeighbours(vectors, items, dim, index, k, metric).map((n) => ({
    ...n,
    label: labels[n.index],
  }))
}

function givenNeighbours(
  given: PrecomputedNeighbors,
  index: number,
  k: number,
  labels: string[],
): NeighbourRow[] {
  const rows: NeighbourRow[] = []
  for (let j = 0; j < Math.min(k, given.k); j++) {
    const id = given.ids[index * given.k + j]
    if (id < 0) break
    const distance = given.distances[index * given.k + j]
    // Only distances came: similarity is read as 1 − distance (cosine distance's complement).
    rows.push({ index: id, label: labels[id], similarity: 1 - distance, distance })
  }
  return rows
}

/** Similarity of two items' current vectors (NaN when either is out of range). */
export function similarityBetween(s: Session, i: number, j: number, metric: Metric = 'cosine') {
  const { items, dim, vectors } = s.live
  if (i < 0 || j < 0 || i >= items || j >= items) return NaN
  return pairSimilarity(vectors, dim, i, j, metric).similarity
}

/** The index of the item with this label; throws (with the label) when there is none. */
export function indexOf(s: Session, label: string): number {
  const labels = s.store.getState().dataset?.labels ?? []
  const index = labels.indexOf(label)
  if (index < 0) throw new Error(`No item labelled "${label}".`)
  return index
}
