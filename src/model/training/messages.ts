// Messages shared by the training worker and the main thread, kept free of tfjs imports so the
// UI bundle does not pull tfjs in.

/** What the user is told when asking to train precomputed vectors. */
export const NOTHING_TO_TRAIN = (name: string) =>
  `${name} holds precomputed vectors: there is nothing to train. Explore them: projections, neighbours and search all work.`

/** Why training stopped by itself: a number became NaN or ±Infinity, and the run was rolled back. */
export interface Divergence {
  /** The epoch being trained when it happened, counted from 1 (epoch 3 = the third pass). */
  epoch: number
  /** Which numbers became non-finite first: the batch loss, or the vectors of a snapshot. */
  what: 'loss' | 'vectors'
  value: 'NaN' | 'Infinity'
  /** The step and epoch of the last finite snapshot, which the run was rolled back to. */
  backTo: { step: number; epoch: number }
}

/** What a class is told when training diverged. */
export const DIVERGED = (d: Divergence) =>
  `Training diverged at epoch ${d.epoch}: the ${d.what === 'loss' ? 'loss' : 'vectors'} became ${d.value}. ` +
  'Try a smaller learning rate.'
