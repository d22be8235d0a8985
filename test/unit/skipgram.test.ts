import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createObjective } from '../../src/model/training/createObjective'
import type { Objective } from '../../src/model/training/objective'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../src/model/training/params'
import { mulberry32 } from '../../src/model/training/random'
import {
  AliasSampler,
  forEachPair,
  keepProbabilities,
  unigramWeights,
} from '../../src/model/training/sampling'
import { SkipGramObjective } from '../../src/model/training/skipgram'
import { switchBackend } from './helpers'
import { groupsDataset, plantedGroups, purity } from './plantedGroups'

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

const PARAMS: TrainParams = { ...DEFAULT_TRAIN_PARAMS, dim: 16, batchSize: 256, subsample: 0 }

async function vectorsAfter(seed: number, steps: number): Promise<Float32Array> {
  const objective = new SkipGramObjective(plantedGroups(8, 15, 200).ds, { ...PARAMS, seed })
  for (let i = 0; i < steps; i++) objective.trainStep().dispose()
  const data = (await objective.embedding().data()) as Float32Array
  objective.dispose()
  return data
}

describe('skip-gram objective', () => {
  it('puts items of a planted cluster together, scores held-out pairs (wasm)', async () => {
    await switchBackend('wasm')
    const { ds, cluster } = plantedGroups()
    const objective = createObjective(ds, PARAMS)
    expect(objective).toBeInstanceOf(SkipGramObjective)
    const before = await objective.metrics!()
    // Output vectors start at zero, so every score ties: exactly chance.
    expect(before.heldOutAuc).toBe(0.5)
    expect(Math.abs(before.heldOutCosineAuc - 0.5)).toBeLessThan(0.1)
    const losses = await train(objective, 4)
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.7)
    const after = await objective.metrics!()
    expect(after.heldOutAuc).toBeGreaterThan(0.8)
    expect(after.heldOutCosineAuc).toBeGreaterThan(0.8)
    const vectors = (await objective.embedding().data()) as Float32Array
    expect(purity(vectors, PARAMS.dim, cluster)).toBeGreaterThanOrEqual(0.9)
    objective.dispose()
  })

  it('leaks no tensors over 100 steps and a metrics() call after warm-up (wasm)', async () => {
    await switchBackend('wasm')
    const objective = new SkipGramObjective(plantedGroups().ds, { ...PARAMS, subsample: 0.01 })
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

  it('same seed, same vectors on cpu; another seed, other vectors', async () => {
    await switchBackend('cpu')
    const a = await vectorsAfter(7, 15)
    const b = await vectorsAfter(7, 15)
    const c = await vectorsAfter(8, 15)
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(a)).not.toEqual(Array.from(c))
  })

  it('holds out about a tenth of the pairs and explains a dataset without pairs', () => {
    const { ds } = plantedGroups()
    let total = 0
    forEachPair(ds, PARAMS.window, () => total++)
    const objective = new SkipGramObjective(ds, { ...PARAMS, batchSize: 1 })
    expect(objective.stepsPerEpoch / total).toBeGreaterThan(0.87)
    expect(objective.stepsPerEpoch / total).toBeLessThan(0.93)
    objective.dispose()
    const single = groupsDataset([[0], [1], [2]], 3)
    expect(() => new SkipGramObjective(single, PARAMS)).toThrow(/no group of two or more items/)
  })
})

describe('skip-gram sampling', () => {
  const zipf = Int32Array.from({ length: 200 }, (_, i) => Math.round(10000 / (i + 1)))

  it('draws negatives as the unigram distribution to the power 0.75', () => {
    const weights = unigramWeights(zipf)
    const total = weights.reduce((a, b) => a + b, 0)
    const sampler = new AliasSampler(weights)
    const random = mulberry32(11)
    const draws = 1_000_000
    const hits = new Int32Array(zipf.length)
    for (let i = 0; i < draws; i++) hits[sampler.sample(random)]++
    for (let i = 0; i < zipf.length; i++) {
      const expected = weights[i] / total
      // Within 4 standard deviations of a binomial count.
      const sd = Math.sqrt((expected * (1 - expected)) / draws)
      expect(Math.abs(hits[i] / draws - expected)).toBeLessThan(4 * sd + 1e-6)
    }
    expect(hits[0] / hits[15]).toBeCloseTo(Math.pow(16, 0.75), 0)
  })

  it('pairs all positions of a short group and a sliding window in a long one', () => {
    const ds = groupsDataset(
      [
        [0, 1, 2],
        [0, 1, 2, 3, 4],
      ],
      5,
    )
    const seen: string[] = []
    forEachPair(ds, 1, (c, x) => seen.push(`${c}${x}`))
    expect(seen.slice(0, 6)).toEqual(['01', '02', '10', '12', '20', '21'])
    expect(seen.slice(6)).toEqual(['01', '10', '12', '21', '23', '32', '34', '43'])
  })

  it('subsampling drops frequent items more often than rare ones', () => {
    const random = mulberry32(5)
    const sentences: number[][] = []
    const sampler = new AliasSampler(zipf)
    for (let s = 0; s < 2000; s++)
      sentences.push(Array.from({ length: 20 }, () => sampler.sample(random)))
    const ds = groupsDataset(sentences, zipf.length)
    const t = 1e-3
    const keep = keepProbabilities(ds.counts, t)
    expect(keep[0]).toBeLessThan(0.2)
    expect(keep[199]).toBe(1)
    // Count each kept occurrence once, as a center (a kept group of two or more has them all).
    const kept = new Int32Array(zipf.length)
    const centers = new Set<number>()
    forEachPair(
      ds,
      1,
      (c, _x, pi) => {
        if (!centers.has(pi)) {
          centers.add(pi)
          kept[c]++
        }
      },
      { probabilities: keep, random: mulberry32(9) },
    )
    const rate = (i: number) => kept[i] / ds.counts[i]
    expect(Math.abs(rate(0) - keep[0])).toBeLessThan(0.03)
    expect(rate(0)).toBeLessThan(rate(10))
    expect(rate(10)).toBeLessThan(rate(150) + 0.05)
    expect(keepProbabilities(ds.counts, 0).every((p) => p === 1)).toBe(true)
  })
  it('trains every pair once an epoch, in a new order each epoch', () => {
    // One pair a step, so an epoch is exactly stepsPerEpoch steps.
    class Peek extends SkipGramObjective {
      pair(): string {
        const { centers, targets } = this.nextBatch()
        return `${centers[0]},${targets[0]}`
      }
    }
    const { ds } = plantedGroups(4, 10, 60)
    for (const subsample of [0, 1e-3]) {
      const o = new Peek(ds, { ...PARAMS, batchSize: 1, subsample })
      const epochs = [0, 1, 2].map(() => Array.from({ length: o.stepsPerEpoch }, () => o.pair()))
      o.dispose()
      if (subsample === 0) {
        // Without subsampling each epoch is the same pairs, shuffled again.
        expect([...epochs[1]].sort()).toEqual([...epochs[0]].sort())
        expect([...epochs[2]].sort()).toEqual([...epochs[0]].sort())
      }
      expect(epochs[1]).not.toEqual(epochs[0])
      expect(epochs[2]).not.toEqual(epochs[1])
    }
  })
})
