// `npm run bench -- scale`: projections of embeddings at real sizes (10,000 × 768 and
// 100,000 × 384, 20 seeded gaussian clusters), ours next to the old paths and to peers.
// SCALE_SIZES=10k (or 100k) runs one size only.
import { UMAP } from 'umap-js'
import { createUMAP } from '../node_modules/embedding-atlas/dist/umap.js'
import { knnGraph } from '../src/model/projection/knn'
import { approximateKnn, sampledRecall } from '../src/model/projection/nndescent'
import { pca } from '../src/model/projection/pca'
import type { Metric } from '../src/model/neighbours'
import { mulberry32, shuffledIndices } from '../src/model/training/random'
import { TsneProjector } from '../src/model/projection/tsne'
import { UmapProjector } from '../src/model/projection/umap'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'

async function timeIt<T>(f: () => T | Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const r = await f()
  return [r, performance.now() - t0]
}

/**
 * T(10) and recall@10 of a layout, estimated on `m` seeded sample points: each sampled point's
 * full original distance row (O(m·n·d), computed once per data set) ranks its 10 layout
 * neighbours (found exactly among all n points). Same formulas as quality.ts, averaged over the
 * sample instead of all points.
 */
function sampledQuality(data: Float32Array, n: number, dim: number, metric: Metric, m: number) {
  const picks = shuffledIndices(n, mulberry32(5)).slice(0, m)
  const k = 10
  const x = Float32Array.from(data)
  if (metric === 'cosine')
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let t = 0; t < dim; t++) s += x[i * dim + t] ** 2
      const f = s > 0 ? 1 / Math.sqrt(s) : 0
      for (let t = 0; t < dim; t++) x[i * dim + t] *= f
    }
  // Per sampled point: the rank (1-based, itself excluded) of every other point.
  const ranks: Int32Array[] = []
  const row = new Float64Array(n)
  for (const i of picks) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let t = 0; t < dim; t++) s += (x[i * dim + t] - x[j * dim + t]) ** 2
      row[j] = j === i ? Infinity : s
    }
    const order = Int32Array.from({ length: n }, (_, j) => j).sort(
      (a, b) => row[a] - row[b] || a - b,
    )
    const r = new Int32Array(n)
    order.forEach((j, q) => (r[j] = q + 1))
    ranks.push(r)
  }
  return (layout: Float32Array, dims: number) => {
    let penalty = 0
    let hits = 0
    const d2 = new Float64Array(n)
    picks.forEach((i, s) => {
      for (let j = 0; j < n; j++) {
        let v = 0
        for (let c = 0; c < dims; c++) v += (layout[i * dims + c] - layout[j * dims + c]) ** 2
        d2[j] = j === i ? Infinity : v
      }
      const near = Int32Array.from({ length: n }, (_, j) => j)
        .sort((a, b) => d2[a] - d2[b] || a - b)
        .subarray(0, k)
      for (const j of near) {
        const r = ranks[s][j]
        if (r > k) penalty += r - k
        else hits++
      }
    })
    const t = 1 - (2 / (m * k * (2 * n - 3 * k - 1))) * penalty
    return `T(10) ${t.toFixed(3)}, recall@10 ${(hits / (m * k)).toFixed(3)}`
  }
}

/** The rows of `data` at `rows`, as a new array. */
function take(data: Float32Array, dim: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * dim)
  rows.forEach((i, r) => out.set(data.subarray(i * dim, i * dim + dim), r * dim))
  return out
}

