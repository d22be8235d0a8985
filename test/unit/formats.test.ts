/**
 * The files data tools write by default (issue 15, part 2). The fixtures under
 * test/fixtures/formats/ were written by numpy 2.4, pandas 2.3, pyarrow 25, polars 1.44 and DuckDB 1.5 with
 * scripts/make-format-fixtures.py: six items (king, queen, prince, apple, pear, plum) of 4 numbers.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseArrow } from '../../src/model/datasets/arrow'
import { DatasetError } from '../../src/model/datasets/errors'
import { parseFiles } from '../../src/model/datasets/index'
import { LIMITS, checkSize, limitsText } from '../../src/model/datasets/limits'
import { parseParquet } from '../../src/model/datasets/parquet'
import type { Dataset, TableDataset, VectorsDataset } from '../../src/model/datasets/types'
import { parseAll } from '../../src/workers/parseHandler'

const WORDS = ['king', 'queen', 'prince', 'apple', 'pear', 'plum']
const VECTORS = [
  [1.0, 0.5, 0.0, -0.25],
  [1.0, 0.75, 0.0, -0.5],
  [0.75, 0.5, 0.125, -0.25],
  [-1.0, 0.0, 1.0, 0.5],
  [-0.75, 0.25, 1.0, 0.5],
  [-1.0, 0.0, 0.75, 0.25],
].flat()

function bytes(name: string): Uint8Array {
  return new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../fixtures/formats/${name}`, import.meta.url))),
  )
}
const file = (name: string) => ({ name, bytes: bytes(name) })

function vectors(ds: Dataset): VectorsDataset {
  if (ds.kind !== 'vectors') throw new Error(`expected vectors, got ${ds.kind}`)
  return ds
}

function expectSix(ds: Dataset, labels: string[] = WORDS) {
  const v = vectors(ds)
  expect(v.dim).toBe(4)
  expect(v.labels).toEqual(labels)
  expect(Array.from(v.data)).toEqual(VECTORS)
  expect(v.data).toBeInstanceOf(Float32Array)
}

function thrown(f: () => unknown): DatasetError {
  try {
    f()
  } catch (e) {
    if (e instanceof DatasetError) return e
    throw e
  }
  throw new Error('expected a DatasetError')
}

/** A .npy file made here, for shapes and dtypes numpy's fixtures do not cover. */
function npy(descr: string, shape: number[], body: ArrayBufferView, fortran = false): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  const pad = 64 - ((10 + dict.length + 1) % 64)
  const header = dict + ' '.repeat(pad % 64) + '\n'
  const out = new Uint8Array(10 + header.length + body.byteLength)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  new DataView(out.buffer).setUint16(8, header.length, true)
  out.set(new TextEncoder().encode(header), 10)
  out.set(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), 10 + header.length)
  return out
}

