import type { Session } from '../session'
import { neighboursOf, select, setTour } from '../session'
import { plotScene } from '../plot'

/**
 * The neighbour tour (key N): steps through the selected item's neighbours one at a time, showing
 * each in the plot (hover card and label) and announcing it to screen readers, e.g.
 * "Coast redwood → Giant sequoia, similarity 0.93, rank 1". With nothing selected it starts at
 * the first search match, else the first item. `dir` −1 goes back.
 */
export function stepTour(c: Session, dir: 1 | -1 = 1): string | null {
  const s = c.store.getState()
  const labels = s.dataset?.labels
  if (!labels?.length) return null
  let anchor = s.selected
  if (anchor === null) {
    anchor = s.search.matches[0] ?? 0
    select(c, anchor)
    const text = `Selected ${labels[anchor]}. Press N to step through its nearest neighbours.`
    setTour(c, { anchor, rank: 0 }, text)
    return text
  }
  const rows = neighboursOf(c, anchor, s.neighbourK, s.metric)
  if (rows.length === 0) return null
  const prev = s.tour?.anchor === anchor ? s.tour.rank : 0
  const rank = ((((prev - 1 + dir) % rows.length) + rows.length) % rows.length) + 1
  const row = rows[rank - 1]
  const value =
    s.metric === 'cosine'
      ? `similarity ${row.similarity.toFixed(2)}`
      : `distance ${row.distance.toPrecision(3)}`
  const text = `${labels[anchor]} → ${row.label}, ${value}, rank ${rank}`
  setTour(c, { anchor, rank }, text, {
    index: row.index,
    at: plotScene(c).handle?.project(row.index) ?? null,
  })
  return text
}
