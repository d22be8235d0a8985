import type { Dataset } from '../datasets/types'
import type { Objective } from './objective'
import type { TrainParams } from './params'
import { TableObjective } from './table'

/** The objective that trains a dataset of this kind (ARCHITECTURE.md, dataset formats). */
export function createObjective(ds: Dataset, p: TrainParams): Objective {
  switch (ds.kind) {
    case 'table':
      return new TableObjective(ds, p)
    case 'groups':
    case 'pairs':
      throw new Error(`Training on ${ds.kind} datasets is not supported yet.`)
  }
}
