// The rules by which a columnar file (Parquet, Arrow IPC / Feather) becomes a dataset, whichever
// reader produced its columns.
import { DatasetError } from './errors'
import { NEIGHBORS_COLUMN, layoutColumns, layoutNote, readLayout, readNeighbors } from './layout'
import { checkVectorBytes } from './limits'
import { isIndexValues, isPandasIndexName, pandasIndexNote } from './pandasIndex'
import type { TableDataset, VectorsDataset } from './types'
import {
  FLOAT32_MAX,
  VECTOR_LABEL_COLUMNS,
  buildAttributes,
  numberedLabels,
  vectorsDataset,
} from './vectors'

/** Column names that hold a table's label, as in CSV and JSON tables. */
const TABLE_LABEL_COLUMNS = ['label', 'name', 'item']

/** Names that mark a list column as the embedding when several hold lists of numbers. */
const VECTOR_COLUMNS = ['embedding', 'vector']

/** How a column's values look: single values, single numbers only, lists of numbers, other. */
type Shape = 'scalar' | 'numbers' | 'lists' | 'nested'

/** One column of a columnar file: every row's value (lists as arrays). */
export interface Column {
  name: string
  shape: Shape
  values: unknown[]
  /** A column of number lists of one length, packed: `values` are views of `data`'s rows. */
  packed?: { data: Float32Array; dim: number }
}

/**
 * A DatasetError about one row (1-based). `line` holds the row, and the message says "row N"
 * rather than "line N", since a Parquet file has no lines.
 */
export function rowError(file: string, problem: string, row: number): DatasetError {
  const e = new DatasetError(file, problem, { line: row })
  e.message = `${file} row ${row}: ${problem}`
  return e
}

/** A single value as a cell: '' for missing (null, NaN), dates as ISO text (no time at midnight). */
function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return ''
    return v.toISOString().replace(/T00:00:00\.000Z$/, '')
  }
  return String(v)
}

function isList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof Uint8Array))
}

/** The shape of a column, from its values (the schema does not say which lists hold numbers). */
export function shapeOf(values: unknown[]): Shape {
  const present = values.filter((v) => v !== null && v !== undefined)
  const number = (v: unknown) => typeof v === 'number' || typeof v === 'bigint'
  if (present.length > 0 && present.every(isList)) {
    const first = present.find((v) => v.length > 0)
    return first && number(first[0]) ? 'lists' : 'nested'
  }
  if (present.some((v) => typeof v === 'object' && !(v instanceof Date))) return 'nested'
  const finite = (v: unknown) => typeof v === 'bigint' || (typeof v === 'number' && isFinite(v))
  return present.length === values.length && values.every(finite) ? 'numbers' : 'scalar'
}

/** The first column whose lower-cased name is in `preferred`, in the order of `preferred`. */
function named(columns: Column[], preferred: string[]): Column | undefined {
  return preferred
    .map((p) => columns.find((c) => c.name.toLowerCase() === p))
    .find((c) => c !== undefined)
}

/** Trimmed labels from a column, refusing an empty one. */
function labelsOf(file: string, column: Column): string[] {
  return column.values.map((v, r) => {
    const label = cell(v).trim()
    if (label === '') throw rowError(file, `the label ("${column.name}") is empty`, r + 1)
    return label
  })
}

/**
 * Vectors from one list-of-numbers column, or from several number columns (`dims`); `rest` are
 * single-valued columns to keep as attributes (for colouring and search).
 */
