import type { Attribute, Dataset, MetadataColumns } from './datasets/types'
import { firstNonFinite } from './finite'

/** Why vectors with a NaN or Infinity are refused (a diverged run must never be exported). */
export const NOT_FINITE =
  'These vectors hold numbers that are not finite (NaN or Infinity), so they cannot be saved or exported. Reset the run and train with a smaller learning rate.'

/** Throws the NOT_FINITE message unless every number of `data` is finite. */
export function assertFiniteVectors(data: ArrayLike<number>): void {
  if (firstNonFinite(data) !== null) throw new Error(NOT_FINITE)
}

/** A plain finite decimal number such as `-1.5`, `+3`, `.5` or `2e-7`: safe in a spreadsheet. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** First characters a spreadsheet may read as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Writes a number so that it reads back exactly. A value that is exactly a float32 (every vector
 * and position component) gets the shortest of 6…9 significant digits that parses back, through
 * `Number` then `Math.fround`, to the same float32 bits: 9 digits always suffice for float32, and
 * `String(x)` would print up to 17 digits of float64 noise (0.1f → 0.100000001490116). Integers and
 * numbers that are not float32 (float64 similarities) are written with `String(x)`, which is exact
 * for float64. `-0` keeps its sign; NaN and ±Infinity are written as `String(x)`.
 */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return '-0'
  if (!Number.isFinite(x) || Number.isInteger(x) || Math.fround(x) !== x) return String(x)
  for (let p = 6; ; p++) {
    const s = x.toPrecision(p)
    if (p === 9 || Math.fround(Number(s)) === x) return stripZeros(s)
  }
}

/** `1.50000e-7` → `1.5e-7`, `2.00000` → `2`: trailing fraction zeros of a `toPrecision` result. */
function stripZeros(s: string): string {
  const e = s.indexOf('e')
  const mantissa = e < 0 ? s : s.slice(0, e)
  const exponent = e < 0 ? '' : s.slice(e)
  if (!mantissa.includes('.')) return s
  return mantissa.replace(/\.?0+$/, '') + exponent
}

/**
 * One CSV cell. Two rules, applied in this order:
 * 1. Formula-injection guard (OWASP "CSV Injection"): a cell whose first character is `=`, `+`,
 *    `-`, `@`, tab or CR would run as a formula when the file is opened in Excel, LibreOffice or
 *    Google Sheets, so it gets a leading apostrophe (`'=SUM(A1)`), which spreadsheets show as
 *    text. A plain decimal number (`-1.5`, `+3`, `-2e-7`) is left as it is so it stays a number;
 *    `+1+2` is not a plain number and is guarded.
 * 2. RFC 4180 quoting: a cell that contains a comma, double quote, CR or LF is wrapped in double
 *    quotes, with each inner double quote doubled (`a"b` → `"a""b"`).
 */
export function escapeCsvCell(value: string): string {
  const guarded = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

/**
 * A CSV file: the header, then one line per row, every line ending in LF. Strings go through
 * `escapeCsvCell`; numbers through `formatNumber` (exact float32 round trip), then the same guard.
 */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => escapeCsvCell(typeof v === 'number' ? formatNumber(v) : v)
  return [header, ...rows].map((row) => row.map(cell).join(',') + '\n').join('')
}

/** A TSV value for the Projector, which has no quoting: tabs and line breaks become one space. */
function tsvCell(value: string): string {
  return value.replace(/\r\n|[\t\n\r]/g, ' ')
}

/**
 * The TensorFlow Embedding Projector's `vectors.tsv`: no header, one line per item, its `dim`
 * components separated by tabs, each written by `formatNumber` so the float32 values read back
 * bit for bit. `data` is row-major, `n × dim`.
 */
export function vectorsTsv(data: Float32Array, n: number, dim: number): string {
  if (data.length !== n * dim)
    throw new RangeError(`expected ${n}×${dim} values, got ${data.length}`)
  assertFiniteVectors(data)
  let out = ''
  for (let i = 0; i < n; i++) {
    const row: string[] = new Array<string>(dim)
    for (let k = 0; k < dim; k++) row[k] = formatNumber(data[i * dim + k])
    out += row.join('\t') + '\n'
  }
  return out
}

/**
 * The Projector's `metadata.tsv`, one line per item in the order of `vectors.tsv`, written so
 * that the Projector's parser reads back every item and every column:
 * - With `metadata` (the columns a file was loaded with) every column is written as the text that
 *   was loaded, those the app left out of training too, so IDs and coordinates are not rounded to
 *   float32. Without it: `labelColumn`, then the attributes (categorical cells as the category
 *   name, numeric ones by `formatNumber`, '' when missing), never a second column of the label's
 *   name.
 * - The Projector's rule: a single column has no header line; with more columns the first line
 *   is the header.
 * - The Projector skips a line that is blank once trimmed, which would shift every item after it:
 *   when any item's line would be blank, an `index` column (0, 1, …) is added.
 * - The format has no quoting, so tabs, CR and LF inside cells and names become a space.
 */
