import { DatasetError } from './errors'
import type { Dataset } from './types'

/**
 * How much one load may hold. We promise at least 100,000 items and 200 MB; beyond these the
 * browser tab risks running out of memory (the text, its parse and the typed arrays all live at
 * once) and training or projection would crawl.
 */
export const LIMITS = {
  /** Bytes per load, all files together: 200 MiB (shown as "200 MB"). */
  fileBytes: 200 * 2 ** 20,
  /** Items (rows, distinct words, users + items) per dataset: 1,000,000. */
  items: 1_000_000,
}

const MB = 2 ** 20

/** A size in MB for a message: whole MB from 10 MB up, one decimal below; rounded up so an
 * over-limit size never reads as the limit itself. */
function megabytes(bytes: number): string {
  const digits = bytes < 10 * MB ? 1 : 0
  const scale = 10 ** digits
  return `${(Math.ceil((bytes / MB) * scale) / scale).toFixed(digits)} MB`
}

/** A whole number with thousands separators, the same in every locale: 1,234,567. */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** How to keep fewer rows of a file of this kind, for the end of a message. */
function howToShrink(name: string, rows: string): string {
  const base = name.replace(/^.*[\\/]/, '')
  if (/\.parquet$/i.test(base))
    return `Keep the first rows (e.g. \`pd.read_parquet('${base}').head(${rows}).to_parquet('smaller.parquet')\`) and drop that instead.`
  if (/\.(bytes|json)$/i.test(base))
    return 'Keep fewer rows (or fewer numbers per row) and drop that instead.'
  return `Keep the first rows (e.g. \`head -n ${rows} ${base} > smaller${base.slice(base.lastIndexOf('.'))}\`) and drop that instead.`
}

/**
 * Refuses a load over `LIMITS.fileBytes` before anything is read. The message names the file
 * (the largest one when several are together over the limit), its size, the limit and a way out:
 * "vectors.tsv: is 312 MB; the limit is 200 MB per load (all files together). Keep the first rows
 * (e.g. `head -n 100000 vectors.tsv > smaller.tsv`) and drop that instead."
 */
export function checkSize(files: Array<{ name: string; size: number }>): void {
  const total = files.reduce((sum, f) => sum + f.size, 0)
  if (total <= LIMITS.fileBytes || files.length === 0) return
  const largest = files.reduce((a, b) => (b.size > a.size ? b : a))
  const others = files.length === 2 ? 'the other file' : `the other ${files.length - 1} files`
  const what =
    largest.size > LIMITS.fileBytes || files.length === 1
      ? `is ${megabytes(largest.size)}`
      : `is ${megabytes(largest.size)}, ${megabytes(total)} with ${others}`
  throw new DatasetError(
    largest.name,
    `${what}; the limit is ${megabytes(LIMITS.fileBytes)} per load (all files together). ` +
      howToShrink(largest.name, '100000'),
  )
}

/**
 * Refuses a parsed dataset of more than `LIMITS.items` items, naming the file and the count:
 * "words.txt: has 1,200,000 items; the limit is 1,000,000 per load. …"
 */
/** Fewest items a dataset may have. */
export const MIN_ITEMS = 2

export function checkItems(dataset: Dataset): void {
  const n = dataset.labels.length
  // Neighbours, projections and training all compare items: one item has nothing to compare with.
  if (n < MIN_ITEMS)
    throw new DatasetError(
      dataset.name,
      `has ${n === 0 ? 'no items' : 'only 1 item'}; at least ${MIN_ITEMS} are needed to compare them`,
    )
  if (n <= LIMITS.items) return
  const what = dataset.kind === 'pairs' ? 'users and items' : 'items'
  throw new DatasetError(
    dataset.name,
    `has ${count(n)} ${what}; the limit is ${count(LIMITS.items)} per load. ` +
      howToShrink(dataset.name, String(LIMITS.items)),
  )
}
