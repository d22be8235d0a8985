import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type {
  Attribute,
  GroupsDataset,
  PairsDataset,
  TableDataset,
} from '../../src/model/datasets/types'
import { nearestNeighbours } from '../../src/model/neighbours'
import { createObjective } from '../../src/model/training/createObjective'
import type { Objective } from '../../src/model/training/objective'
import { PairsObjective } from '../../src/model/training/pairs'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../src/model/training/params'
import { mulberry32 } from '../../src/model/training/random'
import { SkipGramObjective } from '../../src/model/training/skipgram'
import { TableObjective } from '../../src/model/training/table'
import { switchBackend } from './helpers'

const CLUSTERS = 6
const PER_CLUSTER = 30
/** Category of each of the four attributes per cluster: no single attribute tells all six apart. */
const PLAN = [
  [0, 0, 0, 0],
  [0, 1, 1, 2],
  [1, 0, 2, 1],
  [1, 2, 0, 2],
  [2, 1, 2, 0],
  [2, 2, 1, 1],
]

/**
 * 6 clusters × 30 items; four categorical attributes follow the cluster's plan except for a 10%
 * chance of a random category each, plus a numeric `size` around twice the cluster number.
 */
function plantedTable(seed = 5): { ds: TableDataset; cluster: Int32Array } {
  const random = mulberry32(seed)
  const n = CLUSTERS * PER_CLUSTER
  const cluster = Int32Array.from({ length: n }, (_, i) => i % CLUSTERS)
  const attributes: Attribute[] = PLAN[0].map((_, a) => ({
    kind: 'categorical',
    name: `attr${a}`,
    categories: ['x', 'y', 'z'],
    codes: Int32Array.from(cluster, (c) =>
      random() < 0.1 ? Math.floor(random() * 3) : PLAN[c][a],
    ),
  }))
  const values = Float32Array.from(cluster, (c) => 2 * c + random())
  const mean = values.reduce((s, v) => s + v, 0) / n
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
  attributes.push({ kind: 'numeric', name: 'size', values, mean, std })
  const labels = Array.from({ length: n }, (_, i) => `item${i}`)
  const ds: TableDataset = {
    kind: 'table',
    name: 'planted',
    format: 'test',
    labelColumn: 'label',
    labels,
    attributes,
    ignored: [],
  }
  return { ds, cluster }
}

function purity(data: Float32Array, dim: number, cluster: Int32Array, k = 5): number {
  let same = 0
  for (let i = 0; i < cluster.length; i++) {
    for (const nb of nearestNeighbours(data, cluster.length, dim, i, k)) {
      if (cluster[nb.index] === cluster[i]) same++
    }
  }
  return same / (cluster.length * k)
}

async function steps(objective: Objective, count: number): Promise<void> {
  for (let s = 0; s < count; s++) {
    const loss = objective.trainStep()
    await loss.data()
    loss.dispose()
  }
}

const groups: GroupsDataset = {
  kind: 'groups',
  name: 'g',
  format: 'test',
  labels: ['a', 'b', 'c', 'd'],
  counts: Int32Array.from([2, 2, 2, 2]),
  items: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
  offsets: Int32Array.from([0, 2, 4, 6, 8]),
  attributes: [],
}
const pairs: PairsDataset = {
  kind: 'pairs',
  name: 'p',
  format: 'test',
  labels: ['u1', 'u2', 'i1', 'i2'],
  users: 2,
  userRows: Int32Array.from([0, 0, 1]),
  itemRows: Int32Array.from([2, 3, 3]),
  ratings: null,
  attributes: [],
}

const PARAMS: TrainParams = { ...DEFAULT_TRAIN_PARAMS, dim: 16 }

describe('table objective on a planted table', () => {
  it('puts the items of each cluster together and reports accuracy and R² (wasm)', async () => {
    await switchBackend('wasm')
    const { ds, cluster } = plantedTable()
    const objective = new TableObjective(ds, PARAMS)
    const before = await objective.metrics()
    expect(Object.keys(before).sort()).toEqual([
      'accuracy:attr0',
      'accuracy:attr1',
      'accuracy:attr2',
      'accuracy:attr3',
      'r2:size',
    ])
    // Random heads: accuracy near a third, R² no better than predicting the mean.
    for (let a = 0; a < 4; a++) expect(before[`accuracy:attr${a}`]).toBeLessThan(0.6)
    expect(before['r2:size']).toBeLessThan(0.2)
    await steps(objective, 15 * objective.stepsPerEpoch)
    const after = await objective.metrics()
    // 10% noise leaves about 93% of labels predictable from the cluster (the rest memorised).
    for (let a = 0; a < 4; a++) expect(after[`accuracy:attr${a}`]).toBeGreaterThan(0.85)
    expect(after['r2:size']).toBeGreaterThan(0.8)
    const vectors = (await objective.embedding().data()) as Float32Array
    expect(purity(vectors, PARAMS.dim, cluster)).toBeGreaterThanOrEqual(0.9)
    objective.dispose()
  })

  it('leaks no tensors over 100 steps and a metrics() call after warm-up (wasm)', async () => {
    await switchBackend('wasm')
    const objective = new TableObjective(plantedTable().ds, PARAMS)
    objective.trainStep().dispose()
    await objective.metrics()
    const before = tf.memory().numTensors
    await steps(objective, 100)
    await objective.metrics()
    expect(tf.memory().numTensors).toBe(before)
    objective.dispose()
  })
})

describe('createObjective', () => {
  it('trains each dataset kind with its objective', async () => {
    await switchBackend('wasm')
    const table = createObjective(plantedTable().ds, PARAMS)
    const skipGram = createObjective(groups, PARAMS)
    const mf = createObjective(pairs, PARAMS)
    expect(table).toBeInstanceOf(TableObjective)
    expect(skipGram).toBeInstanceOf(SkipGramObjective)
    expect(mf).toBeInstanceOf(PairsObjective)
    expect(mf.items).toBe(4)
    // Too small to hold anything out: no held-out score, but training works.
    expect(await skipGram.metrics!()).toEqual({})
    expect(await mf.metrics!()).toEqual({})
    for (const o of [table, skipGram, mf]) {
      const loss = o.trainStep()
      expect(Number.isFinite((await loss.data())[0])).toBe(true)
      loss.dispose()
      o.dispose()
    }
  })

  it('skip-gram and pairs objectives free every tensor on dispose', async () => {
    await switchBackend('wasm')
    const start = tf.memory().numTensors
    for (const ds of [groups, pairs, { ...pairs, ratings: Float32Array.from([1, 2, 3]) }]) {
      const o = createObjective(ds, PARAMS)
      await steps(o, 3)
      await o.metrics?.()
      o.dispose()
      expect(tf.memory().numTensors).toBe(start)
    }
  })

  it('gives the same losses on wasm and cpu over 20 Adam steps for every kind', async () => {
    const { ds } = plantedTable()
    const datasets = [
      { ...groups, items: Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 4) },
      pairs,
      { ...pairs, ratings: Float32Array.from([1, 2, 3]) },
      ds,
    ]
    for (const data of datasets) {
      const losses: number[][] = []
      for (const backend of ['wasm', 'cpu'] as const) {
        await switchBackend(backend)
        const o = createObjective(data, { ...PARAMS, batchSize: 4 })
        const run: number[] = []
        for (let s = 0; s < 20; s++) {
          const loss = o.trainStep()
          run.push((await loss.data())[0])
          loss.dispose()
        }
        losses.push(run)
        o.dispose()
      }
      for (let s = 0; s < 20; s++) expect(losses[0][s]).toBeCloseTo(losses[1][s], 4)
    }
  })
})
