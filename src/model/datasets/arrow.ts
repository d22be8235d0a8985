// Arrow IPC files and Feather v2 (which is the Arrow IPC file format): read with apache-arrow,
// imported on first use so that no bundle carries it until an Arrow file is dropped.
import { decompress as decompressZstd } from 'fzstd'
import { DatasetError } from './errors'
import { type Column, fromColumns, shapeOf } from './parquet'
import type { TableDataset, VectorsDataset } from './types'

/** Whether a file is Arrow IPC / Feather, by its extension. */
export function isArrow(name: string): boolean {
  return /\.(arrow|feather|ipc|arrows)$/i.test(name)
}

let codecsReady: Promise<typeof import('apache-arrow')> | null = null

/**
 * apache-arrow with the decoders of the two codecs Arrow IPC allows registered: LZ4 frame
 * (pyarrow's write_feather default) and zstd. apache-arrow ships the registry, not the codecs.
 */
function arrow(): Promise<typeof import('apache-arrow')> {
  codecsReady ??= (async () => {
    const [lib, lz4] = await Promise.all([import('apache-arrow'), import('lz4js')])
    lib.compressionRegistry.set(lib.CompressionType.LZ4_FRAME, {
      decode: (data: Uint8Array) => lz4.decompress(data),
    })
    lib.compressionRegistry.set(lib.CompressionType.ZSTD, {
      decode: (data: Uint8Array) => decompressZstd(data),
    })
    return lib
  })()
  return codecsReady
}

/** Whether bytes look like Arrow: the file format starts with "ARROW1", a stream with 0xFFFFFFFF. */
function checkMagic(file: string, bytes: Uint8Array): void {
  const text = String.fromCharCode(...bytes.subarray(0, 6))
  const stream = bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff
  if (text === 'ARROW1' || stream) return
  if (text.startsWith('FEA1'))
    throw new DatasetError(
      file,
      'is a Feather version 1 file, which is not read: save it as Feather v2 (pyarrow.feather.write_feather(df, path))',
    )
  throw new DatasetError(
    file,
    'is not an Arrow IPC / Feather v2 file (it does not start with ARROW1)',
  )
}

/** A cell as the columnar rules want it: lists as arrays, big integers as numbers. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'object' && v !== null && 'toArray' in v && typeof v.toArray === 'function')
    return v.toArray() as unknown
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function')
    return v.toJSON() as unknown
  return v
}

/**
 * The rows of a list or fixed-size list column of numbers as views into its child's values (no
 * copy per row, unlike `get(i).toArray()`), null rows as null; undefined for any other column.
 */
function listRows(vector: import('apache-arrow').Vector): unknown[] | undefined {
  const rows: unknown[] = []
  for (const data of vector.data) {
    const type = data.type as { typeId: number; listSize?: number }
    const child = data.children[0]
    const values = child?.values as unknown
    const fixed = typeof type.listSize === 'number'
    const numeric =
      ArrayBuffer.isView(values) &&
      !(values instanceof BigInt64Array || values instanceof BigUint64Array)
    if (!child || !numeric || child.nullCount > 0 || (!fixed && !data.valueOffsets))
      return undefined
    const view = values as Float32Array
    const base = child.offset
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        rows.push(null)
        continue
      }
      const r = data.offset + i
      const start = fixed ? r * type.listSize! : Number(data.valueOffsets[r])
      const end = fixed ? start + type.listSize! : Number(data.valueOffsets[r + 1])
      rows.push(view.subarray(base + start, base + end))
    }
  }
  return rows
}

/**
 * Reads an Arrow IPC file or stream (`.arrow`, `.feather` v2; uncompressed, LZ4 or zstd) into a
 * dataset by the rules of Parquet: a list or fixed-size list column of numbers (or number
 * columns) → vectors, else a table.
 */
export async function parseArrow(
  file: string,
  bytes: Uint8Array,
): Promise<TableDataset | VectorsDataset> {
  checkMagic(file, bytes)
  const lib = await arrow()
  let table: import('apache-arrow').Table
  try {
    table = lib.tableFromIPC(bytes)
  } catch (e) {
    throw new DatasetError(
      file,
      `could not be read as Arrow (${e instanceof Error ? e.message : String(e)})`,
    )
  }
  if (table.numRows === 0) throw new DatasetError(file, 'has no rows')
  const columns: Column[] = table.schema.fields
    .filter((f) => !/^__index_level_\d+__$/.test(f.name))
    .map((field) => {
      const vector = table.getChild(field.name)
      const values = (vector && listRows(vector)) ?? new Array<unknown>(table.numRows)
      if (!vector || values.length === 0 || values[0] === undefined)
        for (let i = 0; i < table.numRows; i++) values[i] = plain(vector?.get(i))
      return { name: field.name, values, shape: shapeOf(values) }
    })
  return fromColumns(file, columns, 'Arrow')
}
