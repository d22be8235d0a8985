/**
 * Parquet loading and the load limits. The fixtures test/fixtures/*.parquet are real Parquet files
 * written by pyarrow 25.0.1 with test/fixtures/make-parquet.py (its docstring says how to rerun
 * it); they are small (2 rows per row group, so columns are stitched across row groups).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { arrow } from '../../src/model/datasets/arrow'
import { DatasetError } from '../../src/model/datasets/errors'
import { LIMITS, checkItems, checkSize } from '../../src/model/datasets/limits'
import { parseParquet } from '../../src/model/datasets/parquet'
import { parquetWasm } from '../../src/model/datasets/parquetWasm'
import type { Dataset, TableDataset, VectorsDataset } from '../../src/model/datasets/types'
import { reviveError } from '../../src/workers/parseClient'
import { createParseHandler, parseAll } from '../../src/workers/parseHandler'
import type { ParseEvent } from '../../src/workers/protocol'

function fixture(name: string): Uint8Array {
  return new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))),
  )
}

async function failure(name: string, bytes: Uint8Array): Promise<DatasetError> {
  const e: unknown = await parseParquet(name, bytes).catch((x: unknown) => x)
  if (!(e instanceof DatasetError)) throw new Error(`expected a DatasetError, got ${String(e)}`)
  return e
}

describe('parseParquet', () => {
  it('reads a table with text, categorical, float, int64 and date columns', async () => {
    const bytes = fixture('trees-small.parquet')
    const copy = bytes.slice()
    const ds = (await parseParquet('trees.parquet', bytes)) as TableDataset
    expect(ds).toMatchObject({
      kind: 'table',
      name: 'trees.parquet',
      format: 'Parquet table of items with attributes',
      labelColumn: 'name',
      labels: ['redwood', 'giant sequoia', 'coconut palm', 'date palm', 'white oak'],
    })
    expect(ds.attributes.map((a) => [a.name, a.kind])).toEqual([
      ['leaf', 'categorical'],
      ['height_m', 'numeric'],
      ['age_years', 'numeric'],
      ['id', 'numeric'],
    ])
    const [leaf, height, age] = ds.attributes
    if (leaf.kind !== 'categorical' || height.kind !== 'numeric' || age.kind !== 'numeric')
      throw new Error('kinds')
    expect(leaf.categories).toEqual(['broad', 'frond', 'needle'])
    expect(Array.from(leaf.codes)).toEqual([2, 2, 1, 1, 0])
    // A null is missing (NaN), not 0.
    expect(Array.from(height.values)).toEqual([115.5, Math.fround(94.8), NaN, 23, 30.5])
    expect(Array.from(age.values)).toEqual([2200, 3200, 80, 100, 600])
    expect(ds.ignored).toEqual([{ column: 'planted', reason: 'has the same value in every row' }])
    expect(bytes).toEqual(copy) // the caller's bytes are not touched
  })

  it('reads bytes that sit inside a larger buffer', async () => {
    const bytes = fixture('vectors-small.parquet')
    const padded = new Uint8Array(bytes.length + 10)
    padded.set(bytes, 3)
    const inner = padded.subarray(3, 3 + bytes.length)
    expect(await parseParquet('v.parquet', inner)).toEqual(await parseParquet('v.parquet', bytes))
  })

  it('reads a column of number lists as vectors, with the other columns as attributes', async () => {
    const ds = (await parseParquet(
      'words.parquet',
      fixture('vectors-small.parquet'),
    )) as VectorsDataset
    expect(ds).toMatchObject({
      kind: 'vectors',
      format: 'Parquet of {word, embedding} rows, 4 numbers each',
      labels: ['king', 'queen', 'man', 'woman', 'apple'],
      dim: 4,
    })
    expect(Array.from(ds.data)).toEqual([
      0.5, 1, -1.5, 2, 0.25, 1, -1, 2.5, 1, 0, 0.5, 0, 0.75, 0, 1, 0.5, -2, 3, 0, 0.125,
    ])
    expect(ds.attributes).toMatchObject([{ kind: 'categorical', name: 'group' }])
  })

  it('reads a label and number columns as vectors, as a CSV of them', async () => {
    const ds = (await parseParquet('wide.parquet', fixture('wide-small.parquet'))) as VectorsDataset
    expect(ds).toMatchObject({ kind: 'vectors', labels: ['a', 'b', 'c'], dim: 3 })
    expect(Array.from(ds.data)).toEqual([1, 4, -1, 2, 5, 0.5, 3, 6, 0.25])
  })

  it('names the file and the row of a list of the wrong length', async () => {
    const e = await failure('ragged.parquet', fixture('vectors-ragged.parquet'))
    expect(e.message).toBe(
      'ragged.parquet row 3: column "vector" has 1 number, expected 2 (as the first row)',
    )
    expect(e).toMatchObject({ file: 'ragged.parquet', line: 3 })
  })

  it('refuses bytes that are not Parquet, or cut short, naming the file', async () => {
    const csv = new TextEncoder().encode('name,kind\noak,tree\n')
    expect((await failure('items.parquet', csv)).message).toBe(
      'items.parquet: is not a Parquet file (it does not end with PAR1)',
    )
    expect((await failure('items.parquet', new Uint8Array(0))).file).toBe('items.parquet')
    const cut = fixture('trees-small.parquet').slice(0, 1000)
    expect((await failure('cut.parquet', cut)).message).toBe(
      'cut.parquet: is not a complete Parquet file (it does not end with PAR1: was it cut short?)',
    )
    const garbled = fixture('trees-small.parquet')
    garbled.fill(7, garbled.length - 200, garbled.length - 8) // the footer's metadata
    expect((await failure('garbled.parquet', garbled)).message).toMatch(
      /^garbled\.parquet: could not be read as Parquet \(.+\)$/,
    )
  })

  it('reads a zstd-compressed file as it reads the snappy one', async () => {
    const zstd = await parseParquet('z.parquet', fixture('trees-zstd.parquet'))
    const snappy = await parseParquet('z.parquet', fixture('trees-small.parquet'))
    expect(zstd).toEqual(snappy)
  })
})

describe('Parquet through the parse worker handler', () => {
  it('parses a .parquet InputFile and posts its row errors intact', async () => {
    const ds = await parseAll([{ name: 'w.parquet', bytes: fixture('vectors-small.parquet') }])
    expect(ds.kind).toBe('vectors')
    const posted: ParseEvent[] = []
    const handle = createParseHandler({ post: (msg) => posted.push(msg) })
    await handle({
      type: 'parse',
      id: 1,
      files: [{ name: 'ragged.parquet', bytes: fixture('vectors-ragged.parquet') }],
    })
    const last = posted.at(-1)!
    if (last.type !== 'error') throw new Error(last.type)
    const e = reviveError(structuredClone(last.error))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toMatch(/^ragged\.parquet row 3: /)
    await expect(
      parseAll([
        { name: 'a.parquet', bytes: fixture('vectors-small.parquet') },
        { name: 'b.csv', text: 'x,y\n' },
      ]),
    ).rejects.toThrow('a.parquet: load a Parquet file on its own, without other files')
  })
})

describe('load limits', () => {
  it('promises at least 100,000 items and 200 MB', () => {
    expect(LIMITS.items).toBeGreaterThanOrEqual(100_000)
    expect(LIMITS.fileBytes).toBeGreaterThanOrEqual(200 * 2 ** 20)
  })

  it('names the file, its size and the limit, and how to keep fewer rows', () => {
    expect(() => checkSize([{ name: 'vectors.tsv', size: 312 * 2 ** 20 }])).toThrow(
      'vectors.tsv: is 312 MB; the limit is 200 MB of text per load (all files together). Keep the first ' +
        'rows (e.g. `head -n 100000 vectors.tsv > smaller.tsv`) and drop that instead.',
    )
    expect(() => checkSize([{ name: 'v.tsv', size: LIMITS.fileBytes }])).not.toThrow()
    const together = [
      { name: 'metadata.tsv', size: 90 * 2 ** 20 },
      { name: 'vectors.tsv', size: 150 * 2 ** 20 },
    ]
    expect(() => checkSize(together)).toThrow(
      /^vectors\.tsv: is 150 MB, 240 MB with the other file; the limit is 200 MB of text per load/,
    )
    expect(() => checkSize([{ name: 'x.parquet', size: 2 ** 30 + 1 }])).toThrow(/\.head\(100000\)/)
  })

  it('refuses more items than the limit, naming the file and the count', () => {
    const labels = Array.from({ length: LIMITS.items + 1 }, (_, i) => String(i))
    const big = { kind: 'vectors', name: 'big.tsv', labels, dim: 1 } as unknown as Dataset
    expect(() => checkItems(big)).toThrow(/^big\.tsv: has 1,000,001 items; the limit is 1,000,000/)
    expect(() => checkItems({ ...big, labels: labels.slice(1) } as Dataset)).not.toThrow()
  })

  it('refuses too few items to compare, naming the file', () => {
    const one = { kind: 'table', name: 'one.csv', labels: ['fig'] } as unknown as Dataset
    expect(() => checkItems(one)).toThrow('one.csv: has only 1 item; at least 2 are needed')
    expect(() => checkItems({ ...one, labels: [] } as Dataset)).toThrow('one.csv: has no items')
    expect(() => checkItems({ ...one, labels: ['fig', 'olive'] } as Dataset)).not.toThrow()
  })
})

/** Parquet bytes written by parquet-wasm (arrow-rs's writer) from Arrow columns. */
async function writeParquet(
  columns: Record<string, import('apache-arrow').Vector>,
  rowGroupRows: number,
): Promise<Uint8Array> {
  const [wasm, lib] = await Promise.all([parquetWasm(), arrow()])
  const table = new lib.Table(columns)
  const properties = new wasm.WriterPropertiesBuilder()
    .setCompression(wasm.Compression.ZSTD)
    .setMaxRowGroupSize(rowGroupRows)
    .build()
  return wasm.writeParquet(wasm.Table.fromIPCStream(lib.tableToIPC(table, 'stream')), properties)
}

