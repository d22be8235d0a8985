// Messages shared by the training worker and the main thread, kept free of tfjs imports so the
// UI bundle does not pull tfjs in.

/** What the user is told when asking to train precomputed vectors. */
export const NOTHING_TO_TRAIN = (name: string) =>
  `${name} holds precomputed vectors: there is nothing to train. Explore them: projections, neighbours and search all work.`
