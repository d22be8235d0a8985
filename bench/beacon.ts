// `npm run bench -- beacon`: what the "still alive" beacon costs the long loops that call it.
// Each computation runs with the beacon as the workers wire it (a clock read per call, a message
// a second) and without any, alternately, best of 3; the difference is the beacon's cost.
import { parseFiles } from '../src/model/datasets/index'
import { approximateKnn } from '../src/model/projection/nndescent'
import { knnGraph } from '../src/model/projection/knn'
import { pca } from '../src/model/projection/pca'
import { conditionalAffinities } from '../src/model/projection/tsneAffinity'
import type { Tick } from '../src/model/tick'
import { beacon } from '../src/workers/rpc'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'

/** Best of `reps` runs of `f` with the beacon and without, interleaved so load hits both alike. */
function pair(f: (tick?: Tick) => unknown, reps = 3): { on: number; off: number; sent: number } {
  let sent = 0
  const tick = beacon({ postMessage: () => sent++ })
  let on = Infinity
  let off = Infinity
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now()
    f(undefined)
    off = Math.min(off, performance.now() - t0)
    t0 = performance.now()
    f(tick)
    on = Math.min(on, performance.now() - t0)
  }
  return { on, off, sent }
}

function row(figure: string, r: { on: number; off: number; sent: number }): Row {
  const cost = ((r.on - r.off) / r.off) * 100
  return {
    figure,
    ours: ms(r.on),
    baseline: ms(r.off),
    note: `with beacon vs without: ${cost >= 0 ? '+' : ''}${cost.toFixed(1)} % (${r.sent} alive messages in all runs)`,
  }
}

export function beaconBench(): Row[] {
  const rows: Row[] = []
  const a = gaussianClusters(4000, 384, 10, 1).data
  rows.push(
    row(
      'beacon: exact kNN 4,000 × 384, k 15',
      pair((t) => knnGraph(a, 4000, 384, 15, 'cosine', t)),
    ),
  )
  const b = gaussianClusters(10_000, 256, 10, 2).data
  rows.push(
    row(
      'beacon: NN-descent kNN 10,000 × 256, k 15',
      pair((tick) => approximateKnn(b, 10_000, 256, 15, 'cosine', { tick })),
    ),
  )
  const c = gaussianClusters(20_000, 384, 10, 3).data
  rows.push(
    row(
      'beacon: PCA (subspace) 20,000 × 384, 3 components',
      pair((tick) => pca(c, 20_000, 384, 3, null, { tick })),
    ),
  )
  const g = knnGraph(gaussianClusters(10_000, 16, 10, 4).data, 10_000, 16, 90)
  rows.push(
    row(
      'beacon: t-SNE affinities 10,000 points, k 90',
      pair((t) => conditionalAffinities(g, 30, t)),
    ),
  )
  const d = gaussianClusters(20_000, 100, 10, 5).data
  const lines: string[] = []
  for (let i = 0; i < 20_000; i++)
    lines.push(
      `w${i}\t${Array.from(d.subarray(i * 100, i * 100 + 100), (v) => v.toFixed(5)).join('\t')}`,
    )
  const text = lines.join('\n')
  rows.push(
    row(
      'beacon: parse vectors TSV 20,000 × 100',
      pair((tick) => parseFiles([{ name: 'v.tsv', text }], { tick })),
    ),
  )
  return rows
}
