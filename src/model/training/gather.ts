import * as tf from '@tensorflow/tfjs'

/** The body handed to `tf.customGrad`; its typed signature is variadic, so the inputs are unpacked here. */
function gatherWithScatterGrad(...args: (tf.Tensor | tf.GradSaveFunc)[]) {
  const [table, ids, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc]
  save([ids])
  const value = tf.gather(table, ids)
  const shape = table.shape
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [savedIds] = saved
    const indices = tf.expandDims(savedIds, 1)
    return [tf.scatterND(indices, dy, shape), tf.zerosLike(savedIds)]
  }
  return { value, gradFunc }
}

/**
 * `tf.gather(table, ids)` whose gradient is a `scatterND` of the upstream gradient. The built-in
 * gradient uses UnsortedSegmentSum, which the wasm backend lacks and the cpu backend runs as a
 * loop over every row of the table (REFERENCE.md: 16.9 s vs 55 ms per step on cpu).
 */
export const gatherRows = tf.customGrad(gatherWithScatterGrad) as (
  table: tf.Tensor,
  ids: tf.Tensor,
) => tf.Tensor

/** The plain `tf.gather`, kept for the benchmark that compares both gradients. */
export const gatherPlain = (table: tf.Tensor, ids: tf.Tensor) => tf.gather(table, ids)
