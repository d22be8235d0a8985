import { type CustomAxes, projectorMatches } from '../../model/projection/customAxes'
import type { SavedLayout } from '../session/projectorLayout'
import { computeCustomAxes, type Session } from '../session'

/**
 * A Projector custom projection computed over the loaded vectors: each search run here on the
 * named metadata column (the label column when there is no metadata file), each axis from one
 * centroid to the other, computed in the projection worker. A problem instead where the Projector
 * would have drawn a random direction (a search matching nothing) or where the column or the
 * vectors are missing; null when a newer projection or another dataset came first meanwhile.
 */
export async function customProjectionLayout(
  c: Session,
  axes: CustomAxes,
): Promise<{ layout: SavedLayout } | { problem: string } | null> {
  const ds = c.store.getState().dataset
  if (!ds) return { problem: 'nothing is loaded' }
  const meta = 'metadata' in ds ? ds.metadata : undefined
  const column = meta?.names.indexOf(axes.field) ?? -1
  const values = column >= 0 ? meta!.columns[column] : meta ? null : ds.labels
  if (!values) return { problem: `this dataset has no "${axes.field}" column to search` }
  const n = ds.labels.length
  const { vectors, dim } = c.live
  if (vectors.length !== n * dim) return { problem: 'its vectors have not arrived yet' }
  const groups = { xLeft: [0], xRight: [0], yUp: [0], yDown: [0] }
  for (const key of ['xLeft', 'xRight', 'yUp', 'yDown'] as const) {
    const q = axes[key]
    try {
      groups[key] = projectorMatches(values, q)
    } catch {
      return { problem: `the search /${q.text}/ is not a valid regular expression` }
    }
    if (!groups[key].length)
      return {
        problem: `the search "${q.text}" matches nothing in "${axes.field}" (the Projector would take a random direction)`,
      }
  }
  const positions = await computeCustomAxes(c, groups)
  if (!positions) return null
  const name = (q: { text: string; regex: boolean }) => (q.regex ? `/${q.text}/` : q.text)
  return {
    layout: {
      dims: 2,
      positions,
      source: 'custom',
      computedFrom: `x: ${name(axes.xLeft)} → ${name(axes.xRight)}, y: ${name(axes.yDown)} → ${name(axes.yUp)}`,
    },
  }
}
