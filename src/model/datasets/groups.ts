import { DatasetError } from './errors'
import { readRows } from './table'
import type { GroupsDataset } from './types'

/** A line longer than this is almost surely not one group of items: a binary file, or text without line breaks. */
const MAX_LINE_CHARS = 100_000
const MAX_LINE_TEXT = '100,000'

/** Fewer distinct items than this leave nothing to see in a plot. */
const MIN_ITEMS = 3

/** Characters stripped from both ends of a word: anything but a letter, digit, mark or underscore. */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_]+$/gu

/**
 * Splits a line of whitespace-separated text into words: lower-cased, with punctuation stripped
 * from both ends ("Hello," → "hello") but kept inside ("don't", "well-known"). Underscores count
 * as part of a word, so identifiers such as `__init__` survive.
 */
export function wordsOf(line: string): string[] {
  return line
    .split(/\s+/)
    .map((w) => w.toLowerCase().replace(EDGE_PUNCTUATION, ''))
    .filter((w) => w !== '')
}

/** Numbers items by first appearance and collects the groups as the flat arrays of GroupsDataset. */
class GroupBuilder {
  readonly labels: string[] = []
  private readonly ids = new Map<string, number>()
  private readonly counts: number[] = []
  private readonly items: number[] = []
  private readonly offsets: number[] = [0]

  /** The id of an item, numbering it if it is new (without counting it). */
  id(item: string): number {
    let id = this.ids.get(item)
    if (id === undefined) {
      id = this.labels.length
      this.ids.set(item, id)
      this.labels.push(item)
      this.counts.push(0)
    }
    return id
  }

  /** Appends one group of item ids; an empty group is dropped. */
  add(group: number[]): void {
    if (group.length === 0) return
    for (const id of group) {
      this.items.push(id)
      this.counts[id]++
    }
    this.offsets.push(this.items.length)
  }

  get largest(): number {
    let max = 0
    for (let g = 1; g < this.offsets.length; g++)
      max = Math.max(max, this.offsets[g] - this.offsets[g - 1])
    return max
  }

  build(file: string, format: string, noCooccurrence: string): GroupsDataset {
    if (this.largest < 2) throw new DatasetError(file, `nothing co-occurs: ${noCooccurrence}`)
    const n = this.labels.length
    if (n < MIN_ITEMS)
      throw new DatasetError(
        file,
        `has only ${n} distinct items; at least ${MIN_ITEMS} are needed to compare them`,
      )
    const counts = Int32Array.from(this.counts)
    const mean = this.counts.reduce((a, b) => a + b, 0) / n
    const variance = this.counts.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    return {
      kind: 'groups',
      name: file,
      format,
      labels: this.labels,
      counts,
      items: Int32Array.from(this.items),
      offsets: Int32Array.from(this.offsets),
      attributes: [
        {
          kind: 'numeric',
          name: 'frequency',
          values: Float32Array.from(this.counts),
          mean,
          std: Math.sqrt(variance) || 1,
        },
      ],
    }
  }
}

/** Rejects text that is really a binary file: a NUL byte, or a line too long to be one group. */
function checkText(file: string, text: string): void {
  const nul = text.indexOf('\0')
  if (nul >= 0)
    throw new DatasetError(file, 'contains a NUL byte: this looks like a binary file, not text', {
      line: lineOf(text, nul),
    })
  let start = 0
  let line = 1
  const lineBreak = /\r\n|\r|\n/g
  for (;;) {
    const m = lineBreak.exec(text)
    const end = m ? m.index : text.length
    if (end - start > MAX_LINE_CHARS)
      throw new DatasetError(
        file,
        `is longer than ${MAX_LINE_TEXT} characters: this looks like a ` +
          'binary file, or text without line breaks (put one group per line)',
        { line },
      )
    if (!m) return
    start = lineBreak.lastIndex
    line++
  }
}

/** The 1-based line of a character offset (\n, \r\n and a lone \r each end a line). */
function lineOf(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1
}

/** A comma-separated item of more words than this on average reads as a clause of a sentence. */
const MAX_WORDS_PER_ITEM = 3

