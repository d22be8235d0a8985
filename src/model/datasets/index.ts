import Papa from 'papaparse'
import { DatasetError } from './errors'
import { parseGroups } from './groups'
import { PAIR_COLUMNS, parsePairs } from './pairs'
import { parseTable } from './table'
import type { Dataset } from './types'

export { DatasetError } from './errors'
export { parseGroups } from './groups'
export { parsePairs } from './pairs'
export { parseTable } from './table'
export * from './types'

/** A file as the loader sees it: a name (its extension matters) and its text. */
export interface TextFile {
  name: string
  text: string
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

/**
 * Detects the format of the given files and parses them into one Dataset (ARCHITECTURE.md,
 * "Dataset formats"): `.txt` is groups, one per line; a `.csv`/`.tsv` is groups, pairs or a table
 * depending on its header (`detectDelimited`). Other formats answer with a clear "not supported yet".
 */
export function parseFiles(files: TextFile[]): Dataset {
  if (files.length === 0) throw new Error('No file was given.')
  if (files.length > 1)
    throw new DatasetError(files[1].name, 'loading several files together is not supported yet')
  const [file] = files
  const dot = file.name.lastIndexOf('.')
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : ''
  if (ext === 'txt') return parseGroups(file.name, file.text)
  if (ext === 'csv' || ext === 'tsv') {
    const kind = detectDelimited(file.name, file.text)
    if (kind === 'groups') return parseGroups(file.name, file.text)
    if (kind === 'pairs') return parsePairs(file.name, file.text)
    return parseTable(file.name, file.text)
  }
  if (ext === '')
    throw new DatasetError(
      file.name,
      'has no file extension: name it .csv or .tsv so its format is known',
    )
  throw new DatasetError(
    file.name,
    `.${ext} files are not supported yet: load a .csv or .tsv table with a header row`,
  )
}
