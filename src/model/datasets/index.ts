import Papa from 'papaparse'
import { DatasetError } from './errors'
import { type LoadExtras, plainExtras } from './extras'
import { parseGroups } from './groups'
import { lineColumn, parseJsonDataset, parseJsonLines } from './json'
import { layoutFromTable } from './layout'
import { isNumpy, parseNumpyFiles } from './numpy'
import { pandasIndexColumn, pandasIndexNote } from './pandasIndex'
import { PAIR_COLUMNS, parsePairs } from './pairs'
import {
  type ProjectorEmbedding,
  type SourceFile,
  pairProjectorFiles,
  parseProjectorFiles,
} from './projector'
import {
  looksLikeProjectorConfig,
  loadProjectorConfig,
  projectorEmbeddings,
} from './projectorConfig'
import { parseTable, readRows, type TableOptions } from './table'
import type { Dataset, VectorsDataset } from './types'
import {
  VECTOR_LABEL_COLUMNS,
  firstLines,
  isNumber,
  isWordVectors,
  numberedLabels,
  parseWordVectors,
  readNumber,
  scanVectors,
  vectorsDataset,
} from './vectors'

export { DatasetError } from './errors'
export { parseGroups } from './groups'
export { parseJsonDataset, parseJsonLines } from './json'
export { parsePairs } from './pairs'
export type { ProjectorEmbedding } from './projector'
export { parseTable, type TableOptions } from './table'
export { isWordVectors, parseWordVectors } from './vectors'
export * from './types'

export type { InputFile, TextFile, ParseOptions } from './input'
import type { InputFile, ParseOptions } from './input'
import type { Tick } from '../tick'

/** The text of a file: given, or decoded from UTF-8 bytes; rejects binary content. */
function decode(file: InputFile): string {
  let text = file.text
  if (text === undefined) {
    const b = file.bytes
    if (!b) throw new DatasetError(file.name, 'has no content')
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))
      throw new DatasetError(file.name, 'is UTF-16 text: save it as UTF-8')
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(b)
    } catch {
      throw new DatasetError(file.name, 'is not UTF-8 text (is it a binary file?)')
    }
  }
  const nul = text.indexOf('\0')
  if (nul >= 0)
    throw new DatasetError(
      file.name,
      'contains a NUL byte: this looks like a binary file, not text',
      {
        line: lineColumn(text, nul).line,
      },
    )
  return text
}

/** A file whose text is decoded on first use: an unused binary file (a sprite) is never decoded. */
function source(file: InputFile): SourceFile {
  let text: string | undefined
  return {
    name: file.name,
    bytes: file.bytes,
    get text() {
      return (text ??= decode(file))
    },
  }
}

/** The embeddings a projector_config.json lists, for a UI to offer (`ParseOptions.embedding`). */
export function listProjectorEmbeddings(config: InputFile): ProjectorEmbedding[] {
  return projectorEmbeddings(source(config))
}

/** The kinds a delimited file can be, told apart by its header. */
export type DelimitedKind = 'table' | 'groups' | 'pairs'

/**
 * Which kind a `.csv`/`.tsv` is, from its header row (trimmed, case-insensitive): exactly the
 * columns `group` and `item` → groups; `user` and `item`, optionally `rating`, and nothing else →
 * pairs; anything else (or no header at all) → a table.
 */
export function detectDelimited(fileName: string, text: string): DelimitedKind {
  const delimiter = fileName.toLowerCase().endsWith('.tsv') ? '\t' : ','
  const first = Papa.parse<string[]>(
    // Blank lines before the header are skipped, as the parsers skip them.
    text.replace(/^\uFEFF/, '').replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, ''),
    { delimiter, preview: 1 },
  )
  const names = (first.data[0] ?? []).map((c) => c.trim().toLowerCase())
  const has = (n: string) => names.includes(n)
  if (has('group') && has('item') && names.every((n) => n === 'group' || n === 'item'))
    return 'groups'
  const pairColumns: readonly string[] = PAIR_COLUMNS
  if (has('user') && has('item') && names.every((n) => pairColumns.includes(n))) return 'pairs'
  return 'table'
}

/** Rows of a CSV/TSV looked at to decide whether it holds vectors. */
const VECTOR_SAMPLE_ROWS = 1000

/**
 * Whether a CSV/TSV holds vectors, and how: every column but the label column is numeric (no
 * empty cells) in the first 1,000 rows, and there are at least 2 such columns. The label column
 * is `label`/`name`/`item`/`word` if the header has one, else the first column if it holds any
 * non-number, else there is none (items are numbered). The first row is data when its cells after
 * the first are all numbers, except a row of column numbers (0, 1, 2, … as pandas writes them).
 * A table with any categorical attribute (trees.csv) or a missing number stays a table.
 */
