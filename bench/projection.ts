import TSNEJS from 'tsne-js'
import { UMAP } from 'umap-js'
import { knnGraph } from '../src/model/projection/knn'
import { recallAtK } from '../src/model/projection/quality'
import { TsneProjector } from '../src/model/projection/tsne'
import { UmapProjector } from '../src/model/projection/umap'
import { mulberry32 } from '../src/model/training/random'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'

/** Naive exact kNN (full distance row + sort), the baseline for our blocked kNN. */
function naiveKnn(data: Float32Array, n: number, dim: number, k: number) {
  const out = new Int32Array(n * k)
  const d = new Float64Array(n)
  const idx = Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let t = 0; t < dim; t++) s += (data[i * dim + t] - data[j * dim + t]) ** 2
      d[j] = j === i ? Infinity : s
    }
    idx.sort((a, b) => d[a] - d[b])
    out.set(idx.slice(0, k), i * k)
  }
  return out
}

function timeIt<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const r = f()
  return [r, performance.now() - t0]
}

function layoutRecall(
  data: Float32Array,
  n: number,
  dim: number,
  layout: Float32Array,
  dims: number,
) {
  return recallAtK(
    knnGraph(data, n, dim, 10, 'euclidean'),
    knnGraph(layout, n, dims, 10, 'euclidean'),
  )
}

export function knnBench(): Row[] {
  const rows: Row[] = []
  const a = gaussianClusters(10_000, 32)
  const [, oursMs] = timeIt(() => knnGraph(a.data, 10_000, 32, 15, 'euclidean'))
  const [, naiveMs] = timeIt(() => naiveKnn(a.data, 10_000, 32, 15))
  rows.push({
    figure: 'exact kNN k=15, 10k × 32',
    ours: ms(oursMs),
    baseline: ms(naiveMs),
    note: 'baseline: naive per-row distances + sort',
  })
  const b = gaussianClusters(20_000, 64)
  const [, big] = timeIt(() => knnGraph(b.data, 20_000, 64, 15, 'euclidean'))
  rows.push({
    figure: 'exact kNN k=15, 20k × 64',
    ours: ms(big),
    baseline: '–',
    note: 'naive baseline skipped (minutes)',
  })
  return rows
}

export function umapBench(): Row[] {
  const n = 10_000
  const { data } = gaussianClusters(n, 32)
  const ours = new UmapProjector(3, { metric: 'euclidean', seed: 1 })
  const [, oursMs] = timeIt(() => {
    ours.update(data, n, 32)
    while (ours.step());
  })
  const rows2d = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * 32, i * 32 + 32)))
  const umap = new UMAP({ nComponents: 3, random: mulberry32(1) })
  const [theirs, theirMs] = timeIt(() => umap.fit(rows2d))
  const theirLayout = Float32Array.from(theirs.flat())
  const oursRecall = layoutRecall(data, n, 32, ours.positions(), 3)
  const theirRecall = layoutRecall(data, n, 32, theirLayout, 3)
  return [
    {
      figure: 'UMAP 3D full layout, 10k × 32',
      ours: `${ms(oursMs)} (recall@10 ${oursRecall.toFixed(3)})`,
      baseline: `${ms(theirMs)} (recall@10 ${theirRecall.toFixed(3)})`,
      note: 'baseline: umap-js new UMAP().fit() defaults, seeded',
    },
  ]
}

export function tsneBench(): Row[] {
  const rows: Row[] = []
  for (const n of [1_000, 5_000, 10_000, 20_000]) {
    const { data } = gaussianClusters(n, 32)
    const t = new TsneProjector(3, { seed: 1 })
    t.update(data, n, 32)
    const [, firstMs] = timeIt(() => t.step()) // kNN + affinities + first iteration
    const full = n <= 10_000
    const iterations = full ? 1000 : 300
    const times: number[] = []
    const [, runMs] = timeIt(() => {
      for (let i = 1; i < iterations; i++) {
        const t0 = performance.now()
        t.step()
        times.push(performance.now() - t0)
      }
    })
    const late = times.slice(300).sort((a, b) => a - b)
    const perIt = (late.length ? late : times.slice().sort((a, b) => a - b))[
      Math.floor((late.length || times.length) / 2)
    ]
    rows.push({
      figure: `t-SNE 3D, ${n / 1000}k × 32 (θ 0.5)`,
      ours: `${ms(perIt)}/it; 1,000 its ${full ? ms(firstMs + runMs) : `≈ ${ms(firstMs + perIt * 1000)} (est.)`}`,
      baseline: n === 1_000 ? tsneJsBaseline(data, n) : '–',
      note: `setup (kNN + P) ${ms(firstMs)}; ${n === 1_000 ? 'baseline: tsne-js (exact)' : 'Projector bh_tsne: ' + { 5000: '86', 10000: '248', 20000: '665' }[n] + ' ms/it (REFERENCE.md)'}`,
    })
  }
  return rows
}

/** tsne-js at 1k points: 100 iterations timed, extrapolated to 1,000. */
function tsneJsBaseline(data: Float32Array, n: number): string {
  const rows2d = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * 32, i * 32 + 32)))
  const model = new TSNEJS({
    dim: 3,
    perplexity: 30,
    earlyExaggeration: 4,
    learningRate: 100,
    nIter: 100,
    metric: 'euclidean',
  })
  model.init({ data: rows2d, type: 'dense' })
  const [, runMs] = timeIt(() => model.run())
  return `${ms(runMs / 100)}/it; 1,000 its ≈ ${ms(runMs * 10)} (est.)`
}