function toVectors(file: string, label: Column | undefined, rest: Column[], dims: Column[]) {
  const rows = (label ?? dims[0]).values.length
  const list = dims.length === 1 && dims[0].shape === 'lists' ? dims[0] : null
  const first = list?.values.find(isList)
  const dim = list ? (first?.length ?? 0) : dims.length
  if (dim === 0) throw new DatasetError(file, `column "${dims[0].name}" holds empty lists`)
  checkVectorBytes(file, rows, dim)
  // A packed column is already the vectors: checked where it lies, not copied again.
  const packed = list?.packed?.dim === dim ? list.packed.data : null
  const data = packed ?? new Float32Array(rows * dim)
  const put = (r: number, j: number, x: unknown, what: string) => {
    const v = typeof x === 'bigint' ? Number(x) : x
    if (typeof v !== 'number' || !(Math.abs(v) <= FLOAT32_MAX))
      throw rowError(file, `${what} holds ${String(x)}, not a finite number`, r + 1)
    data[r * dim + j] = v
  }
  if (packed) {
    for (let i = 0; i < packed.length; i++)
      if (!(Math.abs(packed[i]) <= FLOAT32_MAX)) {
        const r = Math.floor(i / dim)
        put(r, i - r * dim, packed[i], `column "${list!.name}" at position ${i - r * dim + 1}`)
      }
  } else
    for (let r = 0; r < rows; r++) {
      if (list) {
        const v = list.values[r]
        const where = `column "${list.name}"`
        if (!isList(v)) throw rowError(file, `${where} is empty`, r + 1)
        if (v.length !== dim)
          throw rowError(
            file,
            `${where} has ${v.length} number${v.length === 1 ? '' : 's'}, expected ${dim} (as the first row)`,
            r + 1,
          )
        if (v instanceof Float32Array || v instanceof Float64Array) {
          // A typed row (Arrow's list values): one copy, then a check that points at a bad number.
          data.set(v, r * dim)
          for (let j = 0; j < dim; j++)
            if (!(Math.abs(data[r * dim + j]) <= FLOAT32_MAX))
              put(r, j, v[j], `${where} at position ${j + 1}`)
        } else for (let j = 0; j < dim; j++) put(r, j, v[j], `${where} at position ${j + 1}`)
      } else dims.forEach((c, j) => put(r, j, c.values[r], `column "${c.name}"`))
    }
  const labels = label ? labelsOf(file, label) : numberedLabels(rows)
  const { attributes } = buildAttributes(
    rest.map((c) => c.name),
    (i) => rest[i].values.map(cell),
  )
  const labelText = label ? label.name : 'no label: items are numbered from 0'
  const format = list
    ? `Parquet of {${labelText}, ${list.name}} rows, ${dim} numbers each`
    : `Parquet of labels and vectors in ${dim} number columns` +
      (label ? '' : ', no labels: items are numbered from 0')
  return vectorsDataset(file, format, labels, dim, data, attributes)
}

/** A table of items with attributes, as CSV and JSON tables are read. */
function toTable(file: string, columns: Column[]): TableDataset {
  const single = columns.filter((c) => c.shape !== 'nested')
  const label = named(single, TABLE_LABEL_COLUMNS) ?? single[0]
  if (single.length < 2)
    throw new DatasetError(file, 'needs a label column and at least one attribute column')
  const labels = labelsOf(file, label)
  const rest = single.filter((c) => c !== label)
  const { attributes, ignored } = buildAttributes(
    rest.map((c) => c.name),
    (i) => rest[i].values.map(cell),
  )
  for (const c of columns)
    if (c.shape === 'nested')
      ignored.push({ column: c.name, reason: 'holds lists or structs, not single values' })
  if (attributes.length === 0)
    throw new DatasetError(file, 'has no column that can be learned from')
  const format = 'Parquet table of items with attributes'
  return { kind: 'table', name: file, format, labelColumn: label.name, labels, attributes, ignored }
}

/**
 * A dataset from the columns of a columnar file (Parquet, Arrow), by the rules of CSV and JSON:
 * - exactly one column of lists of numbers (or several, one named `embedding`/`vector`) → vectors;
 *   its label column is `label`/`name`/`item`/`word`, else the first column of text, else none;
 * - a label column plus at least two columns of numbers and nothing else → vectors;
 * - x, y (and z) columns → a precomputed layout (with or without vectors);
 * - anything else → a table (label `label`/`name`/`item`, else the first column).
 * Other single-valued columns become attributes; int64 values are read exactly, dates as ISO
 * text, null and NaN as missing. Errors name the file and the 1-based row ("items.parquet row 3:").
 * `kind` names the format in what the preview shows.
 */