describe('numpy .npy and .npz', () => {
  it('reads float32 (C order), float64 (Fortran order) and float16 into the same float32 rows', () => {
    const numbered = WORDS.map((_, i) => String(i))
    expectSix(parseFiles([file('vectors-f4.npy')]), numbered)
    expectSix(parseFiles([file('vectors-f8-fortran.npy')]), numbered)
    expectSix(parseFiles([file('vectors-f2.npy')]), numbered)
    expect(parseFiles([file('vectors-f8-fortran.npy')]).format).toBe(
      'numpy vectors-f8-fortran.npy (6 × 4, dtype <f8, Fortran order), no labels: items are numbered from 0',
    )
  })

  it("takes labels from a labels.npy of dtype '<U…' or a metadata TSV/CSV beside it", () => {
    expectSix(parseFiles([file('vectors-f4.npy'), file('labels.npy')]))
    expectSix(parseFiles([file('labels.npy'), file('vectors-f8-fortran.npy')]))
    const tsv = parseFiles([file('vectors-f2.npy'), file('npy-metadata.tsv')])
    expectSix(tsv)
    const kind = vectors(tsv).attributes.find((a) => a.name === 'kind')
    expect(kind?.kind === 'categorical' && kind.categories).toEqual(['fruit', 'royal'])
    expectSix(parseFiles([file('npy-metadata.csv'), file('vectors-f4.npy')]))
  })

  it('reads an .npz stored (np.savez) and deflated (np.savez_compressed), labels inside', () => {
    // The local header's method field (offset 8): 0 = stored, 8 = deflate.
    expect(bytes('vectors.npz')[8]).toBe(0)
    expect(bytes('vectors-compressed.npz')[8]).toBe(8)
    const stored = parseFiles([file('vectors.npz')])
    expectSix(stored)
    expect(stored.name).toBe('vectors.npz')
    const compressed = parseFiles([file('vectors-compressed.npz')])
    expectSix(compressed)
    expect(compressed.format).toBe(
      'numpy vectors-compressed.npz (6 × 4, dtype <f8), labels from arr_1',
    )
  })

  it('reads big-endian, integer and Fortran arrays made here, value for value', () => {
    const rows = 7
    const dim = 5
    const want = Array.from({ length: rows * dim }, (_, i) => ((i * 37) % 11) - 5)
    const be = new DataView(new ArrayBuffer(rows * dim * 8))
    want.forEach((v, i) => be.setFloat64(i * 8, v + 0.5, false))
    const big = vectors(parseFiles([{ name: 'b.npy', bytes: npy('>f8', [rows, dim], be) }]))
    expect(Array.from(big.data)).toEqual(want.map((v) => v + 0.5))
    // Fortran order: column after column.
    const cols = new Int16Array(rows * dim)
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < dim; j++) cols[j * rows + r] = want[r * dim + j]
    const f = vectors(parseFiles([{ name: 'f.npy', bytes: npy('<i2', [rows, dim], cols, true) }]))
    expect(Array.from(f.data)).toEqual(want)
  })

  it('refuses pickles, wrong shapes and non-finite numbers, naming the file and the place', () => {
    expect(thrown(() => parseFiles([file('object.npy')])).message).toBe(
      'object.npy: holds Python objects (dtype object, stored as a pickle), which are not read for safety: save numbers, e.g. np.save(path, np.asarray(x, dtype=np.float32))',
    )
    expect(thrown(() => parseFiles([file('vectors-3d.npy')])).message).toBe(
      'vectors-3d.npy: has shape (2, 3, 4): vectors need 2 dimensions, one row per item (items × numbers), e.g. x.reshape(len(x), -1)',
    )
    expect(thrown(() => parseFiles([file('vectors-1d.npy')])).message).toBe(
      'vectors-1d.npy: has shape (4,): vectors need 2 dimensions, one row per item (items × numbers)',
    )
    const nan = new Float32Array([1, 2, 3, NaN, 5, 6])
    expect(
      thrown(() => parseFiles([{ name: 'n.npy', bytes: npy('<f4', [3, 2], nan) }])).message,
    ).toBe('n.npy: row 2, column 2 is NaN, not a finite number')
    const cut = bytes('vectors-f4.npy').slice(0, 150)
    expect(thrown(() => parseFiles([{ name: 'cut.npy', bytes: cut }])).message).toMatch(
      /^cut\.npy: is cut short: shape \(6, 4\) needs 96 bytes of data, it has \d+$/,
    )
    expect(thrown(() => parseFiles([{ name: 'x.npy', bytes: new Uint8Array(20) }])).message).toBe(
      'x.npy: is not a .npy file (it does not start with \\x93NUMPY)',
    )
    expect(thrown(() => parseFiles([file('two-matrices.npz')])).message).toBe(
      'two-matrices.npz: holds several arrays of more than one dimension (a, b): name the one to use "embeddings" or "embedding" or "vectors"',
    )
  })

  it('refuses metadata whose row count differs, naming both files', () => {
    const e = thrown(() => parseFiles([file('vectors-f4.npy'), file('npy-metadata-short.tsv')]))
    expect(e.file).toBe('npy-metadata-short.tsv')
    expect(e.message).toMatch(
      /^npy-metadata-short\.tsv: has 6 lines but vectors-f4\.npy has 6 rows/,
    )
    const labels = npy('<U1', [3], new Uint32Array([97, 98, 99]))
    expect(
      thrown(() => parseFiles([file('vectors-f4.npy'), { name: 'labels.npy', bytes: labels }]))
        .message,
    ).toBe('labels.npy: has 3 entries but vectors-f4.npy has 6 rows')
  })
})

