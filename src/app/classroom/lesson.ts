import { createStore } from 'zustand/vanilla'
import type { Metric } from '../../model/neighbours'
import type { ProjectionMethod } from '../../model/projection/types'
import type { PredictHost } from './prediction'

/**
 * A short lesson a teacher reads aloud at the projector. Each step puts the app into the state
 * it talks about when the class arrives at it, so the teacher never has to click through menus
 * mid-sentence. Steps are data plus setup functions over a small host interface (the Session
 * satisfies it), so every setup is unit-tested against a fake host.
 */

/** The tree every step follows. */
export const LESSON_ITEM = 'Coast redwood'
/** A close relative (near in the neighbour list) and a tree that ends up far away. */
export const NEAR_ITEM = 'Giant sequoia'
export const FAR_ITEM = 'Coconut palm'
/** Epochs after which the trees' neighbourhoods are settled (Giant sequoia in the top 3). */
export const LESSON_EPOCHS = 15
/** The embedding dimension the lesson talks about. */
export const LESSON_DIM = 12
/** Rough number of tree species on Earth, for the one-hot comparison. */
export const SPECIES = 73_000
/** Neighbours compared before and after retraining in the "neighbourhoods stay" step. */
export const COMPARE_K = 5

/** What the lesson needs from the app (sessionHosts.ts builds it over the session). */
export interface LessonHost extends PredictHost {
  store: {
    getState(): {
      builtin: string | null
      epoch: number
      params: { dim: number; seed: number }
      method: ProjectionMethod
      dims: 2 | 3
      dataset: { kind: string; labels: string[] } | null
    }
  }
  live: { vectors: Float32Array; dim: number; items: number }
  view: { setColorBy(name: string | null): void; camera(kind: 'fit-data' | 'reset'): void }
  layout: { setProjection(p: { method: ProjectionMethod; dims?: 2 | 3 }): void }
  loadBuiltin(id: string): Promise<unknown>
  train(opts: { epochs?: number }): Promise<void>
  reset(seed?: number): void
  applyParams(p: { dim: number }): void
  neighboursOf(
    index: number,
    k?: number,
    metric?: Metric,
  ): { index: number; label: string; similarity: number; distance: number }[]
}

/** One run's view of the lesson tree: its numbers and its nearest neighbours. */
export interface RunSnapshot {
  vector: number[]
  neighbours: string[]
}

/** Before and after retraining from new random numbers, for the "neighbourhoods stay" step. */
export interface RunComparison {
  before: RunSnapshot
  after: RunSnapshot
  /** How many of the before-neighbours are still among the after-neighbours. */
  same: number
}

export interface LessonStep {
  id: 'vector' | 'one-hot' | 'similar' | 'stable' | 'your-own'
  title: string
  /** Paragraphs read aloud, 2–5 short sentences in all; `{dim}` and `{ratio}` are filled in live. */
  body: string[]
  /** Puts the app in the state the step talks about; may return data the step shows afterwards. */
  setup?: (host: LessonHost) => Promise<{ comparison?: RunComparison } | void>
}

/** Loads the trees unless they are already there (a reload would throw the training away). */
async function ensureTrees(host: LessonHost): Promise<void> {
  if (host.store.getState().builtin !== 'trees') await host.loadBuiltin('trees')
}

/** Trains only the epochs still missing to reach `epoch`. */
async function trainTo(host: LessonHost, epoch: number): Promise<void> {
  const missing = epoch - host.store.getState().epoch
  if (missing > 0) await host.train({ epochs: missing })
}

/** The lesson tree's current numbers and top neighbours; throws in words when it is missing. */
export function snapshotOf(host: LessonHost, label = LESSON_ITEM, k = COMPARE_K): RunSnapshot {
  const index = host.store.getState().dataset?.labels.indexOf(label) ?? -1
  const { vectors, dim, items } = host.live
  if (index < 0) throw new Error(`There is no tree called "${label}" in this dataset.`)
  if (index >= items || vectors.length < (index + 1) * dim)
    throw new Error('The vectors are not ready yet: try again in a moment.')
  return {
    vector: Array.from(vectors.subarray(index * dim, (index + 1) * dim)),
    neighbours: k > 0 ? host.neighboursOf(index, k, 'cosine').map((n) => n.label) : [],
  }
}

export function compareRuns(before: RunSnapshot, after: RunSnapshot): RunComparison {
  const kept = new Set(after.neighbours)
  return { before, after, same: before.neighbours.filter((l) => kept.has(l)).length }
}

/** The one-hot arithmetic of step 2, for `species` items and an embedding of `dim` numbers. */
export function oneHotArithmetic(species = SPECIES, dim = LESSON_DIM) {
  return { oneHot: species * species, embedding: species * dim, ratio: species / dim }
}

/** Rounds a ratio for saying aloud: 6,083 → "6,000", 456 → "500", 37.2 → "37". */
export function aboutNumber(n: number): string {
  const unit = n >= 1000 ? 1000 : n >= 100 ? 100 : 1
  return (Math.round(n / unit) * unit).toLocaleString('en-US')
}

/** A paragraph with the live embedding dimension filled in. */
export function fillText(text: string, dim: number): string {
  return text
    .replaceAll('{dim}', String(dim))
    .replaceAll('{ratio}', aboutNumber(oneHotArithmetic(SPECIES, dim).ratio))
}

