import * as tf from '@tensorflow/tfjs'
import type { OptimizerName } from './params'

/** What every training objective offers the session loop. */
export interface Objective {
  /** Rows of the embedding table (items, or users + items for pairs). */
  readonly items: number
  readonly dim: number
  /** Steps (batches) that make one pass over the training examples. */
  readonly stepsPerEpoch: number
  /** Runs one batch of training; returns the batch loss (caller disposes). */
  trainStep(): tf.Scalar
  /** The live embedding table, one row per item. Do not dispose. */
  embedding(): tf.Tensor2D
  /** Objective-specific figures for the UI, e.g. per-attribute accuracy or a held-out score. */
  metrics?(): Promise<Record<string, number>>
  dispose(): void
}

/**
 * The optimiser for a run. Adam's epsilon is passed explicitly: on webgl the default would be
 * 1e-4 instead of 1e-7 and training visibly slower (REFERENCE.md).
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7)
    case 'sgd':
      return tf.train.sgd(learningRate)
    case 'adagrad':
      return tf.train.adagrad(learningRate)
  }
}

/** Options every objective's constructor takes. */
export interface ObjectiveOptions {
  /** Use `tf.gather`'s own gradient instead of `gatherRows` (to compare speed). Default false. */
  plainGather?: boolean
  /**
   * Vectors to start from instead of the seeded random ones (items × dim, row-major): a saved run
   * restored after a reload. Default: none.
   */
  start?: Float32Array
}
