import { createStore } from 'zustand/vanilla'
import type { Metric } from '../../model/neighbours'
import { mulberry32 } from '../../model/training/random'

/**
 * "Predict, then reveal": before training, the class guesses which candidate ends up nearest to a
 * probe item; after training the real similarities are revealed. Committing to a guess first is
 * what makes the result stick, so the guess is kept until the reveal. Pure logic plus a
 * module-level store, so the puzzle survives the tab being hidden and is testable in Node.
 */

/** The probe asked about by default (in the bundled trees dataset). */
export const DEFAULT_PROBE = 'Coast redwood'
/** Default candidates: two close relatives and two far-off trees. */
export const DEFAULT_CANDIDATES = ['Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab']
/** At most this many candidates, so the choice fits the panel and the class can vote by hand. */
export const MAX_CANDIDATES = 4
/** Seed for the candidates picked when the defaults are not in the dataset, so a reload asks the same. */
export const PUZZLE_SEED = 7

/** What the prediction needs from the app (sessionHosts.ts builds it over the session). */
export interface PredictHost {
  store: { getState(): { epoch: number; dataset: { kind: string; labels: string[] } | null } }
  /** Nearest items to `index` in the original vectors, nearest first, the item itself excluded. */
  neighboursOf(
    index: number,
    k?: number,
    metric?: Metric,
  ): { index: number; label: string; similarity: number }[]
  select(label: string | null): void
}

/** One candidate after the reveal: cosine similarity to the probe and rank among all other items (1 = nearest). */
export interface RevealRow {
  label: string
  similarity: number
  rank: number
}

/** The answer, frozen at the moment of the reveal. */
export interface Reveal {
  probe: string
  /** Candidates, most similar first. */
  rows: RevealRow[]
  /** How many items the probe was ranked against (all items but itself). */
  others: number
  /** The epoch the model had reached when the answer was revealed. */
  epoch: number
  guess: string | null
}

export interface PredictionState {
  /** The dataset the puzzle was made for (name and size); another dataset gets fresh defaults. */
  datasetKey: string | null
  probe: string | null
  candidates: string[]
  guess: string | null
  reveal: Reveal | null
  /** Why the last reveal failed, in words for the class; null when it did not. */
  error: string | null
}

const empty = (): PredictionState => ({
  datasetKey: null,
  probe: null,
  candidates: [],
  guess: null,
  reveal: null,
  error: null,
})

export const createPredictionStore = () => createStore<PredictionState>()(empty)
export type PredictionStore = ReturnType<typeof createPredictionStore>
/** The app's one puzzle; kept at module level so it outlives the Predict tab. */
export const predictionStore = createPredictionStore()

/**
 * The default question for a dataset: Coast redwood against its four candidates where they exist;
 * otherwise seeded random picks, so every reload of the same data asks the same question.
 */
export function defaultPuzzle(
  labels: string[],
  seed = PUZZLE_SEED,
): { probe: string | null; candidates: string[] } {
  if (labels.length === 0) return { probe: null, candidates: [] }
  const random = mulberry32(seed)
  const has = new Set(labels)
  const probe = has.has(DEFAULT_PROBE)
    ? DEFAULT_PROBE
    : labels[Math.floor(random() * labels.length)]
  const candidates = DEFAULT_CANDIDATES.filter((l) => has.has(l) && l !== probe)
  const wanted = Math.min(MAX_CANDIDATES, new Set(labels).size - 1)
  // Random draws with rejection; capped so a dataset of repeated labels cannot loop forever.
  for (let tries = 0; candidates.length < wanted && tries < 1000; tries++) {
    const l = labels[Math.floor(random() * labels.length)]
    if (l !== probe && !candidates.includes(l)) candidates.push(l)
  }
  return { probe, candidates }
}

/** Why the answer cannot be revealed yet, or null when it can. */
export function revealBlocker(
  s: { epoch: number; dataset: { kind: string } | null },
  candidates: number,
): string | null {
  if (!s.dataset) return 'Load a dataset first.'
  if (s.dataset.kind === 'vectors')
    return 'These vectors were loaded ready-made, so there is no training to predict. Load a dataset to train.'
  if (s.epoch <= 0) return 'Train the model first: before training the numbers are random.'
  if (candidates < 2) return 'Pick at least two candidates.'
  return null
}