/** A list<float64> column of `rows` rows, row r holding `lengths(r)` numbers r + j/10. */
async function listColumn(rows: number, lengths: (r: number) => number) {
  const lib = await arrow()
  const offsets = new Int32Array(rows + 1)
  for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r] + lengths(r)
  const values = new Float64Array(offsets[rows])
  for (let r = 0; r < rows; r++)
    for (let j = offsets[r]; j < offsets[r + 1]; j++) values[j] = r + (j - offsets[r]) / 10
  const child = lib.makeData({ type: new lib.Float64(), length: values.length, data: values })
  const type = new lib.List(new lib.Field('element', new lib.Float64()))
  return lib.makeVector(
    lib.makeData({ type, length: rows, nullCount: 0, valueOffsets: offsets, child }),
  )
}

describe('Parquet read a batch of rows at a time', () => {
  it('packs a list column across row groups and batches straight into the vectors', async () => {
    const lib = await arrow()
    const rows = 10_000 // 4 row groups of 3,000 rows, read in batches of 4,096
    const bytes = await writeParquet(
      {
        word: lib.vectorFromArray(Array.from({ length: rows }, (_, r) => `w${r}`)),
        embedding: await listColumn(rows, () => 3),
      },
      3000,
    )
    const ds = (await parseParquet('big.parquet', bytes)) as VectorsDataset
    expect(ds).toMatchObject({ kind: 'vectors', dim: 3 })
    expect(ds.labels[9999]).toBe('w9999')
    expect(ds.data.buffer.byteLength).toBe(rows * 3 * 4) // the packed column itself, not a copy
    for (const r of [0, 2999, 3000, 4095, 4096, 9999])
      expect(Array.from(ds.data.subarray(r * 3, r * 3 + 3))).toEqual(
        [r, r + 0.1, r + 0.2].map(Math.fround),
      )
  })

  it('names the row of a list of another length in a later batch', async () => {
    const bytes = await writeParquet(
      { embedding: await listColumn(6000, (r) => (r === 5000 ? 2 : 3)) },
      6000,
    )
    const e = await failure('ragged.parquet', bytes)
    expect(e.message).toBe(
      'ragged.parquet row 5001: column "embedding" has 2 numbers, expected 3 (as the first row)',
    )
  })

  it('names the row and position of a number that is not finite', async () => {
    const lib = await arrow()
    const values = Float32Array.from({ length: 12 }, (_, i) => i)
    values[7] = NaN
    const child = lib.makeData({ type: new lib.Float32(), length: 12, data: values })
    const type = new lib.FixedSizeList(3, new lib.Field('item', new lib.Float32()))
    const vector = lib.makeVector(lib.makeData({ type, length: 4, nullCount: 0, child }))
    const e = await failure('nan.parquet', await writeParquet({ embedding: vector }, 4))
    expect(e.message).toBe(
      'nan.parquet row 3: column "embedding" at position 2 holds NaN, not a finite number',
    )
  })

  it('reads dates as ISO text', async () => {
    const lib = await arrow()
    const bytes = await writeParquet(
      {
        name: lib.vectorFromArray(['a', 'b', 'c']),
        planted: lib.vectorFromArray(
          [new Date(Date.UTC(2001, 0, 2)), new Date(Date.UTC(2003, 4, 6)), null],
          new lib.DateDay(),
        ),
      },
      2,
    )
    const ds = (await parseParquet('t.parquet', bytes)) as TableDataset
    const planted = ds.attributes.find((a) => a.name === 'planted')
    if (planted?.kind !== 'categorical') throw new Error('planted should be categorical')
    expect(planted.categories).toEqual(['2001-01-02', '2003-05-06'])
    expect(Array.from(planted.codes)).toEqual([0, 1, -1])
  })
})
