import type { Tick } from '../tick'
import { DatasetError } from './errors'
import type { Attribute, VectorsDataset } from './types'

export { buildAttributes } from './attributes'

/** Column names (case-insensitive, in order of preference) that hold the label of a vector. */
export const VECTOR_LABEL_COLUMNS = ['label', 'name', 'item', 'word']

/** The largest finite float32: a bigger value would be stored as Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38

/** Fewer vectors than this leave nothing to compare. */
const MIN_VECTORS = 2

/** Labels "0", "1", … for vectors that come without any. */
export function numberedLabels(rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => String(i))
}

/** Checks the row count and builds the dataset. */
export function vectorsDataset(
  file: string,
  format: string,
  labels: string[],
  dim: number,
  data: Float32Array,
  attributes: Attribute[] = [],
): VectorsDataset {
  if (labels.length < MIN_VECTORS)
    throw new DatasetError(
      file,
      `has only ${labels.length} vector${labels.length === 1 ? '' : 's'}; at least ${MIN_VECTORS} are needed to compare them`,
    )
  return { kind: 'vectors', name: file, format, labels, dim, data, attributes }
}

/** A token for a message: quoted, shortened when long. */
function shown(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token)
}

/** The value of one number field, or a DatasetError at its line and column. */
export function readNumber(file: string, token: string, line: number, column: number): number {
  const v = Number(token)
  const t = token.trim()
  if (t === '')
    throw new DatasetError(file, 'a number is missing (the field is empty)', { line, column })
  if (Math.abs(v) <= FLOAT32_MAX) return v
  const problem =
    Number.isNaN(v) && !/^[+-]?(nan|inf|infinity)$/i.test(t)
      ? 'is not a number'
      : 'is not a finite number'
  throw new DatasetError(file, `${shown(t)} ${problem}`, { line, column })
}

/** Where and how `scanVectors` reads. */
export interface ScanOptions {
  /** The separator: ' ' (any run of spaces and tabs), '\t' or ','. */
  sep: ' ' | '\t' | ','
  /** Whether the first field of each line is a label. */
  hasLabel: boolean
  /** Skip the first field of each line, before the label (pandas' index column). Default false. */
  skipFirst?: boolean
  /** Offset of the first line to read, and its 1-based line number. */
  start: number
  line: number
  /** Numbers per line when known beforehand (a header, a config), and where that came from. */
  dim?: number
  dimSource?: string
  /** Stop after this many vectors (default: all). */
  maxItems?: number
  /** Called every 256 lines (see `Tick`). */
  tick?: Tick
}

export interface Scanned {
  /** One label per vector, or null without labels. */
  labels: string[] | null
  dim: number
  data: Float32Array
  /** Whether `maxItems` stopped the scan before the end of the text. */
  truncated: boolean
}

/**
 * Reads lines of numbers (optionally after a label) straight into a Float32Array that grows by
 * doubling: a hand-written scanner with no per-line arrays, so 80 MB of GloVe text takes a few
 * seconds at most. Blank lines are skipped; spaces, tabs and \r at both ends of a line are
 * ignored. Every line must have as many numbers as the first (or as `dim`).
 */
export function scanVectors(file: string, raw: string, o: ScanOptions): Scanned {
  // Old Mac files end lines with a lone \r; same length, so offsets stay valid.
  const text = raw.indexOf('\n') < 0 ? raw.replaceAll('\r', '\n') : raw
  const n = text.length
  const sep = o.sep.charCodeAt(0)
  const space = o.sep === ' '
  const maxItems = o.maxItems ?? Infinity
  const isSep = space ? (c: number) => c === 32 || c === 9 : (c: number) => c === sep
  const isBlank = (c: number) => c === 32 || c === 9 || c === 13
  const labels: string[] | null = o.hasLabel ? [] : null
  let dim = o.dim ?? 0
  let source = o.dimSource
  let data = new Float32Array(0)
  let first: number[] = []
  let rows = 0
  let truncated = false
  const after = o.hasLabel ? ' after the label' : ''
  const tick = o.tick
  for (let pos = o.start, line = o.line; pos < n; line++) {
    if ((line & 255) === 0) tick?.()
    let nl = text.indexOf('\n', pos)
    if (nl < 0) nl = n
    let a = pos
    let b = nl
    pos = nl + 1
    while (a < b && isBlank(text.charCodeAt(a))) a++
    while (b > a && isBlank(text.charCodeAt(b - 1))) b--
    if (a === b) continue
    if (rows >= maxItems) {
      truncated = true
      break
    }
    let s = a
    let column = 1
    if (o.skipFirst) {
      while (s < b && !isSep(text.charCodeAt(s))) s++
      if (s < b) s++
      a = s
      column++
    }
    if (labels) {
      while (s < b && !isSep(text.charCodeAt(s))) s++
      const label = text.slice(a, s).trim()
      if (label === '') throw new DatasetError(file, 'the label is empty', { line, column })
      labels.push(label)
      if (s < b) s++
      if (space) while (s < b && isSep(text.charCodeAt(s))) s++
      column++
    }
    if (dim > 0 && data.length < (rows + 1) * dim) {
      const grown = new Float32Array(Math.max(data.length * 2, (rows + 1) * dim))
      grown.set(data)
      data = grown
    }
    const base = rows * dim
    let count = 0
    // A separator at the end of the line leaves an empty last field: a missing number.
    if (s < b)
      for (;;) {
        let e = s
        while (e < b && !isSep(text.charCodeAt(e))) e++
        const v = readNumber(file, text.slice(s, e), line, column)
        if (dim === 0) first.push(v)
        else if (count < dim) data[base + count] = v
        count++
        column++
        if (e >= b) break
        s = e + 1
        if (space) while (s < b && isSep(text.charCodeAt(s))) s++
      }
    if (dim === 0) {
      if (count === 0)
        throw new DatasetError(file, `expected numbers${after}, found none`, { line })
      dim = count
      source = `as on line ${line}`
      // Guess the row count from the length of the first line, so doubling is rarely needed.
      data = new Float32Array(Math.ceil(((n - o.start) / (nl - o.start + 1)) * 1.05 + 8) * dim)
      data.set(first)
      first = []
    } else if (count !== dim) {
      const why = source ? ` (${source})` : ''
      throw new DatasetError(file, `expected ${dim} numbers${after}${why}, found ${count}`, {
        line,
      })
    }
    rows++
  }
  if (data.length !== rows * dim) data = data.slice(0, rows * dim)
  return { labels, dim, data, truncated }
}

