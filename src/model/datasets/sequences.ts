import type { MetadataColumns } from './types'

/** Metadata columns that link an item to the next one of its sequence, as the Projector names them. */
export const SEQUENCE_COLUMNS = ['__next__', '__seq_next__']

/**
 * The links of the Projector's sequences (tensorboard vz_projector data.ts: points whose
 * `__next__` or `__seq_next__` metadata names the row of the next point are drawn as polylines):
 * pairs [from, to, from, to, …] of rows. The first of the two columns a row has a value in wins;
 * an empty cell ends a sequence; a value that is not a row number (0 … n−1) or points to the row
 * itself links nothing. Null when there is no such column.
 */
export function sequenceLinks(metadata: MetadataColumns | undefined, n: number): Int32Array | null {
  if (!metadata) return null
  const cols = SEQUENCE_COLUMNS.map((name) => metadata.names.findIndex((m) => m.trim() === name))
    .filter((c) => c >= 0)
    .map((c) => metadata.columns[c])
  if (cols.length === 0) return null
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const cell = cols.map((col) => (col[i] ?? '').trim()).find((v) => v !== '')
    if (cell === undefined) continue
    const next = Number(cell)
    if (Number.isInteger(next) && next >= 0 && next < n && next !== i) out.push(i, next)
  }
  return Int32Array.from(out)
}
