// Issue 16, rows 17–20 and the round trip: our Projector export of each loaded dataset, read by a
// port of the Projector's own parser (projectorPort.ts), gives back every item and every column.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type InputFile, parseFiles } from '../../src/model/datasets/index'
import type { Dataset, VectorsDataset } from '../../src/model/datasets/types'
import { datasetMetadataTsv, vectorsTsv } from '../../src/model/export'
import { readDataset } from './helpers'
import { colorCategories } from '../../src/viz/palette'
import {
  colorKind,
  defaultLabelOption,
  mergeMetadata,
  parseMetadata,
  parseTensors,
  type PortValue,
} from './projectorPort'

const file = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url))
const text = (path: string) => readFileSync(file(path), 'utf8')

/** Seeded vectors for datasets that come without any (tables, groups, pairs). */
function vectorsFor(ds: Dataset): { data: Float32Array; dim: number } {
  if (ds.kind === 'vectors') return { data: ds.data, dim: ds.dim }
  let x = 12345
  const data = Float32Array.from({ length: ds.labels.length * 4 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648 - 0.5
  })
  return { data, dim: 4 }
}

/** Exports a dataset as the Projector's two files and reads them back with the Projector's rules. */
function throughProjector(ds: Dataset) {
  const { data, dim } = vectorsFor(ds)
  const vectors = vectorsTsv(data, ds.labels.length, dim)
  const metadata = datasetMetadataTsv(ds)
  const points = parseTensors(vectors)
  const meta = parseMetadata(metadata)
  const merged = mergeMetadata(points, meta)
  return { points, meta, merged, data, metadata }
}

/** What the Projector makes of one cell we loaded: missing, a number, or the text. */
function projectorValue(cell: string): PortValue {
  const v = cell.replace(/\r\n|[\t\n\r]/g, ' ')
  if (v === '') return null
  return isNaN(v as unknown as number) ? v : +v
}

function expectRoundTrip(ds: Dataset) {
  const { points, meta, merged, data } = throughProjector(ds)
  expect(merged).toEqual({})
  expect(points).toHaveLength(ds.labels.length)
  const back = new Float32Array(points.flatMap((p) => Array.from(p.vector)))
  expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(data.slice().buffer))
  const loaded = ds.kind === 'table' || ds.kind === 'vectors' ? ds.metadata : undefined
  if (loaded) {
    // Every loaded column, under its name, with every value the Projector would have read.
    loaded.names.forEach((name, c) => {
      expect(meta.columnNames).toContain(name)
      expect(points.map((p) => p.metadata[name])).toEqual(loaded.columns[c].map(projectorValue))
    })
  }
  // The Projector labels the points with the labels we show (where there is one).
  const option = defaultLabelOption(meta.stats)
  points.forEach((p, i) => {
    const shown = p.metadata[option]
    if (shown != null && !/^Unknown #/.test(ds.labels[i])) expect(String(shown)).toBe(ds.labels[i])
  })
  expect(meta.columnNames.filter((n) => n === 'label').length).toBeLessThanOrEqual(1)
  // A numeric column is coloured by category exactly when the Projector would (row 12).
  for (const a of ds.attributes) {
    const stats = meta.stats.find((st) => st.name === a.name)
    if (a.kind !== 'numeric' || !stats?.isNumeric) continue
    expect(colorCategories(a, 'auto') !== null).toBe(colorKind(stats) === 'categorical')
  }
}

const load = (files: InputFile[]) => parseFiles(files)

