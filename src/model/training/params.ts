import { checkChoice, checkParam, isChoice, MAX_SEED, type ParamSpec } from '../paramSpec'

/** Dataset kinds that train; each hyperparameter lists the kinds whose objective reads it. */
export type TrainKind = 'table' | 'groups' | 'pairs'

/** A training hyperparameter: its spec plus where it is used and its shared-link key. */
export type TrainParamSpec = ParamSpec & {
  /** Key in a shared link (`#view=1&lr=0.1`); links in the wild use these, so never change one. */
  readonly url: string
  /** The dataset kinds whose objective reads it; the Model tab shows it only for those. */
  readonly usedBy: readonly TrainKind[]
}

const ALL = ['table', 'groups', 'pairs'] as const

/**
 * Every training hyperparameter, declared once: TrainParams, the defaults, validation, the Model
 * tab, the shared-link codec and the README table are derived from this. The order is the Model
 * tab's order and the order of a link's keys.
 */
export const TRAIN_PARAMS = {
  dim: {
    label: 'Dimension',
    doc: 'Numbers per item vector.',
    default: 12,
    min: 2,
    max: 64,
    integer: true,
    url: 'dim',
    usedBy: ALL,
  },
  learningRate: {
    label: 'Learning rate',
    doc: 'Optimiser step size.',
    default: 0.03,
    min: 0.0001,
    max: 1,
    url: 'lr',
    usedBy: ALL,
  },
  optimizer: {
    label: 'Optimiser',
    doc: 'Adam (default) adapts each step size; SGD is the plain gradient step; Adagrad shrinks steps for often-updated vectors.',
    default: 'adam',
    choices: { adam: 'Adam', sgd: 'SGD', adagrad: 'Adagrad' },
    url: 'opt',
    usedBy: ALL,
  },
  schedule: {
    label: 'Rate schedule',
    doc: 'Constant (default) keeps the learning rate; Linear decay lowers it step by step to 1/10,000 of it at the planned epochs and keeps it there, as word2vec does.',
    default: 'constant',
    choices: { constant: 'Constant', linear: 'Linear decay' },
    url: 'sched',
    usedBy: ALL,
  },
  epochs: {
    label: 'Planned epochs',
    doc: 'Passes over the data a linear schedule spreads its decay over.',
    default: 30,
    min: 1,
    max: 10000,
    integer: true,
    url: 'ep',
    usedBy: ALL,
  },
  batchSize: {
    label: 'Batch size',
    doc: 'Training examples per step.',
    default: 32,
    min: 1,
    max: 65536,
    rangeNote: 'thousands fill a GPU or amortise a step’s fixed cost',
    integer: true,
    url: 'batch',
    usedBy: ALL,
  },
  l2: {
    label: 'L2 penalty',
    doc: 'Pulls vectors towards zero so they cannot grow to memorise rare attributes.',
    default: 0.01,
    min: 0,
    max: 1,
    url: 'l2',
    usedBy: ALL,
  },
  negatives: {
    label: 'Negatives',
    doc: 'Random non-co-occurring items contrasted with each real pair.',
    default: 5,
    min: 1,
    max: 20,
    integer: true,
    url: 'neg',
    usedBy: ['groups', 'pairs'],
  },
  window: {
    label: 'Window',
    doc: 'In long groups (sentences), items this many places either side count as context.',
    default: 5,
    min: 1,
    max: 20,
    integer: true,
    url: 'win',
    usedBy: ['groups'],
  },
  subsample: {
    label: 'Subsampling',
    // Off by default: on a small vocabulary any t thins every item.
    doc: 'Skips very frequent items some of the time (word2vec’s t); 0 turns it off.',
    default: 0,
    defaultNote: '(off)',
    min: 0,
    max: 0.1,
    rangeNote: '0.001 suits large corpora',
    url: 'sub',
    usedBy: ['groups'],
  },
  seed: {
    label: 'Seed',
    doc: 'Seeds the starting vectors, batch order and sampling: the same seed, backend and data give the same run.',
    default: 1,
    min: 0,
    max: MAX_SEED,
    integer: true,
    url: 'seed',
    usedBy: ALL,
  },
} as const satisfies Record<string, TrainParamSpec>

type Specs = typeof TRAIN_PARAMS

/**
 * Hyperparameters of every objective (each reads the ones that apply to it): dim, learningRate,
 * optimizer, batchSize, l2, negatives, window, subsample, seed. Meaning, default and range of each
 * are in TRAIN_PARAMS.
 */
export type TrainParams = {
  -readonly [K in keyof Specs]: Specs[K] extends { choices: infer C } ? keyof C & string : number
}

/** Optimisers a run can use: 'adam', 'sgd' or 'adagrad'. */
export type OptimizerName = TrainParams['optimizer']

/** TRAIN_PARAMS as a list, in order, with each spec seen through the common type. */
export const TRAIN_PARAM_LIST = Object.entries(TRAIN_PARAMS) as [
  keyof TrainParams,
  TrainParamSpec,
][]

/** Every hyperparameter at its declared default. */
export const DEFAULT_TRAIN_PARAMS = Object.fromEntries(
  TRAIN_PARAM_LIST.map(([key, spec]) => [key, spec.default]),
) as TrainParams

/**
 * Fills in defaults and checks every parameter, as the UI, the automation API and shared links
 * need: a value out of range, or an unknown optimiser, throws a RangeError naming the key and what
 * is allowed; whole-number parameters are rounded.
 */
export function validateTrainParams(p: Partial<TrainParams>): TrainParams {
  const out: Record<string, unknown> = { ...DEFAULT_TRAIN_PARAMS, ...p }
  for (const [key, spec] of TRAIN_PARAM_LIST)
    out[key] = isChoice(spec)
      ? checkChoice(key, spec, out[key])
      : checkParam(key, spec, out[key] as number)
  return out as TrainParams
}

/** Where a linear schedule ends, as a share of the starting rate (word2vec: min_alpha/alpha). */
export const SCHEDULE_FLOOR = 1e-4

/**
 * The learning rate for a step under the params' schedule: constant, or decaying linearly from
 * `learningRate` at step 0 to `learningRate · SCHEDULE_FLOOR` at `epochs · stepsPerEpoch` steps,
 * and staying there.
 */
export function learningRateAt(p: TrainParams, step: number, stepsPerEpoch: number): number {
  if (p.schedule === 'constant') return p.learningRate
  const planned = Math.max(1, p.epochs * stepsPerEpoch)
  return p.learningRate * Math.max(SCHEDULE_FLOOR, 1 - step / planned)
}
