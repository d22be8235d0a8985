import Papa from 'papaparse'
import { DatasetError } from './errors'
import { buildAttributes } from './attributes'
import { pandasIndexColumn } from './pandasIndex'
import type { TableDataset } from './types'

/** Column names, in order of preference, that hold the item label. Otherwise the first column is used. */
const LABEL_COLUMNS = ['label', 'name', 'item']

interface Row {
  cells: string[]
  line: number
}

/** Splits delimited text into rows, each with the 1-based line on which it starts (quoted newlines counted). */
export function readRows(file: string, text: string, delimiter: string): Row[] {
  const rows: Row[] = []
  let start = 0
  let line = 1
  let scanned = 0
  const lineAt = (offset: number) => {
    // A line ends at \n, \r\n or a lone \r (old Mac files), as papaparse reads them.
    for (; scanned < offset; scanned++) {
      const ch = text.charCodeAt(scanned)
      if (ch === 10 || (ch === 13 && text.charCodeAt(scanned + 1) !== 10)) line++
    }
    return line
  }
  let failure: DatasetError | null = null
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result, parser) => {
      const rowLine = lineAt(start)
      start = result.meta.cursor
      // A trailing newline after the last row yields a row with a single empty cell: skip it.
      const cells = result.data
      if (cells.length === 1 && cells[0].trim() === '') return
      const quoteError = result.errors.find((e) => e.type === 'Quotes')
      if (quoteError) {
        failure = new DatasetError(file, `unclosed quote (${quoteError.message})`, {
          line: rowLine,
        })
        parser.abort()
        return
      }
      rows.push({ cells, line: rowLine })
    },
  })
  if (failure) throw failure
  return rows
}

/**
 * Parses a CSV or TSV table with a header row into a TableDataset. The label column is `label`,
 * `name` or `item` if present, else the first column; every other column is a categorical or
 * numeric attribute. Columns that cannot teach similarity (all values distinct, or all the same)
 * are ignored and reported.
 */
/** Choices the user made in the preview; by default the label column is found by name. */
export interface TableOptions {
  /** Column whose values label the items. Default: `label`, `name` or `item`, else the first. */
  labelColumn?: string
  /** Columns not to learn from (kept in `ignored` with the reason "left out"). Default none. */
  exclude?: string[]
}

export function parseTable(file: string, rawText: string, opts: TableOptions = {}): TableDataset {
  const text = rawText.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new DatasetError(file, 'the file is empty')
  const delimiter = file.toLowerCase().endsWith('.tsv') ? '\t' : ','
  const rows = readRows(file, text, delimiter)
  const [header, ...body] = rows
  const names = header.cells.map((c) => c.trim())
  // pandas' unnamed index (df.to_csv keeps it) is row numbers, not an attribute: left out.
  const index = pandasIndexColumn(
    names,
    body.map((r) => r.cells),
  )
  if (index === 0) names[0] = names[0] || '(pandas index)'
  names.forEach((n, i) => {
    if (n === '') throw new DatasetError(file, 'a header cell is empty', { line: 1, column: i + 1 })
  })
  if (names.length < 2)
    throw new DatasetError(file, 'needs a label column and at least one attribute column', {
      line: 1,
    })
  if (body.length === 0) throw new DatasetError(file, 'has a header but no rows')
  for (const row of body) {
    if (row.cells.length !== names.length)
      throw new DatasetError(
        file,
        `has ${row.cells.length} fields but the header has ${names.length}`,
        { line: row.line },
      )
  }
  const lower = names.map((n) => n.toLowerCase())
  const preferred = LABEL_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0)
  const chosen = opts.labelColumn === undefined ? -1 : names.indexOf(opts.labelColumn)
  if (opts.labelColumn !== undefined && chosen < 0)
    throw new DatasetError(file, `has no column "${opts.labelColumn}" to use as the label`, {
      line: 1,
    })
  const labelIndex = chosen >= 0 ? chosen : (preferred ?? (index === 0 ? 1 : 0))
  const labels = body.map((r) => r.cells[labelIndex].trim())
  labels.forEach((l, i) => {
    if (l === '')
      throw new DatasetError(file, `the label is empty`, {
        line: body[i].line,
        column: labelIndex + 1,
      })
  })

  const excluded = new Set(opts.exclude ?? [])
  const columns = names
    .map((_, col) => col)
    .filter((col) => col !== labelIndex && col !== index && !excluded.has(names[col]))
  const built = buildAttributes(
    columns.map((col) => names[col]),
    (i) => body.map((r) => r.cells[columns[i]]),
  )
  const { attributes } = built
  const ignored = [
    ...(index === 0 ? [{ column: names[0], reason: "pandas' index (row numbers, not data)" }] : []),
    ...names
      .filter((n, col) => col !== labelIndex && excluded.has(n))
      .map((column) => ({ column, reason: 'left out' })),
    ...built.ignored,
  ]
  if (attributes.length === 0)
    throw new DatasetError(file, 'has no column that can be learned from', { line: 1 })

  return {
    kind: 'table',
    name: file,
    format: `${delimiter === '\t' ? 'TSV' : 'CSV'} table of items with attributes`,
    labelColumn: names[labelIndex],
    labels,
    attributes,
    ignored,
    // Every column as loaded (those left out too), for exports.
    metadata: {
      names: header.cells,
      columns: header.cells.map((_, c) => body.map((r) => r.cells[c])),
    },
  }
}
