import {
  fileName,
  datasetMetadataTsv,
  positionsCsv,
  selectionCsv,
  selectionJson,
  vectorsTsv,
} from '../../model/export'
import type { Session } from '../session'
import { neighboursOf, similarityBetween } from '../session'

/** A file to hand to the user. */
export interface Download {
  name: string
  type: string
  content: string
}

/** What the user can export now: each entry builds its file(s) from the current state on demand. */
export function exportChoices(c: Session) {
  const s = c.store.getState()
  const ds = s.dataset
  const live = c.live
  if (!ds || live.items === 0) return []
  const base = ds.name
  /** The selected items, then the primary item's neighbours (as listed), each with its similarity to the primary item. */
  const selection = () => {
    const sel = s.selected
    if (sel === null) return null
    const near = neighboursOf(c, sel, s.neighbourK, s.metric)
    const others = s.selection.filter((i) => i !== sel)
    const toPrimary = (i: number) => similarityBetween(c, sel, i, s.metric)
    const listed = near.filter((n) => !others.includes(n.index))
    return {
      indices: [sel, ...others, ...listed.map((n) => n.index)],
      similarity: [1, ...others.map(toPrimary), ...listed.map((n) => n.similarity)],
    }
  }
  return [
    {
      id: 'projector',
      label: 'Vectors + metadata (Projector TSV)',
      build: (): Download[] => [
        {
          name: fileName(base, 'vectors', 'tsv'),
          type: 'text/tab-separated-values',
          content: vectorsTsv(live.vectors, live.items, live.dim),
        },
        {
          name: fileName(base, 'metadata', 'tsv'),
          type: 'text/tab-separated-values',
          content: datasetMetadataTsv(ds),
        },
      ],
    },
    {
      id: 'positions',
      label: `Projected coordinates (${s.method.toUpperCase()} ${s.dims}D, CSV)`,
      build: (): Download[] => [
        {
          name: fileName(base, `${s.method}-${s.dims}d`, 'csv'),
          type: 'text/csv',
          content: positionsCsv(ds.labels, live.positions, live.dims),
        },
      ],
    },
    ...(s.selected === null
      ? []
      : [
          {
            id: 'selection-csv',
            label: 'Selection and neighbours (CSV)',
            build: (): Download[] => {
              const sel = selection()!
              return [
                {
                  name: fileName(base, 'selection', 'csv'),
                  type: 'text/csv',
                  content: selectionCsv(ds.labels, sel.indices, { similarity: sel.similarity }),
                },
              ]
            },
          },
          {
            id: 'selection-json',
            label: 'Selection and neighbours (JSON)',
            build: (): Download[] => {
              const sel = selection()!
              return [
                {
                  name: fileName(base, 'selection', 'json'),
                  type: 'application/json',
                  content: selectionJson(ds.labels, sel.indices, { similarity: sel.similarity }),
                },
              ]
            },
          },
        ]),
  ]
}