export function metadataTsv(
  labels: string[],
  attributes: Attribute[],
  metadata?: MetadataColumns,
  labelColumn = 'label',
): string {
  const value = (a: Attribute, i: number): string => {
    if (a.kind === 'categorical') return a.codes[i] < 0 ? '' : (a.categories[a.codes[i]] ?? '')
    return Number.isNaN(a.values[i]) ? '' : formatNumber(a.values[i])
  }
  let names: string[]
  let columns: string[][]
  if (metadata && metadata.columns.every((c) => c.length === labels.length)) {
    names = metadata.names
    columns = metadata.columns
  } else {
    const others = attributes.filter((a) => a.name !== labelColumn)
    names = [labelColumn, ...others.map((a) => a.name)]
    columns = [labels, ...others.map((a) => labels.map((_, i) => value(a, i)))]
  }
  const row = (i: number) => columns.map((c) => tsvCell(c[i]))
  const rows = labels.map((_, i) => row(i))
  if (rows.some((cells) => cells.join('\t').trim() === '')) {
    names = [...names, 'index']
    rows.forEach((cells, i) => cells.push(String(i)))
  }
  const lines = rows.map((cells) => cells.join('\t'))
  if (names.length > 1) lines.unshift(names.map(tsvCell).join('\t'))
  return lines.map((l) => l + '\n').join('')
}

/** A dataset's `metadata.tsv` (see `metadataTsv`): its loaded columns when it has them. */
export function datasetMetadataTsv(ds: Dataset): string {
  const metadata = ds.kind === 'table' || ds.kind === 'vectors' ? ds.metadata : undefined
  return metadataTsv(
    ds.labels,
    ds.attributes,
    metadata,
    ds.kind === 'table' ? ds.labelColumn : 'label',
  )
}

/**
 * Projected coordinates as CSV: header `label,x,y` (2D) or `label,x,y,z` (3D), one line per item.
 * `positions` is row-major, `labels.length × dims`, as the projection worker sends it.
 */
export function positionsCsv(labels: string[], positions: Float32Array, dims: 2 | 3): string {
  if (positions.length !== labels.length * dims)
    throw new RangeError(`expected ${labels.length}×${dims} coordinates, got ${positions.length}`)
  const header = ['label', 'x', 'y', 'z'].slice(0, dims + 1)
  const rows = labels.map((label, i) => [label, ...positions.subarray(i * dims, i * dims + dims)])
  return toCsv(header, rows)
}

/** Optional per-selected-item columns of a selection export, in the order of `indices`. */
export interface SelectionExtra {
  /** Similarity of each selected item to the query (e.g. cosine, −1…1); same length as indices. */
  similarity?: number[]
}

/** The rows of a selection export: label and index of each selected item, plus the extras. */
function selectionRows(labels: string[], indices: ArrayLike<number>, extra: SelectionExtra) {
  const { similarity } = extra
  if (similarity && similarity.length !== indices.length)
    throw new RangeError(`${indices.length} indices but ${similarity.length} similarities`)
  return Array.from(indices, (index, j) => ({
    label: labels[index] ?? '',
    index,
    ...(similarity ? { similarity: similarity[j] } : {}),
  }))
}

/**
 * Selected items (e.g. a query's neighbours) as CSV: header `label,index` plus `similarity` when
 * given, one line per index in the given order. `index` is the item's row in the dataset.
 */
export function selectionCsv(
  labels: string[],
  indices: ArrayLike<number>,
  extra: SelectionExtra = {},
): string {
  const rows = selectionRows(labels, indices, extra)
  const header = extra.similarity ? ['label', 'index', 'similarity'] : ['label', 'index']
  return toCsv(
    header,
    rows.map((r) =>
      r.similarity === undefined ? [r.label, r.index] : [r.label, r.index, r.similarity],
    ),
  )
}

/**
 * Selected items as a pretty-printed (2-space) JSON array of `{ label, index, similarity? }`,
 * ending in LF. Non-finite similarities become `null`, as `JSON.stringify` writes them.
 */
export function selectionJson(
  labels: string[],
  indices: ArrayLike<number>,
  extra: SelectionExtra = {},
): string {
  return JSON.stringify(selectionRows(labels, indices, extra), null, 2) + '\n'
}

/** Longest download name `fileName` returns, extension included. */
const MAX_NAME = 80

/** Characters outside [A-Za-z0-9._-] become '-'; runs of '-' or '.' collapse; no '-'/'.' at the ends. */
function safePart(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
}

/**
 * A safe download name `<stem>-<suffix>.<ext>` from a dataset name: the dataset's extension (a
 * final `.` plus 1–10 letters or digits) is stripped (`trees.csv` → `trees`), characters outside
 * [A-Za-z0-9._-] (path separators, spaces, non-ASCII) become '-', runs of '-' or '.' collapse,
 * leading/trailing '-' and '.' go (no hidden files), and the stem is cut so the whole name is at
 * most 80 characters. An empty stem becomes `embedding`, so the name is never empty.
 * `ext` may be given with or without its dot; an empty suffix leaves out its '-'.
 */
export function fileName(base: string, suffix: string, ext: string): string {
  const stem = safePart(base.replace(/\.[A-Za-z0-9]{1,10}$/, ''))
  const end = safePart(ext)
  const tail = (safePart(suffix) ? `-${safePart(suffix)}` : '') + (end ? `.${end}` : '')
  const cut = safePart(stem.slice(0, Math.max(1, MAX_NAME - tail.length)))
  return ((cut || 'embedding') + tail).slice(0, MAX_NAME)
}
