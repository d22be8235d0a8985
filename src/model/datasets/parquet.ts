import type { Tick } from '../tick'
import { ColumnBuilder, PANDAS_INDEX, arrow } from './arrow'
import { type Column, fromColumns } from './columns'
import { DatasetError } from './errors'
import { parquetWasm } from './parquetWasm'
import type { TableDataset, VectorsDataset } from './types'

/** What the reader said, as a message for the user. */
function readError(file: string, e: unknown): DatasetError {
  const message = e instanceof Error ? e.message : String(e)
  return new DatasetError(
    file,
    `could not be read as Parquet (${message.replace(/^Parquet error: /i, '')})`,
  )
}

/** Refuses bytes that cannot be Parquet: every Parquet file starts and ends with "PAR1". */
function checkMagic(file: string, bytes: Uint8Array): void {
  const magic = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4)) === 'PAR1'
  const n = bytes.length
  const starts = n >= 4 && magic(0)
  if (n >= 12 && starts && magic(n - 4)) return
  throw new DatasetError(
    file,
    starts
      ? 'is not a complete Parquet file (it does not end with PAR1: was it cut short?)'
      : 'is not a Parquet file (it does not end with PAR1)',
  )
}

/** Rows per record batch read: small enough that a batch's copy is brief, big enough to be fast. */
const BATCH_ROWS = 4096

/**
 * Every column of the file, each value at its row; pandas' saved index columns are left out. The
 * file is decoded by parquet-wasm (every codec Parquet writers use) into Arrow record batches in
 * its WebAssembly memory; each batch is copied out and folded into its columns in turn
 * (`ColumnBuilder`: a column of number lists straight into one Float32Array), so the JS side holds
 * the file's vectors once.
 */
async function readColumns(file: string, bytes: Uint8Array, tick?: Tick): Promise<Column[]> {
  checkMagic(file, bytes)
  const [wasm, lib] = await Promise.all([parquetWasm(), arrow()])
  const builders = new Map<string, ColumnBuilder>()
  let table: import('parquet-wasm/esm').Table
  try {
    table = wasm.readParquet(bytes, { batchSize: BATCH_ROWS })
  } catch (e) {
    throw readError(file, e)
  }
  try {
    const batches = table.recordBatches()
    const rows = batches.reduce((sum, b) => sum + b.numRows, 0)
    if (rows === 0) throw new DatasetError(file, 'has no rows')
    let at = 0
    for (const recordBatch of batches) {
      const batch = lib.tableFromIPC(recordBatch.intoIPCStream())
      for (const field of batch.schema.fields) {
        if (PANDAS_INDEX.test(field.name)) continue
        let builder = builders.get(field.name)
        if (!builder) {
          builder = new ColumnBuilder(file, field.name, rows, field.type, lib)
          builders.set(field.name, builder)
        }
        builder.add(batch.getChild(field.name)!, at)
      }
      at += batch.numRows
      tick?.()
    }
  } catch (e) {
    throw e instanceof DatasetError ? e : readError(file, e)
  } finally {
    table.free()
  }
  return [...builders.values()].map((b) => b.column())
}

/**
 * Reads a `.parquet` file (any codec Parquet writers use) into a dataset by the columnar rules
 * (`fromColumns`). `tick` is called after each batch of rows (the parse worker's beacon).
 */
export async function parseParquet(
  file: string,
  bytes: Uint8Array,
  tick?: Tick,
): Promise<TableDataset | VectorsDataset> {
  return fromColumns(file, await readColumns(file, bytes, tick), 'Parquet')
}
