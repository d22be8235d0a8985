import { DatasetError } from './errors'
import type { Dataset } from './types'

/**
 * How much one load may hold, set by what a browser tab can hold. Binary files (numpy, Arrow,
 * `.bytes`) are read into one buffer and parsed into one Float32Array: a tab holds 1 GB of them
 * (the file and the vectors live at once while parsing, about 2 GB, then the file is freed).
 * Parquet is decoded by parquet-wasm a row group's column chunk at a time inside its WebAssembly
 * memory (which never shrinks) beside the file and the vectors: about three times the file at the
 * peak, so 512 MB. Text is held as a string, split and parsed besides, several times its size:
 * 200 MB.
 */
export const LIMITS = {
  /** Bytes of text files per load, all together: 200 MiB (shown as "200 MB"). */
  fileBytes: 200 * 2 ** 20,
  /** Bytes of Parquet per load: 512 MiB. */
  parquetBytes: 512 * 2 ** 20,
  /** Bytes per load, all files together, when the data is binary: 1 GiB (shown as "1024 MB"). */
  binaryBytes: 2 ** 30,
  /** Bytes of float32 vectors (items × numbers × 4) one load may make: 1 GiB. */
  vectorBytes: 2 ** 30,
  /** Items (rows, distinct words, users + items) per dataset: 1,000,000. */
  items: 1_000_000,
}

/** Whether a file is read as binary (bytes parsed straight into typed arrays), by its extension. */
export function isBinaryData(name: string): boolean {
  return /\.(npy|npz|arrow|feather|ipc|bytes)$/i.test(name)
}

/** Whether a file is Parquet, by its extension. */
export function isParquet(name: string): boolean {
  return /\.parquet$/i.test(name)
}

/** What the drop target and the file picker say about the limits. */
export function limitsText(): string {
  return (
    `Up to ${LIMITS.binaryBytes / 2 ** 30} GB of numpy or Arrow ` +
    `(${count(LIMITS.vectorBytes / 4 / 1536)} × 1,536 float32), ` +
    `${LIMITS.parquetBytes / 2 ** 20} MB of Parquet, ${LIMITS.fileBytes / 2 ** 20} MB of text ` +
    `and ${count(LIMITS.items)} items per load`
  )
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
  if (isParquet(base))
    return `Keep the first rows (e.g. \`pd.read_parquet('${base}').head(${rows}).to_parquet('smaller.parquet')\`) and drop that instead.`
  if (/\.npy$/i.test(base))
    return `Keep the first rows (e.g. \`np.save('smaller.npy', np.load('${base}', mmap_mode='r')[:${rows}])\`) and drop that instead.`
  if (/\.(npz|arrow|feather|ipc)$/i.test(base))
    return 'Keep fewer rows (or fewer numbers per row) and drop that instead.'
  if (/\.(bytes|json)$/i.test(base))
    return 'Keep fewer rows (or fewer numbers per row) and drop that instead.'
  return `Keep the first rows (e.g. \`head -n ${rows} ${base} > smaller${base.slice(base.lastIndexOf('.'))}\`) and drop that instead.`
}

/**
 * Refuses a load over the limits before anything is read: text files over `LIMITS.fileBytes`
 * together, Parquet over `LIMITS.parquetBytes`, or all files over `LIMITS.binaryBytes`. The message
 * names the file (the largest one when several are together over the limit), its size, the limit
 * and a way out: "vectors.tsv: is 312 MB; the limit is 200 MB of text per load (all files
 * together). Keep the first rows (e.g. `head -n 100000 vectors.tsv > smaller.tsv`) and drop that
 * instead."
 */
export function checkSize(files: Array<{ name: string; size: number }>): void {
  if (files.length === 0) return
  const sum = (list: Array<{ size: number }>) => list.reduce((total, f) => total + f.size, 0)
  const text = files.filter((f) => !isBinaryData(f.name) && !isParquet(f.name))
  const parquet = files.filter((f) => isParquet(f.name))
  if (sum(text) > LIMITS.fileBytes) refuse(text, LIMITS.fileBytes, ' of text')
  else if (sum(parquet) > LIMITS.parquetBytes) refuse(parquet, LIMITS.parquetBytes, ' of Parquet')
  else if (sum(files) > LIMITS.binaryBytes) refuse(files, LIMITS.binaryBytes, '')
}

function refuse(over: Array<{ name: string; size: number }>, limit: number, what: string): never {
  const total = over.reduce((sum, f) => sum + f.size, 0)
  const largest = over.reduce((a, b) => (b.size > a.size ? b : a))
  const files = over.length
  const others = files === 2 ? 'the other file' : `the other ${files - 1} files`
  const size =
    largest.size > limit || files === 1
      ? `is ${megabytes(largest.size)}`
      : `is ${megabytes(largest.size)}, ${megabytes(total)} with ${others}`
  throw new DatasetError(
    largest.name,
    `${size}; the limit is ${megabytes(limit)}${what} per load (all files together). ` +
      howToShrink(largest.name, '100000'),
  )
}

/**
 * Refuses vectors of more than `LIMITS.vectorBytes` before they are made (from a header's shape):
 * "big.npy: holds 300,000 × 1,536 numbers (1758 MB as float32); the limit is 1024 MB of vectors …"
 */
export function checkVectorBytes(file: string, rows: number, dim: number): void {
  const bytes = rows * dim * 4
  if (bytes <= LIMITS.vectorBytes) return
  throw new DatasetError(
    file,
    `holds ${count(rows)} × ${count(dim)} numbers (${megabytes(bytes)} as float32); the limit is ` +
      `${megabytes(LIMITS.vectorBytes)} of vectors per load, what a browser tab can hold. ` +
      `Keep fewer rows (e.g. np.save('smaller.npy', x[:${Math.floor(LIMITS.vectorBytes / 4 / dim)}])) and drop that instead.`,
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
  if (dataset.kind === 'vectors') checkVectorBytes(dataset.name, n, dataset.dim)
  if (n <= LIMITS.items) return
  const what = dataset.kind === 'pairs' ? 'users and items' : 'items'
  throw new DatasetError(
    dataset.name,
    `has ${count(n)} ${what}; the limit is ${count(LIMITS.items)} per load. ` +
      howToShrink(dataset.name, String(LIMITS.items)),
  )
}
