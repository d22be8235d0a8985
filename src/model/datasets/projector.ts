import type { Tick } from '../tick'
import { DatasetError } from './errors'
import type { VectorsDataset } from './types'
export { withMetadata } from './metadata'
import { withMetadata } from './metadata'
import { firstLines, isNumber, numberedLabels, scanVectors, vectorsDataset } from './vectors'

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
  /** [rows, dimension]; required for a binary tensor, ignored for a TSV (as the Projector does). */
  tensorShape?: [number, number]
  /** A tensorShape given but not [rows, dimension], as JSON, for the error a binary tensor gets. */
  invalidShape?: string
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
  /** Problems read past (the Projector warns and goes on), shown to the user. */
  warnings?: string[]
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
  const rows = size / (dim * 4)
  // The Projector shows the vectors that are there and warns when the shape promised more.
  const warnings =
    shape && rows !== shape.rows
      ? [
          `${name} has ${rows} vectors of ${dim} numbers (${size} bytes) but ${shape.source} says ${shape.rows}: showing the ${rows} there are`,
        ]
      : undefined
  return { file: name, rows, dim, data, labels: null, ...(warnings ? { warnings } : {}) }
}

/**
 * A tensor TSV: numbers separated by tabs, one vector per line, optionally after a label. As in the
 * Projector, each line is trimmed (a leading or trailing tab is no empty number) and no shape is
 * imposed from outside: a config's tensorShape is not checked against a TSV.
 */
export function readTextTensor(file: SourceFile, tick?: Tick): Tensor {
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
    tick,
  })
  const rows = s.data.length / s.dim
  return { file: file.name, rows, dim: s.dim, data: s.data, labels: s.labels }
}

/** Labels when there is no metadata: the tensor's own first column, else 0, 1, … */
export function withoutMetadata(tensor: Tensor, format: string, notes = ''): VectorsDataset {
  const labels = tensor.labels ?? numberedLabels(tensor.rows)
  const note = tensor.labels ? 'labels from its first column' : 'items are numbered from 0'
  const ds = vectorsDataset(
    tensor.file,
    `${format}, no metadata: ${note}${notes}`,
    labels,
    tensor.dim,
    tensor.data,
  )
  return tensor.warnings?.length ? { ...ds, warnings: tensor.warnings } : ds
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
  tick?: Tick,
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
  } else tensor = readTextTensor(vectors, tick)
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
