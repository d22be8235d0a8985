import * as tf from '@tensorflow/tfjs'
import type { Objective, SavedVariable } from './objective'

/** One of an optimiser's weights as kept with a run: its name, shape and values. */
export interface SavedWeight {
  name: string
  shape: number[]
  data: Float32Array
}

/** The loss accounting of the epoch in progress, so a resumed run reports the same epoch loss. */
export interface PartialEpoch {
  /** Sum of the batch losses of the unfinished epoch. */
  sum: number
  /** How many batches that sum holds. */
  count: number
  /** Mean loss of the last finished epoch, or null before the first. */
  last: number | null
}

/**
 * Everything a run needs to go on exactly where it was: every trained variable (the embedding
 * first), the optimiser's state (its step count, then its slots such as Adam's moments) and the
 * step/epoch/loss accounting. The batch order is not kept: it follows from the seed and the step,
 * so the objective replays its sampling up to `step` (`skipSteps`).
 */
export interface RunState {
  epoch: number
  step: number
  variables: SavedVariable[]
  /** `optimizer.getWeights()`'s values; empty before the first step (nothing accumulated yet). */
  optimizer: SavedWeight[]
  partial: PartialEpoch
}

/** Values of tensors that are the caller's to dispose (clones), read and then disposed. */
async function readAll(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  try {
    // A copy: the cpu backend's data() hands out the tensor's own storage.
    return await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())))
  } finally {
    tf.dispose(tensors)
  }
}

/**
 * Reads tensors that belong to someone else (a checkpoint, a live variable): they are cloned at
 * once, synchronously, so training that goes on while they are read cannot change or free them.
 */
export async function readTensors(tensors: readonly tf.Tensor[]): Promise<SavedVariable[]> {
  const clones = tensors.map((t) => t.clone())
  const data = await readAll(clones)
  return data.map((d, i) => ({ shape: [...tensors[i].shape], data: d }))
}

/** Copies of named optimiser weights (as `getWeights` gives them). */
export async function readWeights(
  weights: readonly { name: string; tensor: tf.Tensor }[],
): Promise<SavedWeight[]> {
  const values = await readTensors(weights.map((w) => w.tensor))
  return values.map((v, i) => ({ name: weights[i].name, ...v }))
}

/**
 * Puts kept optimiser weights back into a fresh objective's optimiser. Returns false (and changes
 * nothing) when they cannot belong to it: another optimiser, or slots of other shapes.
 */
export async function restoreOptimizer(
  o: Objective,
  saved: readonly SavedWeight[],
): Promise<boolean> {
  if (!o.optimizer || saved.length === 0) return false
  const vars = o.variables()
  const slots = saved.slice(1)
  // Every optimiser here keeps whole slots per trained variable, in the variables' order.
  if (slots.length % vars.length !== 0) return false
  const fits = slots.every((w, i) => {
    const v = vars[i % vars.length]
    return (
      w.shape.length === v.shape.length &&
      w.shape.every((d, k) => d === v.shape[k]) &&
      w.data.length === v.size
    )
  })
  if (!fits || saved[0].data.length !== 1) return false
  const replaced = await o.optimizer.getWeights()
  await o.optimizer.setWeights(
    saved.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape) })),
  )
  for (const w of replaced) w.tensor.dispose()
  return true
}
