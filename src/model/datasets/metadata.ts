// The Projector's metadata TSV, read by its rules (tensorboard vz_projector data-provider.ts
// `parseMetadata`, data.ts `mergeMetadata`, the data panel's default label).
import { DatasetError } from './errors'
import { buildAttributes } from './attributes'
import type { MetadataColumns, VectorsDataset } from './types'
import { pandasIndexColumn } from './pandasIndex'
import { vectorsDataset } from './vectors'

/** A metadata file: its text, or its rows already split into cells (a `.csv`, quoting undone). */
interface MetadataFile {
  name: string
  text: string
  rows?: Array<{ cells: string[]; line: number }>
}

/** What `withMetadata` needs of a tensor (projector.ts `Tensor`). */
interface TensorRows {
  file: string
  rows: number
  dim: number
  data: Float32Array
  warnings?: string[]
}

/** The label of an item whose label cell is empty or missing (the Projector's wording). */
export function missingLabel(index: number): string {
  return `Unknown #${index}`
}

/**
 * The column that labels the items, as the Projector picks it: the first column with a value that
 * is not a number, else the first column.
 */
export function labelColumnIndex(columns: readonly string[][]): number {
  const i = columns.findIndex((col) => col.some((v) => v.trim() !== '' && Number.isNaN(Number(v))))
  return Math.max(0, i)
}

/**
 * Attaches the Projector's metadata TSV to a tensor: labels plus every column as an attribute, and
 * every column as text for exports. The Projector's rules: blank lines (only spaces and tabs) are
 * skipped; the first line is a header exactly when it has a tab; a single column has no header and
 * holds the labels; cells beyond the header's columns are ignored; an empty cell is missing (an
 * empty label shows as "Unknown #i"). A line count that differs from the tensor's is a warning and
 * the first rows are matched up, except where a header line explains the difference (an error,
 * as in the Projector).
 */
export function withMetadata(
  tensor: TensorRows,
  file: MetadataFile,
  format: string,
): VectorsDataset {
  const lines = metadataLines(file)
  if (lines.length === 0) throw new DatasetError(file.name, 'the file is empty')
  const header = lines[0].cells.length > 1
  const names = header ? lines[0].cells : ['label']
  const body = header ? lines.slice(1) : lines
  const n = tensor.rows
  const warnings = [...(tensor.warnings ?? [])]
  if (body.length !== n) {
    const counts = `has ${lines.length} lines but ${tensor.file} has ${n} rows`
    if (!header && body.length === n + 1)
      throw new DatasetError(
        file.name,
        `${counts} (is its first line a header? With one column, metadata has no header line)`,
      )
    if (header && body.length === n - 1)
      throw new DatasetError(
        file.name,
        `${counts} (its first line is read as a header because it has ${names.length} columns: is the header line missing?)`,
      )
    const missing = n - body.length
    const rest =
      missing === 1
        ? `item ${n - 1} has no metadata`
        : missing > 1
          ? `items ${body.length} to ${n - 1} have no metadata`
          : `its last ${-missing === 1 ? 'line is' : `${-missing} lines are`} not used`
    warnings.push(
      `${file.name} describes ${body.length} item${body.length === 1 ? '' : 's'} but ${tensor.file} has ${n} vectors: ${rest}`,
    )
  }
  const columns = names.map((_, c) =>
    Array.from({ length: n }, (_, i) => (i < body.length ? (body[i].cells[c] ?? '') : '')),
  )
  const labelIndex = labelColumnIndex(columns)
  const labels = columns[labelIndex].map((v, i) => v.trim() || missingLabel(i))
  const shown = names.map((name, c) => name.trim() || `column ${c + 1}`)
  const { attributes } = buildAttributes(shown, (c) => columns[c])
  const metadata: MetadataColumns = { names, columns }
  const ds = vectorsDataset(tensor.file, format, labels, tensor.dim, tensor.data, attributes)
  return { ...ds, metadata, ...(warnings.length ? { warnings } : {}) }
}

/**
 * A metadata file's non-blank lines as cells: its `rows` when given (a `.csv`, quoting undone),
 * else its text split by tabs as the Projector does. pandas' unnamed index column
 * ("" or "Unnamed: 0" over whole numbers) is left out.
 */
function metadataLines(file: MetadataFile): Array<{ cells: string[]; line: number }> {
  // A CSV's rows come from the file (see `csvMetadata`): papaparse stays out of this module,
  // which the main bundle imports.
  const lines =
    file.rows ??
    file.text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/)
      .map((t, i) => ({ cells: t.split('\t'), line: i + 1 }))
  const kept = lines.filter(({ cells }) => cells.join('').trim() !== '')
  if (kept.length > 1 && kept[0].cells.length > 1) {
    const index = pandasIndexColumn(
      kept[0].cells,
      kept.slice(1).map((l) => l.cells),
    )
    if (index >= 0) return kept.map((l) => ({ ...l, cells: l.cells.filter((_, i) => i !== index) }))
  }
  return kept
}