describe('Projector parity: exports read back by the Projector (issue 16)', () => {
  it('round trip: every bundled dataset, the Iris demo and the Projector fixtures', () => {
    const datasets: Dataset[] = [
      load([{ name: 'trees.csv', text: readDataset('trees.csv') }]),
      load([{ name: 'dishes.csv', text: readDataset('dishes.csv') }]),
      load([{ name: 'forests.txt', text: readDataset('forests.txt') }]),
      load([{ name: 'words.txt', text: readDataset('words.txt') }]),
      load([
        { name: 'projector_config.json', text: text('projector-demo/projector_config.json') },
        {
          name: 'iris_tensors.bytes',
          bytes: new Uint8Array(readFileSync(file('projector-demo/iris_tensors.bytes'))),
        },
        { name: 'iris_labels.tsv', text: text('projector-demo/iris_labels.tsv') },
      ]),
      load([
        { name: 'vectors.tsv', text: text('vectors.tsv') },
        { name: 'metadata.tsv', text: text('metadata.tsv') },
      ]),
      load([{ name: 'glove5.txt', text: text('glove5.txt') }]),
    ]
    for (const ds of datasets) expectRoundTrip(ds)
  })

  it('row 17: vectors + single-column metadata export one column, and stay so round after round', () => {
    const vectors = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n' }
    let meta = { name: 'metadata.tsv', text: 'oak\npine\noak\n' }
    for (let round = 0; round < 3; round++) {
      const ds = load([vectors, meta])
      expectRoundTrip(ds)
      const out = datasetMetadataTsv(ds)
      expect(out).toBe('oak\npine\noak\n')
      meta = { name: 'metadata.tsv', text: out }
    }
  })

  it('row 18: numeric metadata is written as the text that was loaded, not as float32', () => {
    const vectors = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n' }
    const meta = {
      name: 'metadata.tsv',
      text: 'name\tid\tlat\na\t16777217\t37.774929\nb\t16777218\t-122.419416\nc\t1e-7\t0.10\n',
    }
    const ds = load([vectors, meta])
    expect(datasetMetadataTsv(ds)).toBe(meta.text)
    expectRoundTrip(ds)
    const csv =
      'name,id,lat,kind\na,16777217,37.774929,x\nb,16777219,37.5,y\nc,16777221,37.774929,x\n'
    const table = load([{ name: 't.csv', text: csv }])
    expect(table.kind).toBe('table')
    expect(datasetMetadataTsv(table)).toBe(csv.replaceAll(',', '\t'))
  })

  it('row 19: columns the app leaves out of training (IDs, constants) are exported', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `item${i},ID-${i},same,${i % 3 ? 'x' : 'y'}`)
    const csv = ['name,id,constant,group', ...rows].join('\n') + '\n'
    const ds = load([{ name: 'items.csv', text: csv }])
    expect(ds.kind === 'table' && ds.ignored.map((c) => c.column)).toEqual(['id', 'constant'])
    const out = datasetMetadataTsv(ds).split('\n')
    expect(out[0]).toBe('name\tid\tconstant\tgroup')
    expect(out[1]).toBe('item0\tID-0\tsame\ty')
    expectRoundTrip(ds)
  })

  it('row 20: an empty or blank label never becomes a blank line the Projector skips', () => {
    const vectors = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n7\t8\n' }
    const meta = { name: 'metadata.tsv', text: 'name\tcolour\na\tred\n\tblue\n \tred\nd\tblue\n' }
    const ds = load([vectors, meta])
    const { points, merged, metadata } = throughProjector(ds)
    expect(merged).toEqual({})
    // The Projector's own quirk: ' ' passes its isNaN test, so it reads it as the number 0.
    expect(points.map((p) => p.metadata['name'])).toEqual(['a', null, 0, 'd'])
    expect(metadata).toBe(meta.text)
    // Labels that would be blank lines (no other column): an index column keeps every line.
    const labels = ['a', '', ' ', 'd']
    const plain: Dataset = {
      ...(ds as VectorsDataset),
      labels,
      attributes: [],
      metadata: undefined,
    }
    const numbered = datasetMetadataTsv(plain)
    expect(numbered).toBe('label\tindex\na\t0\n\t1\n \t2\nd\t3\n')
    // Single column: the same, with a header, since there are two columns now.
    const single = load([vectors, { name: 'labels.tsv', text: 'a\nb\nc\nd\n' }])
    const blank: Dataset = {
      ...(single as VectorsDataset),
      labels: ['a', '', '  ', 'd'],
      metadata: undefined,
    }
    const read = throughProjector(blank)
    expect(read.merged).toEqual({})
    expect(read.points.map((p) => p.metadata['label'])).toEqual(['a', null, 0, 'd'])
  })
})
