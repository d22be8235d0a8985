// One load of a data tool's file in a fresh process, so its peak memory is its own:
// `node --expose-gc --import tsx bench/formatsChild.ts <case>` prints { ms, peakMB } as JSON.
// Used by bench/formats.ts. The files are made here, byte for byte as numpy/pandas/pyarrow write
// them, so the bench needs no Python.
import { zipSync } from 'fflate'
import Papa from 'papaparse'
import { parseFiles } from '../src/model/datasets'
import { reportPeak } from './peakMemory'
import { parseAll } from '../src/workers/parseHandler'

const which = process.argv[2]

/** A .npy file as np.save writes it (version 1, header padded to 64 bytes). */
function npy(descr: string, shape: number[], body: ArrayBufferView, fortran = false): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}), }`
  const pad = (64 - ((10 + dict.length + 1) % 64)) % 64
  const header = dict + ' '.repeat(pad) + '\n'
  const out = new Uint8Array(10 + header.length + body.byteLength)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  new DataView(out.buffer).setUint16(8, header.length, true)
  out.set(new TextEncoder().encode(header), 10)
  out.set(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), 10 + header.length)
  return out
}

function floats(n: number, dim: number, Type: Float32ArrayConstructor | Float64ArrayConstructor) {
  const a = new Type(n * dim)
  for (let i = 0; i < a.length; i++) a[i] = ((i * 2654435761) % 2001) / 1000 - 1
  return a
}

/** A CSV as pandas' df.to_csv writes it: the index first, then a word, then d numbers. */
function pandasCsv(n: number, dim: number, index: boolean): string {
  const v = floats(n, dim, Float32Array)
  const head = (index ? [''] : []).concat(
    ['word'],
    Array.from({ length: dim }, (_, j) => `d${j}`),
  )
  const out = [head.join(',')]
  for (let i = 0; i < n; i++) {
    const cells = Array.from(v.subarray(i * dim, (i + 1) * dim), (x) => String(x))
    out.push([...(index ? [String(i)] : []), `w${i}`, ...cells].join(','))
  }
  return out.join('\n') + '\n'
}

async function arrowFile(n: number, dim: number): Promise<Uint8Array> {
  const arrow = await import('apache-arrow')
  const child = arrow.makeData({
    type: new arrow.Float32(),
    length: n * dim,
    data: floats(n, dim, Float32Array),
  })
  const list = arrow.makeData({
    type: new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32())),
    length: n,
    nullCount: 0,
    child,
  })
  const table = new arrow.Table({ embedding: arrow.makeVector(list) })
  return arrow.tableToIPC(table, 'file')
}

/**
 * A Parquet file as pandas writes a DataFrame of {label, embedding} (pyarrow: a list<float> column,
 * one row group), compressed with zstd (polars' default) or snappy (pandas').
 */
async function parquetFile(n: number, dim: number, codec: 'zstd' | 'snappy'): Promise<Uint8Array> {
  const arrow = await import('apache-arrow')
  const { parquetWasm } = await import('../src/model/datasets/parquetWasm')
  const wasm = await parquetWasm()
  const child = arrow.makeData({
    type: new arrow.Float32(),
    length: n * dim,
    data: floats(n, dim, Float32Array),
  })
  const list = arrow.makeData({
    type: new arrow.List(new arrow.Field('element', new arrow.Float32())),
    length: n,
    nullCount: 0,
    valueOffsets: Int32Array.from({ length: n + 1 }, (_, i) => i * dim),
    child,
  })
  const table = new arrow.Table({
    label: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => `item ${i}`)),
    embedding: arrow.makeVector(list),
  })
  const properties = new wasm.WriterPropertiesBuilder()
    .setCompression(codec === 'zstd' ? wasm.Compression.ZSTD : wasm.Compression.SNAPPY)
    .setMaxRowGroupSize(1024 * 1024)
    .build()
  return wasm.writeParquet(wasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), properties)
}

const cases: Record<string, () => Promise<() => unknown>> = {
  'npy-1536-ours': async () => {
    const bytes = npy('<f4', [50_000, 1536], floats(50_000, 1536, Float32Array))
    return () => parseFiles([{ name: 'big.npy', bytes }])
  },
  'npy-1536-copy': async () => {
    const bytes = npy('<f4', [50_000, 1536], floats(50_000, 1536, Float32Array))
    return () => new Float32Array(bytes.buffer.slice(128))
  },
  'npy-f8-fortran-ours': async () => {
    const bytes = npy('<f8', [10_000, 768], floats(10_000, 768, Float64Array), true)
    return () => parseFiles([{ name: 'x.npy', bytes }])
  },
  'npy-f8-fortran-copy': async () => {
    const bytes = npy('<f8', [10_000, 768], floats(10_000, 768, Float64Array), true)
    return () => Float32Array.from(new Float64Array(bytes.buffer.slice(128)))
  },
  'npz-ours': async () => {
    const inner = npy('<f4', [10_000, 768], floats(10_000, 768, Float32Array))
    const bytes = zipSync({ 'embeddings.npy': inner }, { level: 6 })
    return () => parseFiles([{ name: 'x.npz', bytes }])
  },
  'npz-unzip': async () => {
    const inner = npy('<f4', [10_000, 768], floats(10_000, 768, Float32Array))
    const bytes = zipSync({ 'embeddings.npy': inner }, { level: 6 })
    const { unzipSync } = await import('fflate')
    return () => unzipSync(bytes)
  },
  'arrow-ours': async () => {
    const bytes = await arrowFile(10_000, 768)
    // The modules load once per worker; the baseline has them loaded too.
    await parseAll([{ name: 'warm.arrow', bytes: await arrowFile(2, 2) }])
    return () => parseAll([{ name: 'x.arrow', bytes }])
  },
  'arrow-raw': async () => {
    const bytes = await arrowFile(10_000, 768)
    const arrow = await import('apache-arrow')
    return () => {
      const t = arrow.tableFromIPC(bytes)
      return t.getChild('embedding')?.data[0].children[0].values.slice()
    }
  },
  'parquet-768-ours': async () => {
    const bytes = await parquetFile(10_000, 768, 'zstd')
    await parseAll([{ name: 'warm.parquet', bytes: await parquetFile(2, 2, 'zstd') }])
    return () => parseAll([{ name: 'x.parquet', bytes }])
  },
  'parquet-768-hyparquet': async () => {
    const bytes = await parquetFile(10_000, 768, 'zstd')
    const { parquetReadObjects } = await import('hyparquet')
    const { compressors } = await import('hyparquet-compressors')
    const file = bytes.slice().buffer
    return () => parquetReadObjects({ file, compressors })
  },
  'parquet-1536-ours': async () => {
    const bytes = await parquetFile(50_000, 1536, 'snappy')
    await parseAll([{ name: 'warm.parquet', bytes: await parquetFile(2, 2, 'snappy') }])
    return () => parseAll([{ name: 'x.parquet', bytes }])
  },
  'csv-index-ours': async () => {
    const text = pandasCsv(10_000, 768, true)
    return () => parseFiles([{ name: 'x.csv', text }])
  },
  'csv-noindex-ours': async () => {
    const text = pandasCsv(10_000, 768, false)
    return () => parseFiles([{ name: 'x.csv', text }])
  },
  'csv-index-papa': async () => {
    const text = pandasCsv(10_000, 768, true)
    return () => Papa.parse(text)
  },
}

/** A layout as an engine writes it: label, cluster, x, y, z per row. */
function layoutCsv(n: number): string {
  const out = ['label,cluster,x,y,z']
  for (let i = 0; i < n; i++) {
    const a = (i * 2654435761) % 100_000
    out.push(`item ${i},c${i % 20},${a / 1000 - 50},${(a % 977) / 10},${(a % 313) / 10}`)
  }
  return out.join('\n') + '\n'
}
cases['layout-csv-ours'] = async () => {
  const text = layoutCsv(1_000_000)
  return () => parseFiles([{ name: 'layout.csv', text }])
}
cases['layout-csv-papa'] = async () => {
  const text = layoutCsv(1_000_000)
  return () => Papa.parse(text)
}

const make = cases[which]
if (!make) throw new Error(`unknown case ${which}`)
await reportPeak(await make())
