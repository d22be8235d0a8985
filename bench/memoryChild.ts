// One load in a fresh process, so its peak memory is its own: `node --expose-gc --import tsx
// bench/memoryChild.ts <case>` prints { ms, peakMB } as JSON. Used by bench/memory.ts.
import Papa from 'papaparse'
import { parseFiles } from '../src/model/datasets'
import { reportPeak } from './peakMemory'

const which = process.argv[2]

function vectorsTsv(rows: number, dim: number): string {
  const out: string[] = []
  for (let i = 0; i < rows; i++)
    out.push(
      Array.from({ length: dim }, (_, j) => (((i * 31 + j) % 997) / 1000 - 0.5).toFixed(6)).join(
        '\t',
      ),
    )
  return out.join('\n') + '\n'
}
function tableCsv(rows: number): string {
  const out = ['name,group,colour,size,x']
  for (let i = 0; i < rows; i++) out.push(`item ${i},g${i % 10},c${i % 7},s${i % 3},${i % 101}`)
  return out.join('\n')
}
function glove(words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++)
    out.push(
      `w${i} ${Array.from({ length: 100 }, (_, j) => (((i * 31 + j) % 997) / 1000 - 0.5).toFixed(6)).join(' ')}`,
    )
  return out.join('\n')
}

const cases: Record<string, () => () => unknown> = {
  'vectors64-ours': () => {
    const text = vectorsTsv(100_000, 64)
    return () => parseFiles([{ name: 'vectors.tsv', text }])
  },
  'vectors64-papa': () => {
    const text = vectorsTsv(100_000, 64)
    return () => Papa.parse(text, { delimiter: '\t' })
  },
  'table-ours': () => {
    const text = tableCsv(100_000)
    return () => parseFiles([{ name: 'big.csv', text }])
  },
  'table-papa': () => {
    const text = tableCsv(100_000)
    return () => Papa.parse(text)
  },
  'glove-ours': () => {
    const text = glove(100_000)
    return () => parseFiles([{ name: 'glove.txt', text }])
  },
  'glove-split': () => {
    const text = glove(100_000)
    return () => text.split('\n').map((l) => l.split(' ').slice(1).map(Number))
  },
  'bytes-ours': () => {
    const bytes = new Uint8Array(
      new Float32Array(10_000 * 784).map((_, i) => (i % 255) / 255).buffer,
    )
    const text = JSON.stringify({
      embeddings: [{ tensorName: 'x', tensorShape: [10_000, 784], tensorPath: 'x.bytes' }],
    })
    return () =>
      parseFiles([
        { name: 'projector_config.json', text },
        { name: 'x.bytes', bytes },
      ])
  },
  'bytes-copy': () => {
    const bytes = new Uint8Array(
      new Float32Array(10_000 * 784).map((_, i) => (i % 255) / 255).buffer,
    )
    return () => new Float32Array(bytes.buffer.slice(0))
  },
}

const make = cases[which]
if (!make) throw new Error(`unknown case ${which}`)
await reportPeak(make())
