// Arrow IPC files and Feather v2 (which is the Arrow IPC file format): read with apache-arrow,
// imported on first use so that no bundle carries it until an Arrow file is dropped.
import { decompress as decompressZstd } from 'fzstd'
import type { Tick } from '../tick'
import { DatasetError } from './errors'
import { checkVectorBytes } from './limits'
import { type Column, fromColumns, shapeOf } from './columns'
import type { TableDataset, VectorsDataset } from './types'

/** Whether a file is Arrow IPC / Feather, by its extension. */
export function isArrow(name: string): boolean {
  return /\.(arrow|feather|ipc|arrows)$/i.test(name)
}

type Arrow = typeof import('apache-arrow')

let codecsReady: Promise<Arrow> | null = null

/**
 * apache-arrow with the decoders of the two codecs Arrow IPC allows registered: LZ4 frame
 * (pyarrow's write_feather default) and zstd. apache-arrow ships the registry, not the codecs.
 */
export function arrow(): Promise<Arrow> {
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

/** A cell as the columnar rules want it: lists as arrays, structs as plain objects, all the way in. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v !== 'object' || v instanceof Date || ArrayBuffer.isView(v)) return v
  // Arrow's struct rows are proxies that `in` does not see through: ask for the method itself.
  const toJSON = (v as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') {
    const o = toJSON.call(v) as unknown
    if (Array.isArray(o)) return o.map(plain)
    if (o === null || typeof o !== 'object') return o
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

/**
 * The rows of a list or fixed-size list column of numbers as views into its child's values (no
 * copy per row, unlike `get(i).toArray()`), null rows as null; undefined for any other column.
 */
function listRows(data: import('apache-arrow').Data): Array<ArrayLike<number> | null> | undefined {
  const type = data.type as { listSize?: number }
  const child = data.children[0]
  const values = child?.values as unknown
  const fixed = typeof type.listSize === 'number'
  const numeric =
    ArrayBuffer.isView(values) &&
    !(values instanceof BigInt64Array || values instanceof BigUint64Array)
  if (!child || !numeric || child.nullCount > 0 || (!fixed && !data.valueOffsets)) return undefined
  const view = values as Float32Array
  const base = child.offset
  const rows: Array<ArrayLike<number> | null> = []
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
  return rows
}

/**
 * One column gathered over the record batches of a file. A column of number lists whose rows all
 * have one length is packed as it comes into one Float32Array of rows × length (what becomes the
 * vectors, so a gigabyte of them is held once, not as a JS array per row); any other column keeps
 * a JS value per row (dates as Date, 64-bit integers as bigint, structs as plain objects).
 */
export class ColumnBuilder {
  private readonly values: unknown[]
  private packed: Float32Array | null = null
  private dim = 0
  /** False once a row shows the column is not one length of numbers throughout. */
  private packing = true
  private readonly date: boolean

  constructor(
    private readonly file: string,
    readonly name: string,
    private readonly rows: number,
    type: import('apache-arrow').DataType,
    private readonly lib: Arrow,
  ) {
    this.values = new Array<unknown>(rows).fill(null)
    this.date = lib.DataType.isDate(type) || lib.DataType.isTimestamp(type)
  }

  /** Adds a batch's values of this column, whose first row is row `at` of the file. */
  add(vector: import('apache-arrow').Vector, at: number): void {
    let row = at
    for (const data of vector.data) {
      const lists = this.packing ? listRows(data) : undefined
      if (lists && this.pack(lists, row)) {
        row += data.length
        continue
      }
      this.unpack(row)
      const part = this.lib.makeVector(data)
      for (let i = 0; i < data.length; i++) this.values[row + i] = this.cell(part.get(i))
      row += data.length
    }
  }

  /** Packs list rows from row `at`; false (nothing packed) when one is null or of another length. */
  private pack(lists: Array<ArrayLike<number> | null>, at: number): boolean {
    if (!this.packed) {
      const dim = lists.find((l) => l !== null)?.length ?? 0
      if (dim === 0) return false
      checkVectorBytes(this.file, this.rows, dim)
      this.dim = dim
      this.packed = new Float32Array(this.rows * dim)
    }
    if (lists.some((l) => l === null || l.length !== this.dim)) return false
    lists.forEach((l, i) => this.packed!.set(l!, (at + i) * this.dim))
    return true
  }

  /** Stops packing: the rows packed so far become views of the packed array. */
  private unpack(upTo: number): void {
    if (!this.packing) return
    this.packing = false
    const packed = this.packed
    if (packed)
      for (let r = 0; r < upTo; r++)
        this.values[r] = packed.subarray(r * this.dim, (r + 1) * this.dim)
    this.packed = null
  }

  private cell(v: unknown): unknown {
    if (v === null || v === undefined) return null
    if (this.date && (typeof v === 'number' || typeof v === 'bigint')) return new Date(Number(v))
    const p = plain(v)
    // A list's values as a copy: the batch they live in is freed once read.
    return ArrayBuffer.isView(p) && !(p instanceof DataView) ? (p as Float64Array).slice() : p
  }

  /** The column, with its rows packed when every row was a list of numbers of one length. */
  column(): Column {
    const packed = this.packing ? this.packed : null
    if (packed) {
      const dim = this.dim
      const values = Array.from({ length: this.rows }, (_, r) =>
        packed.subarray(r * dim, (r + 1) * dim),
      )
      return { name: this.name, values, shape: 'lists', packed: { data: packed, dim } }
    }
    this.unpack(0)
    return { name: this.name, values: this.values, shape: shapeOf(this.values) }
  }
}

/** pandas' saved index columns, which are row labels, not data. */
export const PANDAS_INDEX = /^__index_level_\d+__$/

/**
 * Reads an Arrow IPC file or stream (`.arrow`, `.feather` v2; uncompressed, LZ4 or zstd) into a
 * dataset by the rules of Parquet: a list or fixed-size list column of numbers (or number
 * columns) → vectors, else a table.
 */
export async function parseArrow(
  file: string,
  bytes: Uint8Array,
  tick?: Tick,
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
    .filter((f) => !PANDAS_INDEX.test(f.name))
    .map((field) => {
      const builder = new ColumnBuilder(file, field.name, table.numRows, field.type, lib)
      const vector = table.getChild(field.name)
      if (vector) builder.add(vector, 0)
      tick?.()
      return builder.column()
    })
  return fromColumns(file, columns, 'Arrow')
}
