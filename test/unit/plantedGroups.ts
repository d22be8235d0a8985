import type { GroupsDataset } from '../../src/model/datasets/types'
import { nearestNeighbours } from '../../src/model/neighbours'
import { mulberry32, shuffledIndices } from '../../src/model/training/random'

/** Groups from the given item lists, with counts as the parser would give them. */
export function groupsDataset(groups: number[][], items: number): GroupsDataset {
  const offsets = new Int32Array(groups.length + 1)
  groups.forEach((g, i) => (offsets[i + 1] = offsets[i] + g.length))
  const flat = Int32Array.from(groups.flat())
  const counts = new Int32Array(items)
  for (const id of flat) counts[id]++
  const labels = Array.from({ length: items }, (_, i) => `item${i}`)
  return {
    kind: 'groups',
    name: 'planted',
    format: 'test',
    labels,
    counts,
    items: flat,
    offsets,
    attributes: [],
  }
}

/** `clusters` × `size` items; each group draws 4–8 distinct items from one cluster. */
export function plantedGroups(clusters = 8, size = 15, groups = 600, seed = 3) {
  const random = mulberry32(seed)
  const cluster = Int32Array.from({ length: clusters * size }, (_, i) => Math.floor(i / size))
  const list: number[][] = []
  for (let g = 0; g < groups; g++) {
    const c = Math.floor(random() * clusters)
    const n = 4 + Math.floor(random() * 5)
    list.push(Array.from(shuffledIndices(size, random).slice(0, n), (j) => c * size + j))
  }
  return { ds: groupsDataset(list, clusters * size), cluster }
}

/** Mean share of each row's k nearest neighbours (cosine) in its own cluster. */
export function purity(data: Float32Array, dim: number, cluster: Int32Array, k = 5): number {
  let same = 0
  for (let i = 0; i < cluster.length; i++) {
    for (const nb of nearestNeighbours(data, cluster.length, dim, i, k)) {
      if (cluster[nb.index] === cluster[i]) same++
    }
  }
  return same / (cluster.length * k)
}
