import { execFileSync } from 'node:child_process'
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import type { Attribute, GroupsDataset, TableDataset } from '../src/model/datasets/types'
import type { Objective } from '../src/model/training/objective'
import { DEFAULT_TRAIN_PARAMS } from '../src/model/training/params'
import { mulberry32 } from '../src/model/training/random'
import { AliasSampler } from '../src/model/training/sampling'
import { SkipGramObjective } from '../src/model/training/skipgram'
import { TableObjective } from '../src/model/training/table'
import { ms } from './data'
import type { Row } from './node'

/** A Zipf-distributed corpus: `sentences` groups of 20 words over a vocabulary of `vocab`. */
export function zipfCorpus(vocab: number, sentences: number): GroupsDataset {
  const random = mulberry32(1)
  const zipf = new AliasSampler(Float64Array.from({ length: vocab }, (_, i) => 1 / (i + 1)))
  const len = 20
  const items = new Int32Array(sentences * len)
  for (let i = 0; i < items.length; i++) items[i] = zipf.sample(random)
  for (let i = 0; i < vocab; i++) items[(i * 7) % items.length] = i // every word at least once
  const counts = new Int32Array(vocab)
  for (const id of items) counts[id]++
  return {
    kind: 'groups',
    name: 'zipf',
    format: 'synthetic',
    labels: Array.from({ length: vocab }, (_, i) => `w${i}`),
    counts,
    items,
    offsets: Int32Array.from({ length: sentences + 1 }, (_, g) => g * len),
    attributes: [],
  }
}

/** A table of n items with four 20-way categorical and two numeric attributes. */
function syntheticTable(n: number): TableDataset {
  const random = mulberry32(n)
  const attributes: Attribute[] = []
  for (let a = 0; a < 4; a++)
    attributes.push({
      kind: 'categorical',
      name: `c${a}`,
      categories: Array.from({ length: 20 }, (_, i) => `k${i}`),
      codes: Int32Array.from({ length: n }, () => Math.floor(random() * 20)),
    })
  for (let a = 0; a < 2; a++)
    attributes.push({
      kind: 'numeric',
      name: `x${a}`,
      values: Float32Array.from({ length: n }, () => random()),
      mean: 0.5,
      std: 0.29,
    })
  const labels = Array.from({ length: n }, (_, i) => `i${i}`)
  return {
    kind: 'table',
    name: 't',
    format: 'synthetic',
    labelColumn: 'label',
    labels,
    attributes,
    ignored: [],
  }
}

async function oneStep(o: Objective) {
  const loss = o.trainStep()
  await loss.data()
  loss.dispose()
}

async function medianStep(o: Objective, steps: number, warm = 3): Promise<number> {
  for (let i = 0; i < warm; i++) await oneStep(o)
  const t: number[] = []
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now()
    await oneStep(o)
    t.push(performance.now() - t0)
  }
  t.sort((a, b) => a - b)
  return t[Math.floor(t.length / 2)]
}

export async function trainingBench(): Promise<Row[]> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  const rows: Row[] = []
  const sg = { ...DEFAULT_TRAIN_PARAMS, dim: 32, batchSize: 1024, negatives: 5 }

  await tf.setBackend('wasm')
  const big = new SkipGramObjective(zipfCorpus(10_000, 10_000), sg)
  const wasmMs = await medianStep(big, 100)
  big.dispose()
  rows.push({
    figure: 'skip-gram step V=10k d=32 B=1024 neg 5, Adam, wasm',
    ours: ms(wasmMs),
    baseline: '20 ms (target)',
    note: 'median of 100 steps after 3 warm-up',
  })

  // The plain gradient loops over the whole vocabulary on cpu: minutes per step at V=10k, so the
  // comparison runs at V=2k (REFERENCE.md's browser table uses the same size).
  await tf.setBackend('cpu')
  const small = zipfCorpus(2_000, 2_000)
  const custom = new SkipGramObjective(small, sg)
  const customMs = await medianStep(custom, 10, 1)
  custom.dispose()
  const plain = new SkipGramObjective(small, sg, { plainGather: true })
  const plainMs = await medianStep(plain, 1, 0)
  plain.dispose()
  rows.push({
    figure: 'skip-gram step V=2k, cpu: scatterND gather grad vs plain',
    ours: ms(customMs),
    baseline: ms(plainMs),
    note: `plain tf.gather gradient is ${(plainMs / customMs).toFixed(0)}× slower`,
  })

  // Each table size runs in a fresh process, so its memory figure is its own.
  for (const n of [1_000, 10_000, 50_000]) {
    const out = execFileSync('node', ['--import', 'tsx', 'bench/training.ts', 'table', String(n)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
      epochMs: number
      steps: number
      rss: number
    }
    rows.push({
      figure: `table epoch, ${n / 1000}k items (wasm, batch 32)`,
      ours: ms(r.epochMs),
      baseline: '–',
      note: `${r.steps} steps; peak process memory ${(r.rss / 2 ** 20).toFixed(0)} MB${n === 50_000 ? ' (target < 1 GB)' : ''}`,
    })
  }
  return rows
}

/** Child-process entry: `node --import tsx bench/training.ts table N` prints one JSON line. */
async function tableEpoch(n: number) {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  await tf.setBackend('wasm')
  const o = new TableObjective(syntheticTable(n), DEFAULT_TRAIN_PARAMS)
  await oneStep(o)
  let rss = process.memoryUsage().rss
  const t0 = performance.now()
  for (let s = 0; s < o.stepsPerEpoch; s++) {
    await oneStep(o)
    if (s % 50 === 0) rss = Math.max(rss, process.memoryUsage().rss)
  }
  const epochMs = performance.now() - t0
  console.log(
    JSON.stringify({
      epochMs,
      steps: o.stepsPerEpoch,
      rss: Math.max(rss, process.memoryUsage().rss),
    }),
  )
  o.dispose()
}

if (process.argv[2] === 'table') await tableEpoch(Number(process.argv[3]))
