import * as tf from '@tensorflow/tfjs'
import type { TableDataset } from '../datasets/types'
import { gatherPlain, gatherRows } from './gather'
import type { TableParams } from './params'
import { mulberry32, shuffledIndices } from './random'

/** What every training objective offers the session loop. */
export interface Objective {
  readonly items: number
  readonly dim: number
  readonly stepsPerEpoch: number
  /** Runs one batch of training; returns the batch loss (caller disposes). */
  trainStep(): tf.Scalar
  /** The live embedding table, one row per item. Do not dispose. */
  embedding(): tf.Tensor2D
  dispose(): void
}

interface Head {
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
  private readonly optimizer: tf.Optimizer
  private readonly random: () => number
  private readonly batchSize: number
  private readonly gather: typeof gatherRows
  private order: Int32Array = new Int32Array(0)
  private cursor = 0

  constructor(ds: TableDataset, p: TableParams, opts: { plainGather?: boolean } = {}) {
    this.items = ds.labels.length
    this.dim = p.dim
    this.batchSize = Math.min(p.batchSize, this.items)
    this.stepsPerEpoch = Math.ceil(this.items / this.batchSize)
    this.random = mulberry32(p.seed)
    this.gather = opts.plainGather ? gatherPlain : gatherRows
    this.table = tf.variable(tf.randomNormal([this.items, p.dim], 0, 0.1, 'float32', p.seed))
    this.heads = ds.attributes.map((a, i) => {
      const out = a.kind === 'categorical' ? a.categories.length : 1
      const scale = Math.sqrt(2 / (p.dim + out))
      const weights = tf.variable(
        tf.randomNormal([p.dim, out], 0, scale, 'float32', p.seed + i + 1),
      )
      const bias = tf.variable(tf.zeros([out]))
      if (a.kind === 'categorical') {
        return {
          targets: tf.tensor1d(
            a.codes.map((c) => Math.max(c, 0)),
            'int32',
          ),
          mask: tf.tensor1d(Float32Array.from(a.codes, (c) => (c >= 0 ? 1 : 0))),
          weights,
          bias,
          classes: out,
        }
      }
      const z = Float32Array.from(a.values, (v) => (Number.isFinite(v) ? (v - a.mean) / a.std : 0))
      return {
        targets: tf.tensor1d(z),
        mask: tf.tensor1d(Float32Array.from(a.values, (v) => (Number.isFinite(v) ? 1 : 0))),
        weights,
        bias,
        classes: null,
      }
    })
    // Adam's epsilon is passed explicitly: webgl's default would be 1e-4 (REFERENCE.md).
    this.optimizer = tf.train.adam(p.learningRate, 0.9, 0.999, 1e-7)
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
    return tf.div(tf.addN(losses), losses.length) as tf.Scalar
  }

  trainStep(): tf.Scalar {
    const batch = this.nextBatch()
    return tf.tidy(() => {
      const ids = tf.tensor1d(batch, 'int32')
      return this.optimizer.minimize(() => this.loss(ids), true) as tf.Scalar
    })
  }

  embedding(): tf.Tensor2D {
    return this.table
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
