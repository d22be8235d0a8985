import { kernelTrains } from './backendNames'
import type { Dataset } from '../datasets/types'
import { FastSkipGramObjective } from './fastSkipgram'
import { NOTHING_TO_TRAIN } from './messages'
import type { Objective, ObjectiveOptions } from './objective'
import { PairsObjective } from './pairs'
import type { TrainParams } from './params'
import { SkipGramObjective } from './skipgram'
import { TableObjective } from './table'

/** The objective that trains a dataset of this kind (ARCHITECTURE.md, dataset formats). */
export function createObjective(
  ds: Dataset,
  p: TrainParams,
  opts: ObjectiveOptions = {},
): Objective {
  switch (ds.kind) {
    case 'table':
      return new TableObjective(ds, p, opts)
    case 'groups':
      return opts.kernel && kernelTrains(ds.kind, p.optimizer)
        ? new FastSkipGramObjective(ds, p, opts)
        : new SkipGramObjective(ds, p, opts)
    case 'pairs':
      return new PairsObjective(ds, p, opts)
    case 'vectors':
      throw new Error(NOTHING_TO_TRAIN(ds.name))
  }
}
