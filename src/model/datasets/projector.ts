import { DatasetError } from './errors'
import { pandasIndexColumn } from './pandasIndex'
import type { VectorsDataset } from './types'
import {
  VECTOR_LABEL_COLUMNS,
  buildAttributes,
  firstLines,
  isNumber,
  numberedLabels,
  scanVectors,
  vectorsDataset,
} from './vectors'

/** A dropped file as these readers see it: `text` is decoded (and checked) on first use. */
export interface SourceFile {
  readonly name: string
  readonly text: string
  readonly bytes?: Uint8Array
  /** The file already split into rows of cells (a metadata CSV), read instead of tab-split text. */
  readonly rows?: Array<{ cells: string[]; line: number }>
}

/** One entry of a projector_config.json. */
export interface ProjectorEmbedding {
  /** The name the Projector shows ("Embedding 1", … when the config gives none). */
  tensorName: string
  /** [rows, dimension]; required for a binary tensor. */
  tensorShape?: [number, number]
  tensorPath: string
  metadataPath?: string
  bookmarksPath?: string
  spriteImagePath?: string
  /** The sprite's thumbnail size [width, height] in pixels (`sprite.singleImageDim`). */
  spriteImageDim?: [number, number]
}

/** Tensor rows read from a file, before labels are attached. */
export interface Tensor {
  file: string
  rows: number
  dim: number
  data: Float32Array
  /** Labels from a first column of words in a tensor TSV (the Projector accepts them). */
  labels: string[] | null
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

export function isBytes(name: string): boolean {
  return name.toLowerCase().endsWith('.bytes')
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Little-endian float32s, row-major, `dim` per row; a config's `shape` fixes the row count. */
export function readBytesTensor(
  file: SourceFile,
  dim: number,
  shape?: { rows: number; source: string },
): Tensor {
  const { name } = file
  if (!file.bytes)
    throw new DatasetError(name, 'is a binary .bytes file but was read as text: read it as bytes')
  const size = file.bytes.length
  if (size === 0) throw new DatasetError(name, 'the file is empty')
  if (!(Number.isInteger(dim) && dim > 0))
    throw new DatasetError(name, `the dimension must be a positive whole number, not ${dim}`)
  if (shape && size !== shape.rows * dim * 4)
    throw new DatasetError(
      name,
      `has ${size} bytes but ${shape.source} needs ${shape.rows} × ${dim} × 4 = ${shape.rows * dim * 4} bytes`,
    )
  if (size % (dim * 4) !== 0)
    throw new DatasetError(
      name,
      `has ${size} bytes, which is not a whole number of vectors of ${dim} float32 numbers (${dim * 4} bytes each)`,
    )
  const copy = new Uint8Array(file.bytes) // our own, exactly sized buffer: it can be transferred
  let data: Float32Array
  if (IS_LITTLE_ENDIAN) data = new Float32Array(copy.buffer)
  else {
    const view = new DataView(copy.buffer)
    data = Float32Array.from({ length: size / 4 }, (_, i) => view.getFloat32(i * 4, true))
  }
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new DatasetError(
        name,
        `number ${i + 1} (vector ${Math.floor(i / dim) + 1}, dimension ${(i % dim) + 1}) is ${data[i]}, not a finite number`,
      )
  return { file: name, rows: size / (dim * 4), dim, data, labels: null }
}

/** A tensor TSV: numbers separated by tabs, one vector per line, optionally after a label. */
export function readTextTensor(
  file: SourceFile,
  shape?: { rows: number; dim: number; source: string },
): Tensor {
  const text = file.text.replace(/^\uFEFF/, '')
  const [top] = firstLines(text, 1)
  if (!top) throw new DatasetError(file.name, 'the file is empty')
  const cells = top.text.split('\t')
  const where = { line: top.line }
  if (cells.length === 1 && /\s/.test(top.text))
    throw new DatasetError(
      file.name,
      'has no tabs: the Projector separates numbers with tabs',
      where,
    )
  if (cells.length > 1 && !isNumber(cells[0]) && !isNumber(cells[1]))
    throw new DatasetError(
      file.name,
      'starts with a header line, which a vectors file has not',
      where,
    )
  const hasLabel = !isNumber(cells[0])
  const s = scanVectors(file.name, text, {
    sep: '\t',
    hasLabel,
    start: 0,
    line: 1,
    dim: shape?.dim,
    dimSource: shape ? `as ${shape.source} says` : undefined,
  })
  const rows = s.data.length / s.dim
  if (shape && rows !== shape.rows)
    throw new DatasetError(file.name, `has ${rows} vectors but ${shape.source} says ${shape.rows}`)
  return { file: file.name, rows, dim: s.dim, data: s.data, labels: s.labels }
}

/**
 * Attaches the Projector's metadata TSV to a tensor: labels plus every column as an attribute.
 * The Projector's rules: blank lines are skipped; the first line is a header exactly when it
 * has a tab (more than one column); a single column has no header and holds the labels.
 */
export function withMetadata(tensor: Tensor, file: SourceFile, format: string): VectorsDataset {
  const lines = metadataLines(file)
  if (lines.length === 0) throw new DatasetError(file.name, 'the file is empty')
  const header = lines[0].cells.length > 1
  const names = header ? lines[0].cells.map((c) => c.trim()) : ['label']
  const body = header ? lines.slice(1) : lines
  names.forEach((n, i) => {
    if (n === '')
      throw new DatasetError(file.name, 'a header cell is empty', {
        line: lines[0].line,
        column: i + 1,
      })
  })
  if (body.length !== tensor.rows) {
    const explained = header ? lines.length === tensor.rows : lines.length === tensor.rows + 1
    const why = header
      ? explained
        ? `its first line is read as a header because it has ${names.length} columns: is the header line missing?`
        : `its first line is the header, so it describes ${body.length} items; a header line does not explain the difference`
      : explained
        ? 'is its first line a header? With one column, metadata has no header line'
        : 'a header line does not explain the difference'
    throw new DatasetError(
      file.name,
      `has ${lines.length} lines but ${tensor.file} has ${tensor.rows} rows (${why})`,
    )
  }
  for (const { cells, line } of body)
    if (cells.length > names.length)
      throw new DatasetError(
        file.name,
        `has ${cells.length} fields but ${header ? 'the header has' : 'line 1 has'} ${names.length}`,
        { line },
      )
  const lower = names.map((n) => n.toLowerCase())
  const labelIndex = VECTOR_LABEL_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? 0
  const labels = body.map(({ cells, line }) => {
    const label = (cells[labelIndex] ?? '').trim()
    if (label === '')
      throw new DatasetError(file.name, 'the label is empty', { line, column: labelIndex + 1 })
    return label
  })
  const { attributes } = buildAttributes(names, (i) => body.map(({ cells }) => cells[i] ?? ''))
  return vectorsDataset(tensor.file, format, labels, tensor.dim, tensor.data, attributes)
}

/**
 * A metadata file's non-blank lines as cells: its `rows` when given (a `.csv`, quoting undone),
 * else its text split by tabs as the Projector does. pandas' unnamed index column
 * ("" or "Unnamed: 0" over whole numbers) is left out.
 */
function metadataLines(file: SourceFile): Array<{ cells: string[]; line: number }> {
  const text = file.text.replace(/^\uFEFF/, '')
  // A CSV's rows come from the file (see `csvMetadata`): papaparse stays out of this module,
  // which the main bundle imports.
  const lines =
    file.rows ?? text.split(/\r\n|\r|\n/).map((t, i) => ({ cells: t.split('\t'), line: i + 1 }))
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

/** Labels when there is no metadata: the tensor's own first column, else 0, 1, … */
export function withoutMetadata(tensor: Tensor, format: string, notes = ''): VectorsDataset {
  const labels = tensor.labels ?? numberedLabels(tensor.rows)
  const note = tensor.labels ? 'labels from its first column' : 'items are numbered from 0'
  return vectorsDataset(
    tensor.file,
    `${format}, no metadata: ${note}${notes}`,
    labels,
    tensor.dim,
    tensor.data,
  )
}

/** Whether the first 50 non-blank lines are all tab-separated numbers, at least 2 per line. */
function allNumbers(file: SourceFile): boolean {
  const lines = firstLines(file.text, 50)
  return (
    lines.length > 0 &&
    lines.every(({ text }) => {
      const cells = text.split('\t')
      return cells.length >= 2 && cells.every(isNumber)
    })
  )
}

/**
 * Which of two dropped files is the Projector's tensor and which its metadata (`.tsv` or `.txt`),
 * or null: a `.bytes` file is the tensor; of two text files, the one whose every row is numbers
 * (when the other's is not), else the one named like vectors/tensor beside one named like
 * metadata/label.
 */
export function pairProjectorFiles(
  files: SourceFile[],
): { vectors: SourceFile; metadata: SourceFile } | null {
  if (files.length !== 2) return null
  const [a, b] = files
  const text = (f: SourceFile) => /\.(tsv|txt)$/i.test(f.name)
  if (isBytes(a.name) && text(b)) return { vectors: a, metadata: b }
  if (isBytes(b.name) && text(a)) return { vectors: b, metadata: a }
  if (!text(a) || !text(b)) return null
  const na = allNumbers(a)
  if (na !== allNumbers(b)) return na ? { vectors: a, metadata: b } : { vectors: b, metadata: a }
  const vec = (f: SourceFile) => /vector|tensor/i.test(baseName(f.name))
  const meta = (f: SourceFile) => /metadata|label/i.test(baseName(f.name))
  if (vec(a) && meta(b) && !vec(b)) return { vectors: a, metadata: b }
  if (vec(b) && meta(a) && !vec(a)) return { vectors: b, metadata: a }
  return null
}

/**
 * The Projector's vectors (TSV, or `.bytes` with `bytesDim`) with an optional metadata TSV. A
 * `.bytes` file has no shape of its own: without `bytesDim` the error asks for the dimension.
 */
export function parseProjectorFiles(
  vectors: SourceFile,
  metadata: SourceFile | null,
  bytesDim?: number,
): VectorsDataset {
  let tensor: Tensor
  if (isBytes(vectors.name)) {
    if (bytesDim === undefined) {
      let hint = ''
      let suggestion: number | undefined
      if (metadata && vectors.bytes) {
        const items = metadataItems(metadata)
        const dim = vectors.bytes.length / 4 / items
        if (Number.isInteger(dim)) {
          hint = ` (with the ${items} items of ${metadata.name} it would be ${dim})`
          suggestion = dim
        }
      }
      throw new DatasetError(
        vectors.name,
        'holds float32 numbers without their shape: give the dimension (numbers per vector)' +
          `${hint}, or drop it together with its projector_config.json`,
        { code: 'needs-dimension', suggestion },
      )
    }
    tensor = readBytesTensor(vectors, bytesDim)
  } else tensor = readTextTensor(vectors)
  const kind = isBytes(vectors.name) ? 'float32 .bytes' : 'TSV'
  const format = `Embedding Projector ${kind} vectors ${vectors.name} (${tensor.rows} × ${tensor.dim})`
  return metadata
    ? withMetadata(tensor, metadata, `${format} with metadata ${metadata.name}`)
    : withoutMetadata(tensor, format)
}

/** How many items a metadata file describes (for a hint only). */
function metadataItems(file: SourceFile): number {
  const lines = file.text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '')
  return lines.length > 0 && lines[0].includes('\t') ? lines.length - 1 : lines.length
}