/** word2vec's and fastText's optional first line: exactly two whole numbers, "count dimension". */
const COUNT_DIM_HEADER = /^(\d+)[ \t]+(\d+)$/

/** Lines looked at to tell word vectors from groups of words. */
const SAMPLE_LINES = 50

/** The first `k` non-blank lines, trimmed, each with the offset after it and its 1-based line. */
export function firstLines(text: string, k: number): { text: string; end: number; line: number }[] {
  const out: { text: string; end: number; line: number }[] = []
  const lineBreak = /\r\n|\r|\n/g
  for (let pos = 0, line = 1; pos < text.length && out.length < k; line++) {
    const m = lineBreak.exec(text)
    const end = m ? lineBreak.lastIndex : text.length
    const t = text.slice(pos, m ? m.index : end).trim()
    if (t !== '') out.push({ text: t, end, line })
    pos = end
  }
  return out
}

export function isNumber(token: string): boolean {
  return token.trim() !== '' && Number.isFinite(Number(token))
}

/**
 * Whether a `.txt` holds word vectors rather than groups: its first 50 non-blank lines (after an
 * optional "count dimension" header) each have a token followed by at least 2 numbers and at
 * most one non-number in ten (so a bad value still reads as vectors and the parser can say where
 * it is), at least one line has only numbers after its token, and there is a header, or every
 * line has as many tokens, or some number has a fraction or an exponent (baskets of numeric ids
 * are whole numbers of varying length: those stay groups).
 */
export function isWordVectors(raw: string): boolean {
  // trim() also drops a BOM; firstLines reads no further than the lines it returns.
  const lines = firstLines(raw, SAMPLE_LINES + 1)
  if (lines.length === 0) return false
  const header = COUNT_DIM_HEADER.test(lines[0].text)
  const body = header ? lines.slice(1) : lines.slice(0, SAMPLE_LINES)
  if (body.length === 0) return header
  const lengths = new Set<number>()
  let fractional = false
  let clean = false
  for (const { text } of body) {
    const tokens = text.split(/[ \t]+/)
    const numbers = tokens.slice(1).filter(isNumber)
    const others = tokens.length - 1 - numbers.length
    if (numbers.length < 2 || others > Math.max(1, 0.1 * (tokens.length - 1))) return false
    clean ||= others === 0
    lengths.add(tokens.length)
    fractional ||= numbers.some((t) => /[.eE]/.test(t))
  }
  return clean && (header || lengths.size === 1 || fractional)
}

/**
 * Parses word2vec / GloVe / fastText text: one vector per line, a label (any characters but
 * spaces) then numbers separated by spaces; word2vec and fastText start with a "count dimension"
 * line, which must agree with the body. `maxItems` keeps only the first lines (these files list
 * the most frequent words first); the count is then checked only as far as it was read.
 */
export function parseWordVectors(
  file: string,
  raw: string,
  maxItems?: number,
  tick?: Tick,
): VectorsDataset {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  const [top] = firstLines(text, 1)
  if (!top) throw new DatasetError(file, 'the file is empty')
  const header = COUNT_DIM_HEADER.exec(top.text)
  const count = header ? Number(header[1]) : 0
  const scanned = scanVectors(file, text, {
    sep: ' ',
    hasLabel: true,
    start: header ? top.end : 0,
    line: header ? top.line + 1 : 1,
    dim: header ? Number(header[2]) : undefined,
    dimSource: header ? `as the header on line ${top.line} says` : undefined,
    maxItems,
    tick,
  })
  const labels = scanned.labels ?? []
  const rows = labels.length
  if (header && rows === 0)
    throw new DatasetError(file, 'has a "count dimension" header line but no vectors', {
      line: top.line,
    })
  if (header && (scanned.truncated ? count < rows : count !== rows))
    throw new DatasetError(
      file,
      `the header says ${count} vectors but the file has ${scanned.truncated ? 'more' : rows}`,
      { line: top.line },
    )
  const kept = scanned.truncated ? `; only the first ${rows} kept` : ''
  const format = header
    ? `word2vec/fastText text: a "${count} ${scanned.dim}" header line, then a word and ${scanned.dim} numbers per line${kept}`
    : `GloVe text: a word and ${scanned.dim} numbers per line${kept}`
  return vectorsDataset(file, format, labels, scanned.dim, scanned.data)
}
