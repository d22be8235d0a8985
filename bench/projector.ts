// Reading the Projector's two files (vectors.tsv + metadata.tsv) with our parser, next to a port
// of the Projector's own parser (test/unit/projectorPort.ts) on the same text in the same run.
import { parseFiles } from '../src/model/datasets'
import { datasetMetadataTsv, metadataTsv, vectorsTsv } from '../src/model/export'
import { mergeMetadata, parseMetadata, parseTensors } from '../test/unit/projectorPort'
import { ms } from './data'
import type { Row } from './node'

function median(f: () => unknown, runs = 3): number {
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    f()
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)[runs >> 1]
}

export function projectorBench(): Row[] {
  const n = 20_000
  const dim = 64
  const data = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 0.37) * 0.5)
  const vectors = vectorsTsv(data, n, dim)
  const metadata =
    'word\tcount\tgroup\n' +
    Array.from({ length: n }, (_, i) => `w${i}\t${i * 7}\tg${i % 40}`).join('\n') +
    '\n'
  const files = [
    { name: 'vectors.tsv', text: vectors },
    { name: 'metadata.tsv', text: metadata },
  ]
  const ours = median(() => parseFiles(files))
  const theirs = median(() => mergeMetadata(parseTensors(vectors), parseMetadata(metadata)))
  const ds = parseFiles(files)
  const exported = median(() => datasetMetadataTsv(ds))
  // The way exports were written before: from the attributes (numbers through float32).
  const fromAttributes = median(() => metadataTsv(ds.labels, ds.attributes))
  return [
    {
      figure: `Projector vectors.tsv + metadata.tsv, ${n.toLocaleString('en')} × ${dim} + 3 columns`,
      ours: ms(ours),
      baseline: `${ms(theirs)} the Projector's parser (port)`,
      note: 'median of 3; ours also builds attributes and keeps the columns as text',
    },
    {
      figure: `metadata.tsv export, ${n.toLocaleString('en')} rows × 3 columns`,
      ours: ms(exported),
      baseline: `${ms(fromAttributes)} from the attributes (as before)`,
      note: 'written from the loaded text columns, so numbers are not rounded to float32',
    },
  ]
}
