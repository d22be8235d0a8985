import type { Dataset } from '../datasets/types'
import type { BackendName } from './backendNames'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from './params'
import { forEachPair } from './sampling'

/** The hyperparameters chosen for a dataset on load; the others stay as the user set them. */
export const FITTED_KEYS = [
  'optimizer',
  'learningRate',
  'schedule',
  'epochs',
  'batchSize',
  'l2',
] as const

/** Values of the fitted hyperparameters. */
export type FittedParams = Pick<TrainParams, (typeof FITTED_KEYS)[number]>

/** What was chosen for a dataset, and why, in a sentence for the training panel. */
export interface FittedSettings {
  params: FittedParams
  /** 'classroom': today's animated defaults; 'large': throughput and a schedule that ends. */
  scale: 'classroom' | 'large'
  /** Examples one epoch trains (pairs, rows or interactions). */
  examples: number
  /** Estimated bytes training holds (see `trainingBytes`). */
  bytes: number
  reason: string
}

/** What a browser tab should stay under while training (the bound). */
export const TAB_BUDGET_BYTES = 2 ** 30

/**
 * Bytes training holds for `items` rows of `dim` numbers: the trained tables (skip-gram has input
 * and output vectors), the optimiser's state (Adam two moments, Adagrad one sum), the checkpoint a
 * diverged run rolls back to (a copy of both), the kernel's own typed-array copy, and the
 * embedding's copies in flight (the snapshot posted, the projection's, the main thread's).
 */
export function trainingBytes(
  kind: Dataset['kind'],
  items: number,
  dim: number,
  optimizer: TrainParams['optimizer'],
  kernel: boolean,
): number {
  const table = items * dim * 4
  const tables = kind === 'groups' ? 2 : 1
  const state = { adam: 2, adagrad: 1, sgd: 0 }[optimizer]
  const kept = tables * (1 + state) * 2 + (kernel ? tables : 0)
  return table * (kept + 3)
}

