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
  /**
   * Every trained variable, the embedding first, in an order fixed by the dataset and params, so
   * a kept run can be put back whole (prediction heads, biases, context vectors), not only its
   * item vectors. Do not dispose.
   */
  variables(): tf.Variable[]
  /**
   * Re-reads the variables after they were assigned from outside (a rollback, a restored run), for
   * an objective that trains its own copy of them (the typed-array kernel). Asynchronous, as every
   * read of a tensor is (no `dataSync` on GPU backends): train only once it has resolved. Default:
   * nothing to do.
   */
  reload?(): Promise<void>
  /**
   * Sets the step size for the next steps (the learning-rate schedule), for an objective without a
   * TensorFlow.js optimiser. Objectives with `optimizer` get it set there instead.
   */
  setLearningRate?(rate: number): void
  /** The optimiser, so a diverged run can put its state (moments, step count) back too. */
  readonly optimizer?: tf.Optimizer
  /**
   * Draws the batches (and negatives) of the next `steps` steps without training on them, so a
   * fresh objective resumed at step n samples exactly what an uninterrupted run samples next.
   */
  skipSteps(steps: number): void
  dispose(): void
}

/** A trained variable's values, as kept with a saved run. */
export interface SavedVariable {
  shape: number[]
  data: Float32Array
}

/** Copies the values of every variable (for keeping the run). */
export async function readVariables(o: Objective): Promise<SavedVariable[]> {
  return Promise.all(
    o
      .variables()
      .map(async (v) => ({ shape: [...v.shape], data: (await v.data()).slice() as Float32Array })),
  )
}

/**
 * Puts kept values back into a freshly built objective of the same dataset and params. Returns
 * false (and changes nothing) unless every variable's shape matches, e.g. after the data changed.
 */
export async function restoreVariables(
  o: Objective,
  saved: readonly SavedVariable[],
): Promise<boolean> {
  const vars = o.variables()
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)
  const fits =
    saved.length === vars.length &&
    vars.every(
      (v, i) =>
        v.shape.length === saved[i].shape.length &&
        v.shape.every((d, k) => d === saved[i].shape[k]) &&
        saved[i].data.length === size(v.shape),
    )
  if (!fits) return false
  vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(saved[i].data, v.shape))))
  await o.reload?.()
  return true
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

/**
 * Changes a tfjs optimiser's step size in place, keeping its state (Adam's moments, Adagrad's
 * sums). SGD has a setter; Adam and Adagrad read their `learningRate` field at every step.
 */
export function setOptimizerRate(o: tf.Optimizer, rate: number): void {
  // Duck-typed: in the tfjs bundle `instanceof tf.SGDOptimizer` holds for Adam too.
  const settable = o as unknown as { learningRate: number; setLearningRate?: (r: number) => void }
  if (typeof settable.setLearningRate === 'function') settable.setLearningRate(rate)
  else settable.learningRate = rate
}

/** Options every objective's constructor takes. */
export interface ObjectiveOptions {
  /** Use `tf.gather`'s own gradient instead of `gatherRows` (to compare speed). Default false. */
  plainGather?: boolean
  /**
   * Train skip-gram with SGD by the typed-array kernel (the 'js' backend) instead of a tfjs step.
   * Other objectives and optimisers ignore it. Default false.
   */
  kernel?: boolean
  /**
   * Vectors to start from instead of the seeded random ones (items × dim, row-major): a saved run
   * restored after a reload. Default: none.
   */
  start?: Float32Array
}