function vectorShape(text: string, delimiter: string) {
  const parsed = Papa.parse<string[]>(text, {
    delimiter,
    preview: VECTOR_SAMPLE_ROWS + 1,
    skipEmptyLines: 'greedy',
  })
  const all = parsed.data.map((r) => r.map((c) => c.trim()))
  if (all.length === 0) return null
  const tsv = delimiter === '\t'
  const counts = (row: string[], from: number) =>
    row.slice(1).every((c, i) => c === String(i + from))
  // pandas' unnamed index column (df.to_csv keeps it) is row numbers: shape the rest. A TSV whose
  // first line alone starts with a tab is the Projector's (trimmed below), not pandas' whole rows.
  const ragged = all.slice(1).some((r) => r.length !== all[0].length)
  const index = !(tsv && ragged) && pandasIndexColumn(all[0], all.slice(1)) === 0
  // pandas' `to_csv(sep='\t')` header: an empty index name, then 0, 1, … over as many columns.
  const pandasIndex = all[0][0] === '' && counts(all[0], 0) && all[1]?.length === all[0].length
  let sample = index ? all.map((r) => r.slice(1)) : all
  // The Projector trims every line of a vectors.tsv, tabs included, before splitting it, so a
  // leading or trailing tab is not an empty number (and a first line of numbers is data).
  if (tsv && !pandasIndex && !index) sample = sample.map(trimCells)
  const first = sample[0]
  const lower = first.map((c) => c.toLowerCase())
  const named = VECTOR_LABEL_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? -1
  const counting = (from: number) => !tsv && counts(first, from)
  const header =
    named >= 0 ||
    pandasIndex ||
    (!tsv && first[0] === '') ||
    !first.slice(1).every(isNumber) ||
    counting(0) ||
    counting(2)
  const body = header ? sample.slice(1) : sample
  if (body.length === 0) return null
  const labelIndex = named >= 0 ? named : body.some((r) => !isNumber(r[0])) ? 0 : -1
  if ((header ? first : body[0]).length - (labelIndex >= 0 ? 1 : 0) < 2) return null
  const numeric = body.every((r) => r.every((c, i) => i === labelIndex || isNumber(c)))
  if (!numeric) return null
  return index
    ? { header: true, labelIndex: labelIndex < 0 ? -1 : labelIndex + 1, index: all[0][0] }
    : { header, labelIndex, index: null }
}

/** A row without its empty cells at both ends (a line trimmed of tabs, as the Projector reads it). */
function trimCells(row: string[]): string[] {
  let a = 0
  let b = row.length
  while (a < b && row[a] === '') a++
  while (b > a && row[b - 1] === '') b--
  return row.slice(a, b)
}

/** A CSV/TSV of labels and numbers (or numbers only) → vectors; see `vectorShape`. */
function parseDelimitedVectors(
  file: string,
  raw: string,
  delimiter: '\t' | ',',
  shape: { header: boolean; labelIndex: number; index: string | null },
  tick?: Tick,
): VectorsDataset {
  const text = raw.replace(/^\uFEFF/, '')
  const { header, labelIndex, index } = shape
  // pandas' index in column 0 is skipped; without a label column it numbers the items itself.
  const skip = index !== null ? 0 : -1
  let labels: string[] | null = null
  let dim = 0
  let data: Float32Array
  if (labelIndex <= skip + 1 && !text.includes('"')) {
    // No quoting to undo, the label (if any) first after the index: the fast scanner.
    const top = header ? firstLines(text, 1)[0] : undefined
    const start = top ? { start: top.end, line: top.line + 1 } : { start: 0, line: 1 }
    const hasLabel = labelIndex >= 0
    const s = scanVectors(file, text, {
      sep: delimiter,
      hasLabel,
      skipFirst: skip >= 0,
      ...start,
      tick,
    })
    ;({ labels, dim, data } = s)
  } else {
    const rows = readRows(file, text, delimiter).slice(header ? 1 : 0)
    const width = rows[0].cells.length
    dim = width - (labelIndex >= 0 ? 1 : 0) - (skip >= 0 ? 1 : 0)
    data = new Float32Array(rows.length * dim)
    labels = labelIndex >= 0 ? [] : null
    rows.forEach(({ cells, line }, r) => {
      if (cells.length !== width)
        throw new DatasetError(
          file,
          `has ${cells.length} fields but line ${rows[0].line} has ${width}`,
          { line },
        )
      let j = r * dim
      cells.forEach((c, i) => {
        if (i === skip) return
        if (i !== labelIndex) data[j++] = readNumber(file, c, line, i + 1)
        else if (c.trim() === '')
          throw new DatasetError(file, 'the label is empty', { line, column: i + 1 })
        else labels?.push(c.trim())
      })
    })
  }
  const n = data.length / dim
  const kind = delimiter === '\t' ? 'TSV' : 'CSV'
  const format =
    (labels
      ? `${kind} of labels and vectors, ${dim} numbers each`
      : `${kind} of vectors, ${dim} numbers each, no labels: items are numbered from 0`) +
    (index !== null ? `; ${pandasIndexNote(index)}` : '')
  return vectorsDataset(file, format, labels ?? numberedLabels(n), dim, data)
}

function extension(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : ''
}