describe('Parquet as data tools write it', () => {
  it('reads every common codec to the same dataset', async () => {
    const plain = await parseParquet('v.parquet', bytes('lists-none.parquet'))
    expectSix(plain)
    for (const codec of ['snappy', 'gzip', 'brotli', 'lz4', 'zstd'])
      expect(await parseParquet('v.parquet', bytes(`lists-${codec}.parquet`))).toEqual(plain)
  })

  it("reads fixed-size lists, polars' default (zstd, Array) and one number per column", async () => {
    expectSix(await parseParquet('f.parquet', bytes('fixed-list.parquet')))
    expectSix(await parseParquet('p.parquet', bytes('polars.parquet')))
    // DuckDB: FLOAT[4] and FLOAT[] columns side by side; the one named "embedding" is used.
    expectSix(await parseParquet('d.parquet', bytes('duckdb.parquet')))
    const wide = await parseParquet('c.parquet', bytes('columns-polars.parquet'))
    expectSix(wide)
    expect(wide.format).toBe('Parquet of labels and vectors in 4 number columns')
  })

  it("leaves pandas' unnamed index column out and says so", async () => {
    const ds = await parseParquet('u.parquet', bytes('vectors-unnamed.parquet'))
    expectSix(ds)
    expect(ds.format).toBe(
      'Parquet of labels and vectors in 4 number columns; pandas\' index column "Unnamed: 0" left out (row numbers, not data)',
    )
  })
})

describe('Arrow IPC / Feather v2', () => {
  it("reads pyarrow's write_feather (lz4), zstd and uncompressed files", async () => {
    const feather = await parseArrow('v.feather', bytes('vectors.feather'))
    expectSix(feather)
    expect(feather.format).toBe('Arrow of {word, embedding} rows, 4 numbers each')
    expect(await parseArrow('v.feather', bytes('vectors-zstd.arrow'))).toEqual(feather)
    expectSix(await parseArrow('f.arrow', bytes('fixed-plain.arrow')))
    expectSix(await parseAll([file('vectors.feather')]))
  })

  it('names the row and position of a number that is not finite', async () => {
    const arrow = await import('apache-arrow')
    const child = arrow.makeData({
      type: new arrow.Float32(),
      length: 6,
      data: new Float32Array([1, 2, 3, 4, NaN, 6]),
    })
    const list = arrow.makeData({
      type: new arrow.FixedSizeList(3, new arrow.Field('item', new arrow.Float32())),
      length: 2,
      nullCount: 0,
      child,
    })
    const bytes = arrow.tableToIPC(new arrow.Table({ embedding: arrow.makeVector(list) }), 'file')
    await expect(parseArrow('nan.arrow', bytes)).rejects.toThrow(
      'nan.arrow row 2: column "embedding" at position 2 holds NaN, not a finite number',
    )
  })

  it('refuses what is not Arrow, naming the file', async () => {
    await expect(parseArrow('x.arrow', bytes('lists-none.parquet'))).rejects.toThrow(
      'x.arrow: is not an Arrow IPC / Feather v2 file (it does not start with ARROW1)',
    )
    const cut = bytes('fixed-plain.arrow').slice(0, 300)
    await expect(parseArrow('cut.arrow', cut)).rejects.toThrow(/^cut\.arrow: could not be read/)
  })
})

