import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { PairsDataset } from '../../src/model/datasets/types'
import { nearestNeighbours } from '../../src/model/neighbours'
import { createObjective } from '../../src/model/training/createObjective'
import type { Objective } from '../../src/model/training/objective'
import { PairsObjective } from '../../src/model/training/pairs'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../src/model/training/params'
import { mulberry32, shuffledIndices } from '../../src/model/training/random'
import { switchBackend } from './helpers'

const USERS = 100
const ITEMS = 100
const TASTES = 5

/**
 * Users and items each belong to one of five taste groups. Explicit: every user rates 30 items,
 * about 4.5 within their group and 1.5 across, with noise. Implicit: every user interacts with 15
 * items, 90% of them from their own group.
 */
function plantedPairs(explicit: boolean, seed = 4) {
  const random = mulberry32(seed)
  const taste = (row: number) => (row < USERS ? row : row - USERS) % TASTES
  const userRows: number[] = []
  const itemRows: number[] = []
  const ratings: number[] = []
  for (let u = 0; u < USERS; u++) {
    const chosen = explicit
      ? Array.from(shuffledIndices(ITEMS, random).slice(0, 30))
      : pickImplicit(u % TASTES, random)
    for (const i of chosen) {
      userRows.push(u)
      itemRows.push(USERS + i)
      const same = i % TASTES === u % TASTES
      ratings.push((same ? 4.5 : 1.5) + (random() - 0.5))
    }
  }
  const ds: PairsDataset = {
    kind: 'pairs',
    name: 'planted',
    format: 'test',
    labels: [
      ...Array.from({ length: USERS }, (_, u) => `user${u}`),
      ...Array.from({ length: ITEMS }, (_, i) => `item${i}`),
    ],
    users: USERS,
    userRows: Int32Array.from(userRows),
    itemRows: Int32Array.from(itemRows),
    ratings: explicit ? Float32Array.from(ratings) : null,
    attributes: [],
  }
  return { ds, taste: Int32Array.from({ length: USERS + ITEMS }, (_, r) => taste(r)) }
}

function pickImplicit(t: number, random: () => number): number[] {
  const chosen = new Set<number>()
  while (chosen.size < 15) {
    const group = random() < 0.9 ? t : Math.floor(random() * TASTES)
    chosen.add(group + TASTES * Math.floor(random() * (ITEMS / TASTES)))
  }
  return [...chosen]
}

/** Mean share of each row's k nearest neighbours (cosine) among rows [from, to) in its group. */
function purity(data: Float32Array, dim: number, group: Int32Array, from: number, to: number) {
  const block = data.subarray(from * dim, to * dim)
  let same = 0
  for (let i = 0; i < to - from; i++) {
    for (const nb of nearestNeighbours(block, to - from, dim, i, 5)) {
      if (group[from + nb.index] === group[from + i]) same++
    }
  }
  return same / ((to - from) * 5)
}

async function train(objective: Objective, epochs: number): Promise<number[]> {
  const losses: number[] = []
  for (let e = 0; e < epochs; e++) {
    let sum = 0
    for (let s = 0; s < objective.stepsPerEpoch; s++) {
      const loss = objective.trainStep()
      sum += (await loss.data())[0]
      loss.dispose()
    }
    losses.push(sum / objective.stepsPerEpoch)
  }
  return losses
}

const PARAMS: TrainParams = { ...DEFAULT_TRAIN_PARAMS, dim: 16, batchSize: 128 }

async function vectorsAfter(explicit: boolean, seed: number, steps: number) {
  const objective = new PairsObjective(plantedPairs(explicit).ds, { ...PARAMS, seed })
  for (let i = 0; i < steps; i++) objective.trainStep().dispose()
  const data = (await objective.embedding().data()) as Float32Array
  objective.dispose()
  return Array.from(data)
}

describe('pairs objective (matrix factorisation)', () => {
  for (const explicit of [true, false]) {
    const kind = explicit ? 'ratings' : 'implicit'

    it(`groups users and items by taste, scores held-out pairs (${kind}, wasm)`, async () => {
      await switchBackend('wasm')
      const { ds, taste } = plantedPairs(explicit)
      const objective = createObjective(ds, PARAMS) as PairsObjective
      expect(objective).toBeInstanceOf(PairsObjective)
      expect(objective.implicit).toBe(!explicit)
      const before = await objective.metrics()
      const losses = await train(objective, 15)
      expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.5)
      const after = await objective.metrics()
      if (explicit) {
        // At the start every prediction is about the mean rating, as the baseline predicts.
        expect(Math.abs(before.heldOutRmse - before.baselineRmse)).toBeLessThan(0.05)
        expect(after.heldOutRmse).toBeLessThan(0.6 * after.baselineRmse)
      } else {
        expect(Math.abs(before.heldOutAuc - 0.5)).toBeLessThan(0.15)
        expect(after.heldOutAuc).toBeGreaterThan(0.8)
      }
      const vectors = (await objective.embedding().data()) as Float32Array
      expect(purity(vectors, PARAMS.dim, taste, USERS, USERS + ITEMS)).toBeGreaterThanOrEqual(0.8)
      expect(purity(vectors, PARAMS.dim, taste, 0, USERS)).toBeGreaterThanOrEqual(0.8)
      objective.dispose()
    })

    it(`leaks no tensors over 100 steps and metrics() after warm-up (${kind}, wasm)`, async () => {
      await switchBackend('wasm')
      const objective = new PairsObjective(plantedPairs(explicit).ds, PARAMS)
      objective.trainStep().dispose()
      await objective.metrics()
      const before = tf.memory().numTensors
      for (let i = 0; i < 100; i++) {
        const loss = objective.trainStep()
        await loss.data()
        loss.dispose()
      }
      await objective.metrics()
      expect(tf.memory().numTensors).toBe(before)
      objective.dispose()
    })

    it(`same seed, same vectors on cpu; another seed, other vectors (${kind})`, async () => {
      await switchBackend('cpu')
      const a = await vectorsAfter(explicit, 7, 10)
      expect(a).toEqual(await vectorsAfter(explicit, 7, 10))
      expect(a).not.toEqual(await vectorsAfter(explicit, 8, 10))
    })
  }

  it('holds out about a tenth of the interactions, keeping every row trained', () => {
    const { ds } = plantedPairs(true)
    const objective = new PairsObjective(ds, { ...PARAMS, batchSize: 1 })
    expect(objective.stepsPerEpoch).toBe(ds.userRows.length - Math.round(ds.userRows.length / 10))
    objective.dispose()
    // One interaction per user and item: none can be held out without leaving a row untrained.
    const sparse: PairsDataset = {
      ...ds,
      userRows: Int32Array.from({ length: USERS }, (_, u) => u),
      itemRows: Int32Array.from({ length: USERS }, (_, u) => USERS + u),
      ratings: new Float32Array(USERS).fill(3),
    }
    const all = new PairsObjective(sparse, { ...PARAMS, batchSize: 1 })
    expect(all.stepsPerEpoch).toBe(USERS)
    all.dispose()
    const empty = { ...ds, userRows: new Int32Array(0), itemRows: new Int32Array(0) }
    expect(() => new PairsObjective(empty, PARAMS)).toThrow(/at least one user/)
  })
})
