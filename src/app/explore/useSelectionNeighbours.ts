import type { Metric } from '../../model/neighbours'
import { falseNeighbours, type FalseNeighbour } from '../../model/projection/quality'
import type { NeighbourRow, Session } from '../session'
import { useApp, useSession } from '../useSession'
import { neighboursOf } from '../session'

/** The selected item's neighbours as the panel lists them and the plot draws them. */
export interface SelectionNeighbours {
  /** Its k nearest by the vectors (exact, the chosen metric), nearest first. */
  neighbours: NeighbourRow[]
  /** Items shown close to it on screen that are not among those k ("looks close, but isn't"). */
  misleading: FalseNeighbour[]
}

const NONE: SelectionNeighbours = { neighbours: [], misleading: [] }

interface Cached {
  vectors: Float32Array
  positions: Float32Array
  selected: number
  k: number
  metric: Metric
  value: SelectionNeighbours
}

// One entry per page: the plot and the neighbour panel ask for the same answer after each
// positions message, and it costs O(n·dim) to work out.
const cache = new WeakMap<Session, Cached>()

/**
 * The neighbours of `selected` in `c`'s live buffers. The list is worked out again only when the
 * vectors, the item, k or the metric change, the false neighbours also when the layout moves;
 * an unchanged answer is the same object, so memos downstream hold.
 */
export function selectionNeighbours(
  c: Session,
  selected: number | null,
  k: number,
  metric: Metric,
): SelectionNeighbours {
  const { items, dim, vectors, positions, dims } = c.live
  if (selected === null || items === 0 || selected >= items) return NONE
  const old = cache.get(c)
  const same = old && old.selected === selected && old.k === k && old.metric === metric
  if (same && old.vectors === vectors && old.positions === positions) return old.value
  const neighbours =
    same && old.vectors === vectors ? old.value.neighbours : neighboursOf(c, selected, k, metric)
  // "False neighbours": close on screen, not among the true neighbours in the vectors.
  const found =
    positions.length !== items * dims
      ? []
      : falseNeighbours(vectors, items, dim, positions, dims, selected, k, metric)
  const misleading = old && sameIndices(old.value.misleading, found) ? old.value.misleading : found
  const value =
    old && neighbours === old.value.neighbours && misleading === old.value.misleading
      ? old.value
      : { neighbours, misleading }
  cache.set(c, { vectors, positions, selected, k, metric, value })
  return value
}

function sameIndices(a: FalseNeighbour[], b: FalseNeighbour[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.index === b[i].index &&
        x.layoutRank === b[i].layoutRank &&
        x.originalRank === b[i].originalRank &&
        x.distance === b[i].distance,
    )
  )
}

/**
 * The selected item's neighbours, for a component that shows them. It re-renders on new
 * positions only while something is selected (the false neighbours move with the layout).
 */
export function useSelectionNeighbours(): SelectionNeighbours {
  const c = useSession()
  const selected = useApp((s) => s.selected)
  const k = useApp((s) => s.neighbourK)
  const metric = useApp((s) => s.metric)
  useApp((s) => (s.selected === null ? -1 : s.version))
  return selectionNeighbours(c, selected, k, metric)
}
