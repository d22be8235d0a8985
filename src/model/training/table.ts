import * as tf from '@tensorflow/tfjs'
import type { TableDataset } from '../datasets/types'
import { gatherPlain, gatherRows } from './gather'
import { createOptimizer, type Objective, type ObjectiveOptions } from './objective'
import type { TrainParams } from './params'
import { gaussianMatrix, mulberry32, shuffledIndices } from './random'

/** Standard deviation of the starting vectors. */
export const INIT_STD = 0.1

/** The starting vectors for a seed: the same on every backend, and available before one starts. */
export function initialVectors(items: number, p: TrainParams): Float32Array {
  return gaussianMatrix(items, p.dim, INIT_STD, p.seed)
}

/** The vectors an objective starts from: given ones (checked for size), else the seeded ones. */
export function startVectors(items: number, p: TrainParams, start?: Float32Array): Float32Array {
  if (!start) return initialVectors(items, p)
  if (start.length !== items * p.dim)
    throw new RangeError(
      `start vectors hold ${start.length} numbers, expected ${items} items × ${p.dim} = ${items * p.dim}`,
    )
  return start
}

interface Head {
  /** The attribute's name, for the metric keys. */
  name: string
  /** Targets per item: category index (categorical) or standardised value (numeric). */
  targets: tf.Tensor1D
  /** 1 where the item has a value for this attribute, else 0. */
  mask: tf.Tensor1D
  weights: tf.Variable
  bias: tf.Variable
  classes: number | null
}

/**
 * The table objective: one vector per item predicts each of the item's attributes, with a softmax
 * head per categorical attribute and a linear regression head per numeric one. Items that share
 * attributes end up with similar vectors.
 */
export class TableObjective implements Objective {
  readonly items: number
  readonly dim: number
  readonly stepsPerEpoch: number
  private readonly table: tf.Variable<tf.Rank.R2>
  private readonly heads: Head[]
  readonly optimizer: tf.Optimizer
  private readonly random: () => number
  private readonly batchSize: number
  private readonly l2: number
  private readonly gather: typeof gatherRows
  private order: Int32Array = new Int32Array(0)
  private cursor = 0

  constructor(ds: TableDataset, p: TrainParams, opts: ObjectiveOptions = {}) {
    this.items = ds.labels.length
    this.dim = p.dim
    this.batchSize = Math.min(p.batchSize, this.items)
    this.l2 = p.l2
    this.stepsPerEpoch = Math.ceil(this.items / this.batchSize)
    this.random = mulberry32(p.seed)
    this.gather = opts.plainGather ? gatherPlain : gatherRows
    // In tidy: the starting tensor would otherwise outlive the variable made from it.
    this.table = tf.tidy(() =>
      tf.variable(tf.tensor2d(startVectors(this.items, p, opts.start), [this.items, p.dim])),
    )
    this.heads = ds.attributes.map((a, i) => {
      const out = a.kind === 'categorical' ? a.categories.length : 1
      const scale = Math.sqrt(2 / (p.dim + out))
      const weights = tf.tidy(() =>
        tf.variable(tf.tensor2d(gaussianMatrix(p.dim, out, scale, p.seed + i + 1), [p.dim, out])),
      )
      const bias = tf.tidy(() => tf.variable(tf.zeros([out])))
      if (a.kind === 'categorical') {
        // A value only one item has is an identifier, not a shared trait: predicting it would
        // only teach the vectors to memorise, so it is left out of the loss.
        const counts = new Int32Array(a.categories.length)
        for (const c of a.codes) if (c >= 0) counts[c]++
        return {
          name: a.name,
          targets: tf.tensor1d(
            a.codes.map((c) => Math.max(c, 0)),
            'int32',
          ),
          mask: tf.tensor1d(Float32Array.from(a.codes, (c) => (c >= 0 && counts[c] > 1 ? 1 : 0))),
          weights,
          bias,
          classes: out,
        }
      }
      const z = Float32Array.from(a.values, (v) => (Number.isFinite(v) ? (v - a.mean) / a.std : 0))
      return {
        name: a.name,
        targets: tf.tensor1d(z),
        mask: tf.tensor1d(Float32Array.from(a.values, (v) => (Number.isFinite(v) ? 1 : 0))),
        weights,
        bias,
        classes: null,
      }
    })
    this.optimizer = createOptimizer(p.optimizer, p.learningRate)
  }