/** The items of a comma-separated line, trimmed, empty ones dropped. */
function commaItems(line: string): string[] {
  return line
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/**
 * Whether a text file is comma-separated lists rather than sentences. Lines vote: a line with
 * commas whose pieces are short (at most 3 words on average, like "Coast redwood, Douglas fir")
 * votes for lists; a line without commas but with several words, or whose comma-separated pieces
 * are long ("The lion lives in the wild, far from people."), votes for sentences. Deciding per
 * file rather than per line keeps a sentence that happens to hold a comma in one piece.
 */
function isCommaSeparated(lines: string[]): boolean {
  let lists = 0
  let sentences = 0
  for (const line of lines) {
    if (line.includes(',')) {
      const items = commaItems(line)
      if (items.length === 0) continue
      const words = items.reduce((n, item) => n + item.split(/\s+/).length, 0)
      if (words / items.length <= MAX_WORDS_PER_ITEM) lists++
      else sentences++
    } else if (/\s/.test(line)) sentences++
  }
  return lists >= sentences
}

/**
 * Parses `.txt` groups, one per line; blank lines and lines starting with `#` are skipped. The
 * file is either comma-separated lists (items trimmed, case kept, a line without a comma is one
 * item) or sentences (each line split into words by `wordsOf`), as `isCommaSeparated` decides.
 */
function parseTextGroups(file: string, text: string): GroupsDataset {
  checkText(file, text)
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  if (lines.length === 0)
    throw new DatasetError(file, 'has no groups: every line is blank or a # comment')
  const commas = isCommaSeparated(lines)
  const builder = new GroupBuilder()
  for (const line of lines) {
    const items = commas ? commaItems(line) : wordsOf(line)
    builder.add(items.map((item) => builder.id(item)))
  }
  return builder.build(
    file,
    commas
      ? 'Text: one group per line, comma-separated'
      : 'Text: one group per line, words separated by spaces',
    commas
      ? 'every line has fewer than 2 items (separate the items on a line with commas)'
      : 'every line has fewer than 2 words',
  )
}

/** Parses a CSV/TSV of `group,item` rows (header required, columns in any order). */
function parseGroupRows(file: string, text: string, delimiter: string): GroupsDataset {
  checkText(file, text)
  const [header, ...body] = readRows(file, text, delimiter)
  const names = header.cells.map((c) => c.trim().toLowerCase())
  const groupCol = names.indexOf('group')
  const itemCol = names.indexOf('item')
  if (names.length !== 2 || groupCol < 0 || itemCol < 0)
    throw new DatasetError(
      file,
      `needs exactly the two columns group and item, but the header is "${header.cells.join(delimiter)}"`,
      { line: header.line },
    )
  if (body.length === 0) throw new DatasetError(file, 'has a header but no rows')
  const builder = new GroupBuilder()
  const groupIds = new Map<string, number>()
  const groups: number[][] = []
  for (const row of body) {
    if (row.cells.length !== 2)
      throw new DatasetError(file, `has ${row.cells.length} fields but the header has 2`, {
        line: row.line,
      })
    const group = row.cells[groupCol].trim()
    const item = row.cells[itemCol].trim()
    if (group === '')
      throw new DatasetError(file, 'the group is empty', { line: row.line, column: groupCol + 1 })
    if (item === '')
      throw new DatasetError(file, 'the item is empty', { line: row.line, column: itemCol + 1 })
    let g = groupIds.get(group)
    if (g === undefined) {
      g = groups.length
      groupIds.set(group, g)
      groups.push([])
    }
    groups[g].push(builder.id(item))
  }
  for (const g of groups) builder.add(g)
  const format = `${delimiter === '\t' ? 'TSV' : 'CSV'} of group,item rows`
  return builder.build(file, format, 'no group has 2 or more items')
}

/**
 * Parses groups of co-occurring items (ARCHITECTURE.md, format 2): a `.csv`/`.tsv` with exactly
 * the columns `group,item`, otherwise text with one group per line. Items are numbered by first
 * appearance; `counts` and the numeric `frequency` attribute say how often each occurs.
 * Groups with a single item are kept (they count) though they pair with nothing.
 */
export function parseGroups(file: string, rawText: string): GroupsDataset {
  const text = rawText.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new DatasetError(file, 'the file is empty')
  const lower = file.toLowerCase()
  if (lower.endsWith('.csv')) return parseGroupRows(file, text, ',')
  if (lower.endsWith('.tsv')) return parseGroupRows(file, text, '\t')
  return parseTextGroups(file, text)
}