describe("pandas' index column in CSV/TSV (df.to_csv keeps it)", () => {
  const text = (name: string) => ({ name, text: new TextDecoder().decode(bytes(name)) })

  it('is left out of the vectors, and the format says so', () => {
    for (const name of ['vectors-index.csv', 'vectors-index.tsv']) {
      const ds = parseFiles([text(name)])
      expectSix(ds)
      expect(ds.format).toMatch(/; pandas' index column "" left out \(row numbers, not data\)$/)
    }
    const numbers = parseFiles([text('numbers-index.csv')])
    expectSix(
      numbers,
      WORDS.map((_, i) => String(i)),
    )
  })

  it('is left out of a table, listed among the ignored columns', () => {
    const ds = parseFiles([text('table-index.csv')]) as TableDataset
    expect(ds.kind).toBe('table')
    expect(ds.labels).toEqual(WORDS)
    expect(ds.attributes.map((a) => a.name)).toEqual(['kind', 'size'])
    expect(ds.ignored).toEqual([
      { column: '(pandas index)', reason: "pandas' index (row numbers, not data)" },
    ])
  })

  it('still names the line of a short row', () => {
    const bad = ',word,d0,d1\n0,a,1,2\n1,b,3\n'
    expect(thrown(() => parseFiles([{ name: 'bad.csv', text: bad }])).message).toBe(
      'bad.csv line 3: expected 2 numbers after the label (as on line 2), found 1',
    )
  })

  it('stays a column when it is not row numbers', () => {
    const ds = parseFiles([{ name: 'v.csv', text: ',a,b\n0.5,1,2\n1.5,3,4\n' }])
    expect(vectors(ds).dim).toBe(3)
  })
})

describe('limits for binary data', () => {
  it('lets 1 GB of numpy or Arrow through, 512 MB of Parquet, 200 MB of text, and says so', () => {
    const npy307 = { name: 'big.npy', size: 50_000 * 1536 * 4 + 128 }
    expect(() => checkSize([npy307, { name: 'metadata.tsv', size: 2 ** 20 }])).not.toThrow()
    expect(() => checkSize([{ name: 'v.arrow', size: LIMITS.binaryBytes }])).not.toThrow()
    expect(() => checkSize([{ name: 'v.parquet', size: 308 * 2 ** 20 }])).not.toThrow()
    expect(() => checkSize([{ name: 'v.parquet', size: 513 * 2 ** 20 }])).toThrow(
      /^v\.parquet: is 513 MB; the limit is 512 MB of Parquet per load/,
    )
    expect(() => checkSize([{ name: 'v.npy', size: LIMITS.binaryBytes + 1 }])).toThrow(
      "v.npy: is 1025 MB; the limit is 1024 MB per load (all files together). Keep the first rows (e.g. `np.save('smaller.npy', np.load('v.npy', mmap_mode='r')[:100000])`) and drop that instead.",
    )
    expect(() => checkSize([{ name: 'v.csv', size: 307 * 2 ** 20 }])).toThrow(
      /^v\.csv: is 307 MB; the limit is 200 MB of text per load/,
    )
    expect(limitsText()).toBe(
      'Up to 1 GB of numpy or Arrow (174,763 × 1,536 float32), 512 MB of Parquet, 200 MB of text and 1,000,000 items per load',
    )
  })

  it('refuses more than 1 GB of vectors from the shape, before making them', () => {
    const header = npy('<f4', [200_000, 1536], new Float32Array(0))
    expect(thrown(() => parseFiles([{ name: 'huge.npy', bytes: header }])).message).toBe(
      "huge.npy: holds 200,000 × 1,536 numbers (1172 MB as float32); the limit is 1024 MB of vectors per load, what a browser tab can hold. Keep fewer rows (e.g. np.save('smaller.npy', x[:174762])) and drop that instead.",
    )
  })
})