  private nextBatch(): Int32Array {
    if (this.cursor >= this.order.length) {
      this.order = shuffledIndices(this.items, this.random)
      this.cursor = 0
    }
    const batch = this.order.subarray(this.cursor, this.cursor + this.batchSize)
    this.cursor += this.batchSize
    return batch
  }

  private loss(ids: tf.Tensor1D): tf.Scalar {
    const vectors = this.gather(this.table, ids) as tf.Tensor2D
    const losses = this.heads.map((h) => {
      const mask = tf.gather(h.mask, ids)
      const out = tf.add(tf.matMul(vectors, h.weights as tf.Tensor2D), h.bias)
      const targets = tf.gather(h.targets, ids)
      let perItem: tf.Tensor
      if (h.classes === null) {
        perItem = tf.square(tf.sub(tf.reshape(out, [-1]), targets))
      } else {
        // cast(oneHot) rather than oneHot(..., 'float32'), which is garbage on wasm (REFERENCE.md).
        const onehot = tf.cast(tf.oneHot(targets as tf.Tensor1D, h.classes), 'float32')
        perItem = tf.sub(tf.logSumExp(out, 1), tf.sum(tf.mul(onehot, out), 1))
      }
      return tf.div(tf.sum(tf.mul(perItem, mask)), tf.maximum(tf.sum(mask), 1))
    })
    const loss = tf.div(tf.addN(losses), losses.length)
    if (this.l2 === 0) return loss as tf.Scalar
    // L2 on the batch's vectors keeps them from growing to memorise rare attributes.
    return tf.add(loss, tf.mul(this.l2, tf.mean(tf.sum(tf.square(vectors), 1)))) as tf.Scalar
  }

  skipSteps(steps: number): void {
    for (let i = 0; i < steps; i++) this.nextBatch()
  }

  trainStep(): tf.Scalar {
    const batch = this.nextBatch()
    return tf.tidy(() => {
      const ids = tf.tensor1d(batch, 'int32')
      return this.optimizer.minimize(() => this.loss(ids), true) as tf.Scalar
    })
  }

  variables(): tf.Variable[] {
    return [this.table, ...this.heads.flatMap((h) => [h.weights, h.bias])]
  }

  embedding(): tf.Tensor2D {
    return this.table
  }

  /**
   * How well the vectors predict their attributes, over every item that counts in the loss:
   * `accuracy:<name>` per categorical attribute (share of items whose top class is right) and
   * `r2:<name>` per numeric one (1 − residual / total sum of squares; 0 = no better than the
   * mean). An attribute without items to score (or, for R², without spread) is left out.
   */
  async metrics(): Promise<Record<string, number>> {
    if (this.heads.length === 0) return {}
    const scores = tf.tidy(() =>
      tf.stack(
        this.heads.map((h) => {
          const out = tf.add(tf.matMul(this.table, h.weights as tf.Tensor2D), h.bias)
          const count = tf.sum(h.mask)
          if (h.classes !== null) {
            const right = tf.cast(tf.equal(tf.argMax(out, 1), h.targets), 'float32')
            return tf.stack([tf.div(tf.sum(tf.mul(right, h.mask)), tf.maximum(count, 1)), count])
          }
          const mean = tf.div(tf.sum(tf.mul(h.targets, h.mask)), tf.maximum(count, 1))
          const residual = tf.sum(
            tf.mul(tf.square(tf.sub(tf.reshape(out, [-1]), h.targets)), h.mask),
          )
          const total = tf.sum(tf.mul(tf.square(tf.sub(h.targets, mean)), h.mask))
          const r2 = tf.sub(1, tf.div(residual, total))
          return tf.stack([r2, tf.mul(count, tf.cast(tf.greater(total, 0), 'float32'))])
        }),
      ),
    )
    const values = await scores.data()
    scores.dispose()
    const result: Record<string, number> = {}
    this.heads.forEach((h, i) => {
      if (values[2 * i + 1] > 0) {
        result[`${h.classes === null ? 'r2' : 'accuracy'}:${h.name}`] = values[2 * i]
      }
    })
    return result
  }

  dispose(): void {
    this.table.dispose()
    for (const h of this.heads) {
      h.targets.dispose()
      h.mask.dispose()
      h.weights.dispose()
      h.bias.dispose()
    }
    this.optimizer.dispose()
  }
}
