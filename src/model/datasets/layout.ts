// Layouts from engines bigger than a browser (cuML, Spark, umap-learn, Embedding Atlas): x, y (z)
// columns shown as the 'precomputed' projection, and a `neighbors` column of `{ ids, distances }`.
import { DatasetError } from './errors'
import type { NumericAttribute, PrecomputedNeighbors, TableDataset, VectorsDataset } from './types'

/** The layout's column names, matched case-insensitively. */
export const LAYOUT_COLUMNS = ['x', 'y', 'z'] as const

/** The neighbours column's name, matched case-insensitively (Embedding Atlas's). */
export const NEIGHBORS_COLUMN = 'neighbors'

/** Indices of the x, y (and z) columns among `names`, or null without both x and y. */
export function layoutColumns(names: string[]): number[] | null {
  const lower = names.map((n) => n.trim().toLowerCase())
  const found = LAYOUT_COLUMNS.map((c) => lower.indexOf(c))
  if (found[0] < 0 || found[1] < 0) return null
  return found[2] >= 0 ? found : found.slice(0, 2)
}

/** x, y (z) values per row → one row-major Float32Array; a missing or non-finite value is refused. */
export function readLayout(
  file: string,
  names: string[],
  column: (j: number) => ArrayLike<unknown>,
  rows: number,
): { dims: 2 | 3; positions: Float32Array } {
  const dims = names.length as 2 | 3
  const positions = new Float32Array(rows * dims)
  names.forEach((name, j) => {
    const values = column(j)
    for (let r = 0; r < rows; r++) {
      const raw = values[r]
      const v = typeof raw === 'bigint' ? Number(raw) : typeof raw === 'string' ? Number(raw) : raw
      if (typeof v !== 'number' || !Number.isFinite(v) || (typeof raw === 'string' && !raw.trim()))
        throw new DatasetError(
          file,
          `row ${r + 1}: the layout column "${name}" holds ${missing(raw) ? 'nothing' : JSON.stringify(String(raw))}, not a finite number`,
        )
      positions[r * dims + j] = v
    }
  })
  return { dims, positions }
}

/** Whether a cell is empty: null, '' or NaN (how a table reads a missing number). */
function missing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))
}

function list(v: unknown): ArrayLike<unknown> | null {
  if (Array.isArray(v)) return v
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as ArrayLike<unknown>
  return null
}

/**
 * A `neighbors` column of `{ ids, distances }` per row (ids are 0-based row numbers) → k per item,
 * k the longest list; rows with fewer get id -1. Each row's ids and distances must pair up.
 */
export function readNeighbors(file: string, values: unknown[]): PrecomputedNeighbors {
  const n = values.length
  const rows = values.map((v, r) => {
    const where = `row ${r + 1}: the "neighbors" column`
    if (v === null || v === undefined) return { ids: [], distances: [] }
    const o = typeof v === 'string' ? parseJson(file, v, where) : v
    const ids = o && typeof o === 'object' ? list((o as { ids?: unknown }).ids) : null
    const distances =
      o && typeof o === 'object' ? list((o as { distances?: unknown }).distances) : null
    if (!ids || !distances)
      throw new DatasetError(file, `${where} is not { ids: [...], distances: [...] }`)
    if (ids.length !== distances.length)
      throw new DatasetError(
        file,
        `${where} has ${ids.length} ids but ${distances.length} distances`,
      )
    return { ids, distances }
  })
  const k = Math.max(0, ...rows.map((r) => r.ids.length))
  const ids = new Int32Array(n * k).fill(-1)
  const distances = new Float32Array(n * k).fill(NaN)
  rows.forEach((row, r) => {
    for (let j = 0; j < row.ids.length; j++) {
      const raw = row.ids[j]
      const id = typeof raw === 'bigint' ? Number(raw) : raw
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= n)
        throw new DatasetError(
          file,
          `row ${r + 1}: neighbour id ${String(raw)} is not a row number from 0 to ${n - 1}`,
        )
      const d = Number(row.distances[j])
      if (!Number.isFinite(d))
        throw new DatasetError(
          file,
          `row ${r + 1}: neighbour distance ${String(row.distances[j])} is not a finite number`,
        )
      ids[r * k + j] = id
      distances[r * k + j] = d
    }
  })
  return { k, ids, distances }
}

function parseJson(file: string, text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new DatasetError(file, `${where} holds text that is not JSON`)
  }
}

/** What the format line says about a layout and neighbours. */
export function layoutNote(
  ds: Pick<VectorsDataset, 'layout' | 'neighbors' | 'layoutOnly'>,
): string {
  if (!ds.layout) return ''
  const axes = ds.layout.dims === 3 ? 'x, y, z' : 'x, y'
  const neighbours = ds.neighbors
    ? 'neighbours from its "neighbors" column'
    : ds.layoutOnly
      ? 'neighbours measured in the layout'
      : ''
  return (
    `; precomputed layout (${axes})` +
    (ds.layoutOnly ? ', no vectors' : '') +
    (neighbours ? `: ${neighbours}` : '')
  )
}

/**
 * A table whose numeric attributes include x and y (and z) is a precomputed layout without
 * vectors: those columns become the layout (and the items' coordinates), the other attributes
 * stay for colouring and search. Null when the table has no numeric x and y.
 */
export function layoutFromTable(table: TableDataset, kind: string): VectorsDataset | null {
  const numeric = (name: string) =>
    table.attributes.find(
      (a): a is NumericAttribute => a.kind === 'numeric' && a.name.trim().toLowerCase() === name,
    )
  const axes = LAYOUT_COLUMNS.map(numeric)
  if (!axes[0] || !axes[1]) return null
  const used = (axes[2] ? axes : axes.slice(0, 2)) as NumericAttribute[]
  const layout = readLayout(
    table.name,
    used.map((a) => a.name),
    (j) => used[j].values,
    table.labels.length,
  )
  const ds: VectorsDataset = {
    kind: 'vectors',
    name: table.name,
    format: `${kind} of items`,
    labels: table.labels,
    dim: layout.dims,
    data: layout.positions.slice(),
    attributes: table.attributes.filter((a) => !used.includes(a as NumericAttribute)),
    layout,
    layoutOnly: true,
  }
  return { ...ds, format: ds.format + layoutNote(ds) }
}
