import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { Checkpoint } from '../../src/model/training/checkpoint'
import { createObjective } from '../../src/model/training/createObjective'
import { FastSkipGramObjective } from '../../src/model/training/fastSkipgram'
import { checkKernel } from '../../src/model/training/kernelCheck'
import type { Objective } from '../../src/model/training/objective'
import {
  DEFAULT_TRAIN_PARAMS,
  learningRateAt,
  type TrainParams,
} from '../../src/model/training/params'
import { sgnsStep } from '../../src/model/training/sgnsKernel'
import { SkipGramObjective } from '../../src/model/training/skipgram'
import { switchBackend } from './helpers'
import { plantedGroups, purity } from './plantedGroups'

/** Word2vec's recipe, as the settings chosen for large corpora give it. */
const KERNEL: TrainParams = {
  ...DEFAULT_TRAIN_PARAMS,
  dim: 16,
  optimizer: 'sgd',
  learningRate: 0.025,
  schedule: 'linear',
  epochs: 10,
  batchSize: 1024,
  l2: 0,
}

/** Trains whole epochs with the params' schedule, as the session does; returns epoch losses. */
async function train(o: Objective, p: TrainParams, epochs: number): Promise<number[]> {
  const losses: number[] = []
  let step = 0
  for (let e = 0; e < epochs; e++) {
    let sum = 0
    for (let s = 0; s < o.stepsPerEpoch; s++) {
      o.setLearningRate?.(learningRateAt(p, step++, o.stepsPerEpoch))
      const loss = o.trainStep()
      sum += (await loss.data())[0]
      loss.dispose()
    }
    losses.push(sum / o.stepsPerEpoch)
  }
  return losses
}

async function vectors(o: Objective): Promise<Float32Array> {
  return ((await o.embedding().data()) as Float32Array).slice()
}

describe('the typed-array SGD kernel', () => {
  it('makes word2vec’s update (the start-up check passes)', () => {
    expect(checkKernel()).toBeNull()
  })

  it('matches the TensorFlow.js skip-gram loss and its SGD gradient on a small batch', async () => {
    await switchBackend('cpu')
    const dim = 4
    const items = 6
    const input = Float32Array.from({ length: items * dim }, (_, i) => Math.sin(i) * 0.3)
    const output = Float32Array.from({ length: items * dim }, (_, i) => Math.cos(i) * 0.2)
    const centers = Int32Array.of(0, 3)
    const targets = Int32Array.of(1, 2, 5, 4, 0, 2) // per center: context, then 2 negatives
    const rate = 0.1
    // Reference: the loss of one pair at a time, and plain SGD by tf.grad, pair after pair.
    let inRef = tf.tensor2d(input, [items, dim])
    let outRef = tf.tensor2d(output, [items, dim])
    let lossRef = 0
    for (let i = 0; i < 2; i++) {
      const c = tf.tensor1d([centers[i]], 'int32')
      const t = tf.tensor1d(Array.from(targets.slice(i * 3, i * 3 + 3)), 'int32')
      const signs = tf.tensor2d([1, -1, -1], [1, 3])
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          tf.softplus(tf.neg(tf.mul(tf.sum(tf.mul(tf.gather(b, t), tf.gather(a, c)), 1), signs))),
        ) as tf.Scalar
      lossRef += (await f(inRef, outRef).data())[0]
      const [ga, gb] = tf.grads(f)([inRef, outRef])
      inRef = tf.sub(inRef, tf.mul(rate, ga))
      outRef = tf.sub(outRef, tf.mul(rate, gb))
    }
    const loss = sgnsStep(input, output, dim, { centers, targets, count: 2 }, 2, rate, 0)
    // σ and softplus come from tables (word2vec's EXP_TABLE): equal to about 1e-2.
    expect(Math.abs(loss - lossRef)).toBeLessThan(2e-2)
    const want = [...(await inRef.data()), ...(await outRef.data())]
    const got = [...input, ...output]
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-3)
  })

  it('returns NaN for a diverged batch', () => {
    const input = Float32Array.of(NaN, 1)
    const output = Float32Array.of(1, 1)
    const batch = { centers: Int32Array.of(0), targets: Int32Array.of(0, 0), count: 1 }
    expect(sgnsStep(input, output, 2, batch, 1, 0.1, 0)).toBeNaN()
  })
})

describe('the fast skip-gram objective', () => {
  it('is used for groups with SGD on the js backend, and learns as well as the tfjs path', async () => {
    await switchBackend('wasm')
    const { ds, cluster } = plantedGroups()
    // The reference path with its classroom defaults (Adam), as skipgram.test.ts trains it.
    const refParams = { ...DEFAULT_TRAIN_PARAMS, dim: 16, batchSize: 256, subsample: 0 }
    const ref = createObjective(ds, refParams)
    expect(ref).not.toBeInstanceOf(FastSkipGramObjective)
    await train(ref, refParams, 4)
    const refPurity = purity(await vectors(ref), 16, cluster)
    const refAuc = (await ref.metrics!()).heldOutCosineAuc
    ref.dispose()

    const fast = createObjective(ds, KERNEL, { kernel: true })
    expect(fast).toBeInstanceOf(FastSkipGramObjective)
    expect(createObjective(ds, { ...KERNEL, optimizer: 'adam' }, { kernel: true })).toBeInstanceOf(
      SkipGramObjective,
    )
    const losses = await train(fast, KERNEL, KERNEL.epochs)
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.8)
    const fastPurity = purity(await vectors(fast), 16, cluster)
    const fastAuc = (await fast.metrics!()).heldOutCosineAuc
    fast.dispose()
    expect(refPurity).toBeGreaterThanOrEqual(0.9)
    expect(fastPurity).toBeGreaterThanOrEqual(Math.min(0.95, refPurity - 0.03))
    expect(fastAuc).toBeGreaterThanOrEqual(refAuc - 0.05)
  })

  it('gives equal vectors for the same seed, other vectors for another', async () => {
    await switchBackend('cpu')
    const { ds } = plantedGroups(8, 15, 200)
    const run = async (seed: number) => {
      const o = createObjective(ds, { ...KERNEL, seed }, { kernel: true })
      await train(o, { ...KERNEL, seed }, 3)
      const v = await vectors(o)
      o.dispose()
      return v
    }
    const [a, b, c] = [await run(7), await run(7), await run(8)]
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(a)).not.toEqual(Array.from(c))
  })

  it('rolls back whole: a checkpoint put back is what the kernel trains on next', async () => {
    await switchBackend('cpu')
    const { ds } = plantedGroups(8, 15, 200)
    const a = createObjective(ds, KERNEL, { kernel: true })
    await train(a, KERNEL, 1)
    const kept = await Checkpoint.take(a, null)
    const atCheckpoint = await vectors(a)
    await train(a, KERNEL, 1)
    expect(Array.from(await vectors(a))).not.toEqual(Array.from(atCheckpoint))
    await kept.restore(a)
    expect(Array.from(await vectors(a))).toEqual(Array.from(atCheckpoint))
    // Training after the rollback starts from the restored rows, not the diverged arrays.
    a.trainStep().dispose()
    const after = await vectors(a)
    const moved = after.reduce((s, x, i) => s + Math.abs(x - atCheckpoint[i]), 0) / after.length
    expect(moved).toBeLessThan(0.05)
    kept.dispose()
    a.dispose()
  })
})
