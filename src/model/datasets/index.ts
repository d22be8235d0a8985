import { DatasetError } from './errors'
import { parseTable } from './table'
import type { Dataset } from './types'

export { DatasetError } from './errors'
export { parseTable } from './table'
export * from './types'

/** A file as the loader sees it: a name (its extension matters) and its text. */
export interface TextFile {
  name: string
  text: string
}

/**
 * Detects the format of the given files and parses them into one Dataset. This slice reads
 * tables (`.csv`, `.tsv`); other formats answer with a clear "not supported yet".
 */
export function parseFiles(files: TextFile[]): Dataset {
  if (files.length === 0) throw new Error('No file was given.')
  if (files.length > 1)
    throw new DatasetError(files[1].name, 'loading several files together is not supported yet')
  const [file] = files
  const dot = file.name.lastIndexOf('.')
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : ''
  if (ext === 'csv' || ext === 'tsv') return parseTable(file.name, file.text)
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