/** Ranks the candidates by cosine similarity to the probe, using every other item for the rank. */
export function rankCandidates(
  host: PredictHost,
  probe: string,
  candidates: string[],
): { rows: RevealRow[]; others: number } {
  const labels = host.store.getState().dataset?.labels ?? []
  const index = labels.indexOf(probe)
  if (index < 0) throw new Error(`There is no item called "${probe}".`)
  const all = host.neighboursOf(index, labels.length - 1, 'cosine')
  const rows: RevealRow[] = []
  for (const label of candidates) {
    const at = all.findIndex((n) => n.label === label)
    if (at >= 0) rows.push({ label, similarity: all[at].similarity, rank: at + 1 })
  }
  if (rows.length === 0) throw new Error('The vectors are not ready yet: try again in a moment.')
  rows.sort((a, b) => a.rank - b.rank)
  return { rows, others: all.length }
}

/** The candidate that really is nearest to the probe. */
export const nearestOf = (r: Reveal): RevealRow => r.rows[0]

/** True when the class picked the nearest candidate; null when there was no guess. */
export function guessWasRight(r: Reveal): boolean | null {
  return r.guess === null ? null : r.guess === nearestOf(r).label
}

/** The sentence the teacher reads out after the reveal. */
export function revealMessage(r: Reveal): string {
  const best = nearestOf(r)
  const closest = `${best.label} is the closest, similarity ${best.similarity.toFixed(2)}`
  const right = guessWasRight(r)
  if (right === null) return `${closest}.`
  if (right) return `Right! ${closest}.`
  const guessed = r.rows.find((x) => x.label === r.guess)
  const theirs = guessed ? ` (${guessed.similarity.toFixed(2)})` : ''
  return `Not quite: ${closest}. Your class guessed ${r.guess}${theirs}.`
}

// ---- actions ----

/** Gives a newly loaded dataset its default question; the same dataset keeps the teacher's. */
export function ensurePuzzleFor(labels: string[], key: string, store = predictionStore): void {
  if (store.getState().datasetKey === key) return
  store.setState({ ...empty(), ...defaultPuzzle(labels), datasetKey: key })
}

/** Changes the probe; a candidate equal to the new probe swaps places with the old probe. */
export function setProbe(label: string, store = predictionStore): void {
  const s = store.getState()
  const swapped = s.candidates.map((c) => (c === label ? (s.probe ?? c) : c))
  const candidates = swapped.filter((c) => c !== label)
  // A new probe is a new question, so an old guess no longer answers it.
  store.setState({ probe: label, candidates, ...fresh(s, candidates), guess: null })
}

/** Sets candidate `slot` (0-based); an empty label removes it. Duplicates and the probe are refused. */
export function setCandidate(slot: number, label: string, store = predictionStore): void {
  const s = store.getState()
  const next = [...s.candidates]
  if (label === '') next.splice(slot, 1)
  else if (label === s.probe || (next.includes(label) && next[slot] !== label)) return
  else next[Math.min(slot, next.length, MAX_CANDIDATES - 1)] = label
  store.setState({ candidates: next.slice(0, MAX_CANDIDATES), ...fresh(s, next) })
}

/** Records the class's guess; ignored once the answer has been revealed. */
export function recordGuess(label: string, store = predictionStore): void {
  const s = store.getState()
  if (s.reveal || !s.candidates.includes(label)) return
  store.setState({ guess: label })
}

/** Reveals the answer (if the model has trained), selecting the probe in the plot. Never throws. */
export function revealAnswer(host: PredictHost, store = predictionStore): Reveal | null {
  const s = store.getState()
  const blocker = revealBlocker(host.store.getState(), s.candidates.length)
  if (blocker || !s.probe) {
    store.setState({ error: blocker ?? 'Pick an item to ask about.' })
    return null
  }
  try {
    const { rows, others } = rankCandidates(host, s.probe, s.candidates)
    const reveal = {
      probe: s.probe,
      rows,
      others,
      epoch: host.store.getState().epoch,
      guess: s.guess,
    }
    store.setState({ reveal, error: null })
    host.select(s.probe)
    return reveal
  } catch (e) {
    store.setState({ error: e instanceof Error ? e.message : String(e) })
    return null
  }
}

/** Clears the guess and the answer for a new round (same question). */
export function askAgain(store = predictionStore): void {
  store.setState({ guess: null, reveal: null, error: null })
}

/** A changed question drops the answer, and the guess when it is no longer a candidate. */
function fresh(s: PredictionState, candidates = s.candidates): Partial<PredictionState> {
  const guess = s.guess !== null && candidates.includes(s.guess) ? s.guess : null
  return { guess, reveal: null, error: null }
}