const mb = (bytes: number) => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MB`

/**
 * From how many examples an epoch holds the throughput settings are chosen: below, a dataset is a
 * classroom set and keeps the small-batch Adam defaults whose every step shows in the plot.
 */
export const LARGE_EXAMPLES = { groups: 20_000, table: 5_000, pairs: 50_000 } as const
/**
 * Word groups also need this many items to count as large: a few hundred words in long sentences
 * (the bundled words) make many pairs but remain a classroom set.
 */
export const LARGE_GROUP_ITEMS = 1_000

/**
 * Positive pairs (or examples) the planned epochs add up to on a large set: word2vec reaches
 * good neighbourhoods after a few million pair updates (gensim: 30 epochs of 92,000 pairs for the
 * issue's corpus, 30 of 171,000 for the WordNet bench corpus).
 */
const PLANNED_EXAMPLES = 5_000_000
/**
 * SGD's starting rate per pair on large word groups: twice word2vec's 0.025, since a corpus of
 * thousands of items gives each item few updates an epoch. On the WordNet bench corpus 0.05
 * reaches 5-NN purity 0.92 in 9 of 30 planned epochs; 0.025 over 21 stalled at 0.76.
 */
const SGD_RATE = 0.05
const MIN_EPOCHS = 5
const MAX_EPOCHS = 60

const CLASSROOM: FittedParams = {
  optimizer: DEFAULT_TRAIN_PARAMS.optimizer,
  learningRate: DEFAULT_TRAIN_PARAMS.learningRate,
  schedule: DEFAULT_TRAIN_PARAMS.schedule,
  epochs: DEFAULT_TRAIN_PARAMS.epochs,
  batchSize: DEFAULT_TRAIN_PARAMS.batchSize,
  l2: DEFAULT_TRAIN_PARAMS.l2,
}

const isGpu = (b: BackendName | null) => b === 'webgpu' || b === 'webgl'
const fmt = (n: number) => n.toLocaleString('en-US')

/** Examples in one epoch: skip-gram pairs at the window, table rows or interactions. */
export function examplesPerEpoch(ds: Dataset, window: number): number {
  switch (ds.kind) {
    case 'groups': {
      let n = 0
      forEachPair(ds, window, () => n++)
      return n
    }
    case 'table':
      return ds.labels.length
    case 'pairs':
      return ds.userRows.length
    case 'vectors':
      return 0
  }
}

/**
 * Chooses batch size, learning rate and its schedule, optimiser and L2 from the dataset's size
 * and the backend, per objective. Classroom sets get the defaults (small batches, Adam, constant
 * rate: smooth visible motion). Large word groups get word2vec's recipe on a CPU (plain SGD at
 * 0.05 per pair, decaying linearly to ~0 over planned epochs, thousands of pairs a step: the
 * typed-array kernel), or Adam over GPU-sized batches on a GPU; large tables and interactions keep
 * Adam with large batches and a decaying rate. Null for vectors, which do not train.
 */
export function fitParams(
  ds: Dataset,
  current: TrainParams,
  backend: BackendName | null,
): FittedSettings | null {
  if (ds.kind === 'vectors') return null
  const examples = examplesPerEpoch(ds, current.window)
  const unit = { groups: 'pairs', table: 'rows', pairs: 'interactions' }[ds.kind]
  const size = `${fmt(examples)} ${unit} an epoch`
  const few = ds.kind === 'groups' && ds.labels.length < LARGE_GROUP_ITEMS
  const withMemory = (f: Omit<FittedSettings, 'bytes'>): FittedSettings => {
    const kernel = ds.kind === 'groups' && f.params.optimizer === 'sgd' && !isGpu(backend)
    const bytes = trainingBytes(ds.kind, ds.labels.length, current.dim, f.params.optimizer, kernel)
    const over =
      bytes > TAB_BUDGET_BYTES
        ? ` Training needs about ${mb(bytes)}, more than the 1 GB a tab should use: lower the dimension before training.`
        : f.scale === 'large'
          ? ` Training holds about ${mb(bytes)}.`
          : ''
    return { ...f, bytes, reason: f.reason + over }
  }
  if (examples < LARGE_EXAMPLES[ds.kind] || few)
    return withMemory({
      params: CLASSROOM,
      scale: 'classroom',
      examples,
      reason: `${size}: a classroom set, so small batches with Adam at a constant rate, every step visible.`,
    })
  const epochs = Math.min(
    MAX_EPOCHS,
    Math.max(MIN_EPOCHS, Math.ceil(PLANNED_EXAMPLES / Math.max(1, examples))),
  )
  const gpu = isGpu(backend)
  const decay = `decaying linearly to ~0 over ${epochs} epochs`
  if (ds.kind === 'groups' && !gpu) {
    return withMemory({
      params: {
        optimizer: 'sgd',
        learningRate: SGD_RATE,
        schedule: 'linear',
        epochs,
        batchSize: 4096,
        l2: 0,
      },
      scale: 'large',
      examples,
      reason: `${size}: word2vec’s recipe for a CPU, plain SGD at ${SGD_RATE} per pair ${decay}, 4,096 pairs a step (the typed-array kernel), no L2.`,
    })
  }
  const batchSize = gpu ? 16_384 : ds.kind === 'table' ? 512 : 4096
  return withMemory({
    params: {
      optimizer: 'adam',
      learningRate: 0.03,
      schedule: 'linear',
      epochs,
      batchSize: Math.min(batchSize, examples),
      l2: ds.kind === 'groups' ? 0 : DEFAULT_TRAIN_PARAMS.l2,
    },
    scale: 'large',
    examples,
    reason: `${size}: ${fmt(Math.min(batchSize, examples))} a step to ${gpu ? 'fill the GPU' : 'spread each step’s fixed cost'}, Adam at 0.03 ${decay}.`,
  })
}