export function fromColumns(
  file: string,
  read: Column[],
  kind: string,
): TableDataset | VectorsDataset {
  // pandas' unnamed index ("Unnamed: 0" after a CSV round trip) is row numbers, not data.
  const index = read.find((c, i) => i === 0 && isPandasIndexName(c.name) && isIndexValues(c.values))
  const columns = read.filter((c) => c !== index)
  const note = index ? `; ${pandasIndexNote(index.name)}` : ''
  const layout = layoutColumns(columns.map((c) => c.name))
  const dataset = layout ? withLayout(file, columns, layout) : parseColumns(file, columns)
  dataset.format = dataset.format.replace(/^Parquet/, kind)
  if (index && dataset.kind === 'table')
    dataset.ignored.unshift({ column: index.name, reason: "pandas' index (row numbers, not data)" })
  return note ? { ...dataset, format: dataset.format + note } : dataset
}

/**
 * Columns with a precomputed layout (x, y, z) and maybe a `neighbors` column: the vectors of the
 * other columns (a list column, or number columns) with the layout beside them, or, when there
 * are none, the layout alone as the items' coordinates (`layoutOnly`).
 */
function withLayout(file: string, columns: Column[], at: number[]): VectorsDataset {
  const axes = at.map((i) => columns[i])
  const neighborsColumn = columns.find((c) => c.name.toLowerCase() === NEIGHBORS_COLUMN)
  const rest = columns.filter((c) => !axes.includes(c) && c !== neighborsColumn)
  const rows = columns[0].values.length
  const layout = readLayout(
    file,
    axes.map((c) => c.name),
    (j) => axes[j].values,
    rows,
  )
  const neighbors = neighborsColumn ? readNeighbors(file, neighborsColumn.values) : undefined
  const single = rest.filter((c) => c.shape === 'scalar' || c.shape === 'numbers')
  const text = (v: unknown) => v !== null && typeof v !== 'number' && typeof v !== 'bigint'
  const label = named(single, VECTOR_LABEL_COLUMNS) ?? single.find((c) => c.values.some(text))
  const others = single.filter((c) => c !== label)
  const vectorsGiven =
    rest.some((c) => c.shape === 'lists') ||
    (single.length === rest.length &&
      others.length >= 2 &&
      others.every((c) => c.shape === 'numbers'))
  let ds: VectorsDataset
  if (vectorsGiven) {
    const v = parseColumns(file, rest)
    if (v.kind !== 'vectors') throw new Error('vectors expected')
    ds = { ...v, layout, neighbors }
  } else {
    const { attributes } = buildAttributes(
      others.map((c) => c.name),
      (i) => others[i].values.map(cell),
    )
    const labels = label ? labelsOf(file, label) : numberedLabels(rows)
    // The layout's own copy: `data` is moved to the workers, the layout stays on the main thread.
    const data = layout.positions.slice()
    ds = {
      ...vectorsDataset(file, 'Parquet of items', labels, layout.dims, data, attributes),
      layout,
      neighbors,
      layoutOnly: true,
    }
  }
  return { ...ds, format: ds.format + layoutNote(ds) }
}

/** The dataset the columns hold (see `parseParquet`). */
function parseColumns(file: string, columns: Column[]): TableDataset | VectorsDataset {
  const single = columns.filter((c) => c.shape === 'scalar' || c.shape === 'numbers')
  // Without a named label column, the first column holding any text is the label (as in CSV).
  const text = (v: unknown) => v !== null && typeof v !== 'number' && typeof v !== 'bigint'
  const label = named(single, VECTOR_LABEL_COLUMNS) ?? single.find((c) => c.values.some(text))
  const rest = single.filter((c) => c !== label)
  const lists = columns.filter((c) => c.shape === 'lists')
  if (lists.length > 0) {
    const list = lists.length === 1 ? lists[0] : named(lists, VECTOR_COLUMNS)
    if (!list)
      throw new DatasetError(
        file,
        `has several columns of number lists (${lists.map((c) => c.name).join(', ')}): ` +
          'name the embedding "embedding" or keep only that one',
      )
    return toVectors(file, label, rest, [list])
  }
  const wide = single.length === columns.length && rest.every((c) => c.shape === 'numbers')
  return wide && rest.length >= 2 ? toVectors(file, label, [], rest) : toTable(file, columns)
}
