import Papa from 'papaparse'
import { parseFiles } from '../src/model/datasets'
import { ms } from './data'
import type { Row } from './node'

function timeIt<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const r = f()
  return [r, performance.now() - t0]
}

/** Loading big files: our parsers next to the raw work of the same bytes in the same run. */
export function filesBench(): Row[] {
  const rows: Row[] = []
  const words = 100_000
  const glove = Array.from(
    { length: words },
    (_, i) =>
      `w${i} ${Array.from({ length: 100 }, (_, j) => (((i * 31 + j) % 997) / 1000 - 0.5).toFixed(6)).join(' ')}`,
  ).join('\n')
  const [ds, ours] = timeIt(() => parseFiles([{ name: 'glove.txt', text: glove }]))
  const vectorMB = ds.kind === 'vectors' ? ds.data.byteLength / 2 ** 20 : 0
  const [, split] = timeIt(() => glove.split('\n').map((l) => l.split(' ').slice(1).map(Number)))
  rows.push({
    figure: `GloVe text 100k × 100 (${(glove.length / 2 ** 20).toFixed(0)} MB) → vectors`,
    ours: ms(ours),
    baseline: `${ms(split)} raw split + Number`,
    note: `${ds.labels.length} items, vectors held in ${vectorMB.toFixed(0)} MB of float32 (peak memory: see the memory rows)`,
  })

  const n = 10_000
  const dim = 784
  const bytes = new Uint8Array(new Float32Array(n * dim).map((_, i) => (i % 255) / 255).buffer)
  const config = JSON.stringify({
    embeddings: [{ tensorName: 'x', tensorShape: [n, dim], tensorPath: 'x.bytes' }],
  })
  const [, oursBytes] = timeIt(() =>
    parseFiles([
      { name: 'projector_config.json', text: config },
      { name: 'x.bytes', bytes },
    ]),
  )
  const [, copy] = timeIt(() => new Float32Array(bytes.buffer.slice(0)))
  rows.push({
    figure: '.bytes tensor 10k × 784 (31 MB) + config → vectors',
    ours: ms(oursBytes),
    baseline: `${ms(copy)} Float32Array copy`,
    note: 'Projector binary format',
  })

  const table = ['name,group,colour,size,x']
    .concat(
      Array.from(
        { length: 100_000 },
        (_, i) => `item ${i},g${i % 10},c${i % 7},s${i % 3},${i % 101}`,
      ),
    )
    .join('\n')
  const [, oursTable] = timeIt(() => parseFiles([{ name: 'big.csv', text: table }]))
  const [, papa] = timeIt(() => Papa.parse(table))
  rows.push({
    figure: 'table CSV 100k rows × 5 columns → dataset',
    ours: ms(oursTable),
    baseline: `${ms(papa)} papaparse raw parse`,
    note: 'detection + attributes included in ours',
  })
  return rows
}
