/** Optimisers a run can use. */
export type OptimizerName = 'adam' | 'sgd' | 'adagrad'

/**
 * Hyperparameters of every objective; each objective reads the ones that apply to it. Each has a
 * UI control with this text (meaning, default and range).
 */
export interface TrainParams {
  /** Embedding dimension: numbers per item vector. Default 12, range 2–64. */
  dim: number
  /** Optimiser step size. Default 0.03, range 0.0001–1. */
  learningRate: number
  /** Optimiser: 'adam' (default), 'sgd' or 'adagrad'. */
  optimizer: OptimizerName
  /** Training examples per step (items, pairs or ratings). Default 32, range 1–4096. */
  batchSize: number
  /** Weight of the L2 penalty on the vectors in a batch (mean squared length). Default 0.01, range 0–1. */
  l2: number
  /** Negative samples per positive pair (groups, implicit pairs). Default 5, range 1–20. */
  negatives: number
  /** Groups longer than this are read as sentences: pairs come from this many items either side. Default 5, range 1–20. */
  window: number
  /**
   * Subsampling threshold for frequent items (word2vec's t); 0 turns it off. Default 0 (off: on a
   * small vocabulary any t thins every item), range 0–0.1; 0.001 suits large corpora.
   */
  subsample: number
  /** Seed for the initial vectors, batch order and sampling; same seed, backend and data give the same run. Default 1. */
  seed: number
}

export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  dim: 12,
  learningRate: 0.03,
  optimizer: 'adam',
  batchSize: 32,
  l2: 0.01,
  negatives: 5,
  window: 5,
  subsample: 0,
  seed: 1,
}

type NumericKey = Exclude<keyof TrainParams, 'optimizer'>

/** Allowed ranges, used to validate params that arrive from the UI or the automation API. */
export const TRAIN_PARAM_RANGES: Record<NumericKey, [number, number]> = {
  dim: [2, 64],
  learningRate: [0.0001, 1],
  batchSize: [1, 4096],
  l2: [0, 1],
  negatives: [1, 20],
  window: [1, 20],
  subsample: [0, 0.1],
  seed: [0, 2 ** 31 - 1],
}

const INTEGER_KEYS: NumericKey[] = ['dim', 'batchSize', 'negatives', 'window', 'seed']

export function validateTrainParams(p: Partial<TrainParams>): TrainParams {
  const out = { ...DEFAULT_TRAIN_PARAMS, ...p }
  for (const key of Object.keys(TRAIN_PARAM_RANGES) as NumericKey[]) {
    const [lo, hi] = TRAIN_PARAM_RANGES[key]
    const v = out[key]
    if (!Number.isFinite(v) || v < lo || v > hi)
      throw new RangeError(`${key} must be between ${lo} and ${hi}, got ${v}`)
    if (INTEGER_KEYS.includes(key)) out[key] = Math.round(v)
  }
  if (!['adam', 'sgd', 'adagrad'].includes(out.optimizer))
    throw new RangeError(`optimizer must be adam, sgd or adagrad, got ${out.optimizer}`)
  return out
}

/** What the UI shows for each hyperparameter: the same meaning, default and range as the doc comments above. */
export interface ParamDoc {
  key: keyof TrainParams
  label: string
  help: string
  /** Which dataset kinds use it. */
  kinds: ('table' | 'groups' | 'pairs')[]
  /** Input step: 1 for whole numbers; absent for any real value. */
  step?: number
}

const ALL: ParamDoc['kinds'] = ['table', 'groups', 'pairs']

export const PARAM_DOCS: ParamDoc[] = [
  {
    key: 'dim',
    label: 'Dimension',
    help: 'Numbers per item vector. Default 12, range 2–64.',
    kinds: ALL,
    step: 1,
  },
  {
    key: 'learningRate',
    label: 'Learning rate',
    help: 'Optimiser step size. Default 0.03, range 0.0001–1.',
    kinds: ALL,
  },
  {
    key: 'optimizer',
    label: 'Optimiser',
    help: 'Adam (default) adapts each step size; SGD is the plain gradient step; Adagrad shrinks steps for often-updated vectors.',
    kinds: ALL,
  },
  {
    key: 'batchSize',
    label: 'Batch size',
    help: 'Training examples per step. Default 32, range 1–4096.',
    kinds: ALL,
    step: 1,
  },
  {
    key: 'l2',
    label: 'L2 penalty',
    help: 'Pulls vectors towards zero so they cannot grow to memorise rare attributes. Default 0.01, range 0–1.',
    kinds: ALL,
  },
  {
    key: 'negatives',
    label: 'Negatives',
    help: 'Random non-co-occurring items contrasted with each real pair. Default 5, range 1–20.',
    kinds: ['groups', 'pairs'],
    step: 1,
  },
  {
    key: 'window',
    label: 'Window',
    help: 'In long groups (sentences), items this many places either side count as context. Default 5, range 1–20.',
    kinds: ['groups'],
    step: 1,
  },
  {
    key: 'subsample',
    label: 'Subsampling',
    help: 'Skips very frequent items some of the time (word2vec’s t); 0 turns it off. Default 0 (off), range 0–0.1; 0.001 suits large corpora.',
    kinds: ['groups'],
  },
  {
    key: 'seed',
    label: 'Seed',
    help: 'Seeds the starting vectors, batch order and sampling: the same seed, backend and data give the same run. Default 1.',
    kinds: ALL,
    step: 1,
  },
]