async function scaleAt(n: number, dim: number): Promise<Row[]> {
  const rows: Row[] = []
  const label = `${n / 1000}k × ${dim}`
  const { data } = gaussianClusters(n, dim, 20)
  console.error(`scale ${label}: PCA`)
  const [, pcaMs] = await timeIt(() => pca(data, n, dim, 3))
  const jacobi =
    dim === 768 ? (await timeIt(() => pca(data, n, dim, 3, null, { solver: 'exact' })))[1] : NaN
  rows.push({
    figure: `PCA 3 components, ${label}`,
    ours: ms(pcaMs),
    baseline: Number.isNaN(jacobi) ? '–' : ms(jacobi),
    note: 'ours: subspace iteration, cold start; baseline: covariance + d×d Jacobi (the old path)',
  })

  // UMAP and t-SNE run on at most 20,000 points in the app (a seeded sample above that).
  const m = Math.min(n, 20_000)
  const sample = n > m ? shuffledIndices(n, mulberry32(1)).slice(0, m).sort() : null
  const sub = sample ? take(data, dim, sample) : data
  const on = sample ? ` (the app's ${m / 1000}k sample)` : ''

  console.error(`scale ${label}: kNN`)
  const [approx, approxMs] = await timeIt(() => approximateKnn(sub, m, dim, 14, 'cosine'))
  const recall = sampledRecall(approx, sub, dim, 'cosine', 200)
  const exactMs = m <= 10_000 ? (await timeIt(() => knnGraph(sub, m, dim, 14, 'cosine')))[1] : NaN
  rows.push({
    figure: `kNN k=14 cosine, ${label}${on}`,
    ours: `${ms(approxMs)} (recall ${recall.toFixed(3)})`,
    baseline: Number.isNaN(exactMs) ? '–' : `${ms(exactMs)} (exact)`,
    note: 'ours: RP trees + NN-descent, recall vs exact on 200 items; baseline: blocked exact kNN',
  })

  console.error(`scale ${label}: quality reference rows`)
  const cosineQuality = sampledQuality(sub, m, dim, 'cosine', m > 10_000 ? 200 : 400)

  console.error(`scale ${label}: UMAP (ours)`)
  const ours = new UmapProjector(3, { seed: 1 })
  const [, oursMs] = await timeIt(() => {
    ours.update(sub, m, dim)
    while (ours.step());
  })
  const oursQ = cosineQuality(ours.positions(), 3)
  console.error(`scale ${label}: UMAP (Embedding Atlas)`)
  const [ea, eaMs] = await timeIt(async () => {
    const u = await createUMAP(m, dim, 3, sub, { metric: 'cosine', seed: 1 })
    await u.run()
    const out = new Float32Array(u.embedding)
    u.destroy()
    return out
  })
  const eaQ = cosineQuality(ea, 3)
  rows.push({
    figure: `UMAP 3D to a finished layout, ${label}${on}`,
    ours: `${ms(oursMs)} (${oursQ}, ${ours.info().nEpochs} epochs)`,
    baseline: `${ms(eaMs)} (${eaQ})`,
    note: 'baseline: Embedding Atlas 0.26 WASM UMAP (createUMAP + run, cosine, defaults)',
  })
  if (m <= 10_000) {
    console.error(`scale ${label}: UMAP (umap-js)`)
    const arrays = Array.from({ length: m }, (_, i) =>
      Array.from(sub.subarray(i * dim, i * dim + dim)),
    )
    const [theirs, theirMs] = await timeIt(() =>
      new UMAP({ nComponents: 3, random: mulberry32(1) }).fit(arrays),
    )
    rows.push({
      figure: `  same, umap-js`,
      ours: '',
      baseline: `${ms(theirMs)} (${cosineQuality(Float32Array.from(theirs.flat()), 3)})`,
      note: 'umap-js 1.4 fit() defaults (its own NN-descent, euclidean)',
    })
  } else
    rows.push({
      figure: `  same, umap-js`,
      ours: '',
      baseline: 'skipped',
      note: 'umap-js over number[][] at 20k × 384: minutes on this machine',
    })

  console.error(`scale ${label}: t-SNE`)
  const euclidean = sampledQuality(sub, m, dim, 'euclidean', m > 10_000 ? 200 : 400)
  // Ours as the app runs it, and the same run given the 1,000-iteration budget of smaller sets
  // (it still ends once settled): what iterations past the budget by size would add.
  const finished = async (maxIterations: number) => {
    const tsne = new TsneProjector(3, { seed: 1, maxIterations })
    tsne.update(sub, m, dim)
    const [, setupMs] = await timeIt(() => tsne.step())
    const [, restMs] = await timeIt(() => {
      while (tsne.step());
    })
    return { tsne, setupMs, totalMs: setupMs + restMs, quality: euclidean(tsne.positions(), 3) }
  }
  const app = await finished(0)
  console.error(`scale ${label}: t-SNE (1,000-iteration budget)`)
  const longer = await finished(1000)
  rows.push({
    figure: `t-SNE 3D to a finished layout, ${label}${on}`,
    ours: `${ms(app.totalMs)} (${app.quality})`,
    baseline: `${ms(longer.totalMs)} (${longer.quality}, ${longer.tsne.iteration} iterations)`,
    note: `${app.tsne.iteration} iterations; setup (kNN + P) ${ms(app.setupMs)}; baseline: budget 1,000 iterations, ending once settled`,
  })
  return rows
}

export async function scaleBench(): Promise<Row[]> {
  const only = process.env.SCALE_SIZES
  const rows: Row[] = []
  if (!only || only === '10k') rows.push(...(await scaleAt(10_000, 768)))
  if (!only || only === '100k') rows.push(...(await scaleAt(100_000, 384)))
  return rows
}