/** A CSV/TSV by its content: groups, pairs, vectors or a table. */
function parseDelimited(file: string, text: string, table?: TableOptions, tick?: Tick): Dataset {
  const kind = detectDelimited(file, text)
  if (kind === 'groups') return parseGroups(file, text)
  if (kind === 'pairs') return parsePairs(file, text)
  const delimiter = file.toLowerCase().endsWith('.tsv') ? '\t' : ','
  const shape = vectorShape(text, delimiter)
  if (shape) return parseDelimitedVectors(file, text, delimiter, shape, tick)
  const parsed = parseTable(file, text, table)
  return layoutFromTable(parsed, delimiter === '\t' ? 'TSV' : 'CSV') ?? parsed
}

/**
 * Detects the format of the given files and parses them into one Dataset (ARCHITECTURE.md,
 * "Dataset formats"). Several files: a projector_config.json (any `.json` of the form
 * {"embeddings": [ … ]}) with the files it names, or the Projector's tensor (`.tsv`, or `.bytes`
 * with `bytesDim`) and metadata TSV, told apart by content (the one whose every row is numbers)
 * or by name (vector/tensor vs metadata/label). One file, by extension and content:
 * - `.csv`/`.tsv`: a `group,item` header → groups; `user,item[,rating]` → pairs; every column but
 *   the label numeric (see `vectorShape`) → vectors; anything else → a table.
 * - `.txt`: word vectors if `isWordVectors` says so, else groups; `.vec`: word vectors.
 * - `.json`: a list of objects (a table, or vectors with a `vector`/`embedding` list) or an object
 *   mapping labels to lists of numbers; `.jsonl`: one object per line. `.bytes`: needs `bytesDim`.
 */
export function parseFiles(files: InputFile[], options: ParseOptions = {}): Dataset {
  return parseWithExtras(files, options).dataset
}

/**
 * `parseFiles`, plus what the load brings besides the data (a config's sprite and bookmarks, or a
 * lone image as sprite), decided by the same reading of the config. `otherNames` are files of the
 * load the parser is not given (images), so a config's sprite path can be matched against them.
 */
export function parseWithExtras(
  files: InputFile[],
  options: ParseOptions = {},
  otherNames: readonly string[] = [],
): { dataset: Dataset; extras: LoadExtras } {
  if (files.length === 0) throw new Error('No file was given.')
  for (const [key, v] of Object.entries(options))
    if (key !== 'embedding' && key !== 'tick' && v !== undefined && !(Number.isInteger(v) && v > 0))
      throw new RangeError(`${key} must be a positive whole number, not ${v}`)
  const sources = files.map(source)
  const config = sources.find(
    (f) => extension(f.name) === 'json' && looksLikeProjectorConfig(f.text),
  )
  if (config)
    return loadProjectorConfig(
      config,
      sources.filter((f) => f !== config),
      options.embedding,
      otherNames,
    )
  return {
    dataset: parseData(files, sources, options),
    extras: plainExtras([...files.map((f) => f.name), ...otherNames]),
  }
}

/** Parses files that are not a Projector config load. */
function parseData(files: InputFile[], sources: SourceFile[], options: ParseOptions): Dataset {
  if (files.some((f) => isNumpy(f.name))) return parseNumpyFiles(sources)
  const pair = pairProjectorFiles(sources)
  if (pair) return parseProjectorFiles(pair.vectors, pair.metadata, options.bytesDim, options.tick)
  if (files.length > 1) {
    const projector = files.length === 2 && files.every((f) => /\.(tsv|txt|bytes)$/i.test(f.name))
    throw new DatasetError(
      files[1].name,
      projector
        ? `cannot tell which of ${files[0].name} and ${files[1].name} holds the vectors: the ` +
            "Projector's vectors file has only numbers, one row per item (name the files vectors.tsv and metadata.tsv)"
        : 'loading several files together is not supported yet',
    )
  }
  const [file] = sources
  const { name } = file
  switch (extension(name)) {
    case 'bytes':
      return parseProjectorFiles(file, null, options.bytesDim)
    case 'json':
      return parseJsonDataset(name, file.text)
    case 'jsonl':
      return parseJsonLines(name, file.text)
    case 'vec':
      return parseWordVectors(name, file.text, options.maxItems, options.tick)
    case 'txt':
      return isWordVectors(file.text)
        ? parseWordVectors(name, file.text, options.maxItems, options.tick)
        : parseGroups(name, file.text)
    case 'csv':
    case 'tsv':
      return parseDelimited(name, file.text, options.table, options.tick)
    case 'parquet':
    case 'arrow':
    case 'feather':
      // Columnar files are read asynchronously: parseAll (the parse worker) routes them.
      throw new DatasetError(name, 'is a columnar file: read it with parseAll, not parseFiles')
    case '':
      throw new DatasetError(
        name,
        'has no file extension: name it .csv or .tsv so its format is known',
      )
    default:
      throw new DatasetError(
        name,
        `.${extension(name)} files are not supported yet: load a .csv, .tsv, .txt, .vec, .json, .jsonl, .bytes, .npy, .npz, .parquet, .arrow or .feather file`,
      )
  }
}