export const LESSON_STEPS: LessonStep[] = [
  {
    id: 'vector',
    title: 'What is an embedding?',
    body: [
      'A computer cannot look at a tree, so it describes each one with a list of numbers. A list like this is called a vector, and vectors learned from data are called an embedding.',
      'Here each tree is a list of {dim} numbers. Below are the numbers for Coast redwood, the highlighted dot.',
      'They start out random, and training nudges them a little at a time.',
    ],
    setup: async (host) => {
      await ensureTrees(host)
      const s = host.store.getState()
      // Changing the projection restarts the layout, so only when it is not already PCA 3D.
      if (s.method !== 'pca' || s.dims !== 3) host.layout.setProjection({ method: 'pca', dims: 3 })
      host.view.setColorBy('group')
      host.select(LESSON_ITEM)
      host.view.camera('fit-data')
    },
  },
  {
    id: 'one-hot',
    title: 'Why not one-hot?',
    body: [
      'A simpler idea is one-hot: give every kind of tree its own slot in a very long list, with a 1 in its slot and 0 everywhere else.',
      'There are about 73,000 kinds of tree, so that is 73,000 numbers per tree, all zero but one. Worse, every pair of trees is equally different: a redwood is as far from a sequoia as from a palm.',
      'An embedding of {dim} numbers is about {ratio} times smaller, and it can put similar trees near each other.',
    ],
    setup: async (host) => {
      await ensureTrees(host)
      // Changing the dimension restarts training, so only when it is not already the lesson's.
      if (host.store.getState().params.dim !== LESSON_DIM) host.applyParams({ dim: LESSON_DIM })
    },
  },
  {
    id: 'similar',
    title: 'Similar trees get similar vectors',
    body: [
      'The model has now trained for at least 15 rounds, called epochs. In every epoch it nudges the numbers so that trees with the same family, climate and size get similar lists.',
      'Look at the neighbour list: Giant sequoia is near the top, and Coconut palm is far away. Similarity goes from −1 (opposite) to 1 (pointing the same way).',
    ],
    setup: async (host) => {
      await ensureTrees(host)
      await trainTo(host, LESSON_EPOCHS)
      host.select(LESSON_ITEM)
    },
  },
  {
    id: 'stable',
    title: 'Numbers change, neighbourhoods stay',
    body: [
      'We just threw all the numbers away, started again from new random ones, and trained 15 epochs again.',
      'Coast redwood’s numbers came out completely different, but many of its nearest neighbours are the same trees.',
      'One number on its own means nothing. What matters is which trees are close to which.',
    ],
    setup: async (host) => {
      await ensureTrees(host)
      await trainTo(host, LESSON_EPOCHS)
      const before = snapshotOf(host)
      const seed = host.store.getState().params.seed
      // Any other valid seed (1 … 2³¹−1) gives new random starting numbers.
      host.reset((seed % (2 ** 31 - 1)) + 1)
      await host.train({ epochs: LESSON_EPOCHS })
      host.select(LESSON_ITEM)
      return { comparison: compareRuns(before, snapshotOf(host)) }
    },
  },
  {
    id: 'your-own',
    title: 'Try your own',
    body: [
      'Now try your own things: pets, snacks or football teams. Make a table with one row per thing and one column per fact about it, save it as a CSV file, and drop it on the page.',
      'The first column is the name. The model learns one vector per row from the other columns.',
    ],
  },
]

// ---- the lesson's state: a module-level store, so it survives the tab being hidden ----

/** 'idle': not set up since the class arrived; 'none': the step has nothing to set up. */
export type SetupStatus = 'idle' | 'running' | 'done' | 'error' | 'none'

export interface LessonState {
  /** Index into LESSON_STEPS. */
  step: number
  setup: SetupStatus
  /** Why the setup failed, shown in the panel; null when it did not. */
  error: string | null
  /** The last "neighbourhoods stay" result, shown after that step's setup. */
  comparison: RunComparison | null
}

export const createLessonStore = () =>
  createStore<LessonState>()(() => ({ step: 0, setup: 'idle', error: null, comparison: null }))
export type LessonStore = ReturnType<typeof createLessonStore>
/** The app's one lesson. */
export const lessonStore = createLessonStore()

/** Per store: the newest request and the setup chain. */
const queues = new WeakMap<LessonStore, { ticket: number; tail: Promise<void> }>()

/**
 * Opens step `i` and runs its setup. Setups run one after another (two trainings at once would
 * fight over the model), and a setup whose step the class has already left is skipped or its
 * result dropped. Errors end up in the state, never thrown. Resolves when the queue is idle.
 */
export function goToStep(i: number, host: LessonHost, store = lessonStore): Promise<void> {
  const index = Math.max(0, Math.min(LESSON_STEPS.length - 1, Math.trunc(i) || 0))
  const q = queues.get(store) ?? { ticket: 0, tail: Promise.resolve() }
  queues.set(store, q)
  const ticket = ++q.ticket
  const setup = LESSON_STEPS[index].setup
  store.setState({ step: index, setup: setup ? 'running' : 'none', error: null })
  if (!setup) return q.tail
  q.tail = q.tail.then(async () => {
    if (ticket !== q.ticket) return
    try {
      const data = await setup(host)
      if (ticket === q.ticket) store.setState({ setup: 'done', ...(data ?? {}) })
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e)
      if (ticket === q.ticket) store.setState({ setup: 'error', error })
    }
  })
  return q.tail
}
