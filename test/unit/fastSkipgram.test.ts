import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { Checkpoint } from '../../src/model/training/checkpoint'
import { createObjective } from '../../src/model/training/createObjective'
import { FastSkipGramObjective } from '../../src/model/training/fastSkipgram'
import { checkKernel } from '../../src/model/training/kernelCheck'
import { type Objective, readVariables, restoreVariables } from '../../src/model/training/objective'
import {
  DEFAULT_TRAIN_PARAMS,
  learningRateAt,
  TRAIN_PARAMS,
  type TrainParams,
} from '../../src/model/training/params'
import { mulberry32 } from '../../src/model/training/random'
import {
  KERNEL_MAX_DIM,
  SIGMOID_TABLE_ERROR,
  sgnsStep,
  tableSigmoid,
} from '../../src/model/training/sgnsKernel'
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

  it('gives what a plain float64 reference of the update gives, over seeded batches', () => {
    for (const [dim, negatives, l2] of [
      [8, 3, 0],
      [7, 2, 0.01], // a dimension that is not a multiple of 4, and L2
    ]) {
      const items = 20
      const random = mulberry32(dim)
      const input = Float32Array.from({ length: items * dim }, () => random() - 0.5)
      const output = Float32Array.from({ length: items * dim }, () => (random() - 0.5) * 0.5)
      const u = Float64Array.from(input)
      const v = Float64Array.from(output)
      const rate = 0.1
      let loss = 0
      let lossRef = 0
      for (let step = 0; step < 5; step++) {
        const count = 16
        const centers = Int32Array.from({ length: count }, () => Math.floor(random() * items))
        const targets = Int32Array.from({ length: count * (1 + negatives) }, () =>
          Math.floor(random() * items),
        )
        loss += sgnsStep(input, output, dim, { centers, targets, count }, negatives, rate, l2)
        lossRef += referenceStep(u, v, dim, centers, targets, negatives, rate, l2)
      }
      // Each σ read from the table is within SIGMOID_TABLE_ERROR: each update within rate times
      // that, and 80 pairs of a few targets each move any number by far less than 1e-3 more.
      const got = [...input, ...output]
      const want = [...u, ...v]
      const worst = Math.max(...want.map((w, i) => Math.abs(w - got[i])))
      expect(worst).toBeLessThan(1e-3)
      expect(worst).toBeGreaterThan(0) // the two really are separate computations
      expect(Math.abs(loss - lossRef) / lossRef).toBeLessThan(1e-2)
    }
    // Its scratch rows hold every dimension the Model tab allows.
    expect(TRAIN_PARAMS.dim.max).toBeLessThanOrEqual(KERNEL_MAX_DIM)
  })

  it('reads σ from its table within the stated bound, and 0 or 1 beyond it', () => {
    let worst = 0
    for (let x = -12; x <= 12; x += 1 / 1024) {
      worst = Math.max(worst, Math.abs(tableSigmoid(x) - 1 / (1 + Math.exp(-x))))
    }
    expect(worst).toBeLessThanOrEqual(SIGMOID_TABLE_ERROR)
    // Not a loose bound either: the table's step shows.
    expect(worst).toBeGreaterThan(SIGMOID_TABLE_ERROR / 4)
    expect(tableSigmoid(100)).toBe(1)
    expect(tableSigmoid(-100)).toBe(0)
  })

  it('returns NaN for a diverged batch', () => {
    const input = Float32Array.of(NaN, 1)
    const output = Float32Array.of(1, 1)
    const batch = { centers: Int32Array.of(0), targets: Int32Array.of(0, 0), count: 1 }
    expect(sgnsStep(input, output, 2, batch, 1, 0.1, 0)).toBeNaN()
  })
})

/**
 * Word2vec's update written plainly in float64 with an exact σ: per center, each target's
 * g = (label − σ(u·v))·rate, Δu += g·v, v += g·u, then u = u·(1 − 2·rate·l2) + Δu. Returns the loss.
 */
function referenceStep(
  input: Float64Array,
  output: Float64Array,
  dim: number,
  centers: Int32Array,
  targets: Int32Array,
  negatives: number,
  rate: number,
  l2: number,
): number {
  const sigma = (x: number) => 1 / (1 + Math.exp(-x))
  let loss = 0
  centers.forEach((c, i) => {
    const u = input.slice(c * dim, (c + 1) * dim)
    loss += l2 * u.reduce((s, x) => s + x * x, 0)
    const delta = new Float64Array(dim)
    for (let k = 0; k <= negatives; k++) {
      const t = targets[i * (1 + negatives) + k]
      const label = k === 0 ? 1 : 0
      let f = 0
      for (let j = 0; j < dim; j++) f += u[j] * output[t * dim + j]
      loss -= Math.log(label ? sigma(f) : sigma(-f))
      const g = (label - sigma(f)) * rate
      for (let j = 0; j < dim; j++) {
        delta[j] += g * output[t * dim + j]
        output[t * dim + j] += g * u[j]
      }
    }
    for (let j = 0; j < dim; j++) input[c * dim + j] = u[j] * (1 - 2 * rate * l2) + delta[j]
  })
  return loss
}

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

  it('resumes exactly: a fresh objective given a kept run’s variables trains on as the run does', async () => {
    await switchBackend('cpu')
    const { ds } = plantedGroups(8, 15, 200)
    const a = createObjective(ds, KERNEL, { kernel: true })
    await train(a, KERNEL, 1)
    const kept = await readVariables(a)
    const b = createObjective(ds, KERNEL, { kernel: true, start: kept[0].data })
    expect(await restoreVariables(b, kept)).toBe(true)
    b.skipSteps(a.stepsPerEpoch)
    const rate = learningRateAt(KERNEL, a.stepsPerEpoch, a.stepsPerEpoch)
    for (const o of [a, b]) o.setLearningRate!(rate)
    for (let i = 0; i < 3; i++) {
      a.trainStep().dispose()
      b.trainStep().dispose()
    }
    // Equal only if the kernel re-read both tables, the context vectors included.
    expect(Array.from(await vectors(b))).toEqual(Array.from(await vectors(a)))
    a.dispose()
    b.dispose()
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
