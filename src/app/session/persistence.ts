import { type Session, showError } from './session'
import type { SavedState, SessionStorage } from './storage'
import type { AppState } from './store'
import { trainingState } from './training'

/** Longest time a change waits before it is written: at most one write a second while training. */
const SAVE_DELAY_MS = 1000

/** How the kept session starts being kept. */
export interface KeepOptions {
  /** True when the current dataset was itself restored from storage (its source is there already). */
  restored: boolean
  /**
   * True when what is shown came from a shared link: it is shown beside the kept session and
   * nothing is written until the user keeps it (`keepLinkedView`) or loads something by hand.
   */
  linked?: boolean
}

/**
 * Keeps the session in IndexedDB: the source files and first state together when a dataset loads,
 * and the run and view (vectors, epoch, parameters, projection, colouring, selection) soon after
 * they change. A failed write (full disk, storage refused) is reported to the user once, never
 * ignored silently. Returns a function that stops keeping.
 */
export function keepSession(c: Session, storage: SessionStorage, opts: KeepOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let reported = false

  const report = (e: unknown) => {
    if (reported) return
    reported = true
    const why = e instanceof Error ? e.message : String(e)
    showError(c, `Your work is not being kept in this browser (${why}); export it to keep a copy.`)
  }

  // A state never replaces a newer one of the same run: writes can finish out of order (one
  // waits for the training worker's answer, another gives up waiting and keeps what the page has),
  // so within a run only a state at a later step, or at the same step and as whole, is written.
  let last = { run: -1, step: -1, whole: false }
  const take = (state: SavedState | null, run: number) => {
    if (!state) return { state, stale: false }
    const whole = state.optimizer !== undefined
    const stale =
      run === last.run &&
      (state.step < last.step || (state.step === last.step && last.whole && !whole))
    if (!stale) last = { run, step: state.step, whole }
    return { state, stale }
  }
  const snapshot = async () => {
    const run = c.runtime.run
    return take(await keptWhole(c, sessionSnapshot(c, c.store.getState())), run)
  }

  // Saves asked for and not yet written: only then has the page something to flush. A write in
  // flight counts too: the page going away aborts a transaction that was not committed at once.
  let unsaved = 0
  const save = () => {
    if (c.store.getState().linked) return
    unsaved++
    void snapshot()
      .then(({ state, stale }) => (state && !stale ? storage.saveState(state) : undefined))
      .catch(report)
      .finally(() => unsaved--)
  }
  const saveSoon = () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      save()
    }, SAVE_DELAY_MS)
  }
  // Training stopped (done or paused): the state at the stop is written now, not a second later,
  // so a reload right after a run finishes brings that run back whole.
  const saveNow = () => {
    if (timer) clearTimeout(timer)
    timer = null
    save()
  }
  // A new dataset's source and first state are written in one transaction (saveAll); until that
  // write is done, the source is pending: a flush writes it itself.
  let sourcePending: AppState['source'] = null
  // The page is going away (reload, close, another tab in front): write at once, without asking
  // the worker (it goes with the page), the newest state the page holds (see `keptNow`).
  const flush = () => {
    // Nothing changed since the last write: the record stays as it is (it may be one that this
    // page must not overwrite, such as a damaged one kept for the user).
    const st = c.store.getState()
    if (st.linked || (timer === null && unsaved === 0 && sourcePending === null)) return
    const { state, stale } = take(keptNow(c, sessionSnapshot(c, st)), c.runtime.run)
    // A new dataset whose first write still waits for the worker: source and state go together.
    if (sourcePending !== null && sourcePending === st.source)
      storage.saveSession(sourcePending, state, { now: true }).catch(() => {})
    else if (state && !stale) storage.saveState(state, { now: true }).catch(() => {})
  }
  const hidden = () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') flush()
  }
  const page = typeof window === 'undefined' ? null : window
  page?.addEventListener('pagehide', flush)
  page?.document.addEventListener('visibilitychange', hidden)

  // Source and state in one transaction: the old kept run stays until the new one is complete.
  const saveAll = () => {
    const source = c.store.getState().source
    if (!source) return
    sourcePending = source
    // A new source is always written (with its first state), whatever finished before it.
    void snapshot()
      .then(({ state }) => storage.saveSession(source, state))
      .catch(report)
      .finally(() => {
        if (sourcePending === source) sourcePending = null
      })
  }
  storage.warm()

  if (opts.linked) c.store.setState({ linked: true })
  else if (c.store.getState().source && !opts.restored) saveAll()

  const stop = c.store.subscribe((s, prev) => {
    if (s.dataset !== prev.dataset && s.dataset && s.source) {
      // Anything the user loads by hand becomes the kept session, a linked view's too.
      if (s.linked) c.store.setState({ linked: false })
      else saveAll()
      return
    }
    if (!s.linked && prev.linked) {
      saveAll()
      return
    }
    if (s.linked) return
    if (prev.status === 'training' && s.status !== 'training') {
      saveNow()
      return
    }
    if (
      s.step !== prev.step ||
      s.params !== prev.params ||
      s.method !== prev.method ||
      s.dims !== prev.dims ||
      s.projectionParams !== prev.projectionParams ||
      s.savedLayout !== prev.savedLayout ||
      s.colorBy !== prev.colorBy ||
      s.selected !== prev.selected ||
      s.selection !== prev.selection ||
      s.labelBy !== prev.labelBy ||
      s.neighbourK !== prev.neighbourK ||
      s.metric !== prev.metric ||
      s.pointScale !== prev.pointScale
    )
      saveSoon()
  })
  return () => {
    stop()
    if (timer) clearTimeout(timer)
    page?.removeEventListener('pagehide', flush)
    page?.document.removeEventListener('visibilitychange', hidden)
  }
}

/** Makes the linked view on screen the kept session, replacing the one kept before. */
export function keepLinkedView(c: Session): void {
  c.store.setState({ linked: false, notice: null })
}

/** The selection with the primary item first (it is the one whose neighbours are shown). */
export function primaryFirst(selected: number | null, selection: readonly number[]): number[] {
  return selected === null ? [...selection] : [selected, ...selection.filter((i) => i !== selected)]
}

/** The run and view as they are now, in the form they are kept; null without a dataset. */
export function sessionSnapshot(c: Session, s: AppState): SavedState | null {
  if (!s.dataset) return null
  const trained = s.step > 0 && c.live.run >= 0 && c.live.items === s.dataset.labels.length
  return {
    datasetName: s.dataset.name,
    params: s.params,
    epoch: s.epoch,
    step: s.step,
    vectors: trained && s.dataset.kind !== 'vectors' ? c.live.vectors.slice() : null,
    lossHistory: [...s.lossHistory],
    view: {
      // Saved coordinates on screen are kept with the method that made them (or would compute it).
      method: s.savedLayout?.method ?? s.method,
      dims: s.dims,
      projectionParams: s.projectionParams,
      colorBy: s.colorBy,
      selectedLabel: s.selected === null ? null : (s.dataset.labels[s.selected] ?? null),
      selectionLabels: primaryFirst(s.selected, s.selection).map((i) => s.dataset!.labels[i]),
      labelBy: s.labelBy,
      neighbourK: s.neighbourK,
      metric: s.metric,
      pointScale: s.pointScale,
      ...(s.savedLayout ? { layout: s.savedLayout.layout } : {}),
    },
    savedAt: Date.now(),
  }
}

/**
 * The snapshot with the run's trained variables (heads, biases…) from the training worker, so a
 * restored run goes on where it was; the vectors, epoch and step then come from the same moment.
 * Without an answer in time it is kept as it was (vectors only).
 */
export async function keptWhole(c: Session, state: SavedState | null): Promise<SavedState | null> {
  if (!state || state.vectors === null) return state
  const run = c.store.getState()
  const answer = await trainingState(c, 2000).catch(() => null)
  if (!answer || answer.variables.length === 0 || c.store.getState().dataset !== run.dataset)
    return state
  const [embedding] = answer.variables
  if (embedding.data.length !== state.vectors.length) return state
  return {
    ...state,
    epoch: answer.epoch,
    step: answer.step,
    vectors: embedding.data,
    variables: answer.variables,
    optimizer: answer.optimizer,
    partial: answer.partial ?? undefined,
  }
}

/**
 * The snapshot with the newest whole state the page already holds (`runtime.kept`: the training
 * worker's last answer of this run, refreshed every second and at every finished epoch while
 * training, and at a stop), for a write that cannot wait for the worker (the page is going away).
 * When that state is of an earlier epoch than the one shown, the vectors shown are kept instead
 * (without the other variables): an epoch the user saw finish is never given up for exactness.
 */
export function keptNow(c: Session, state: SavedState | null): SavedState | null {
  const kept = c.runtime.kept
  if (!state || state.vectors === null || !kept || kept.run !== c.runtime.run) return state
  const a = kept.answer
  const [embedding] = a.variables
  if (embedding.data.length !== state.vectors.length || a.epoch < state.epoch) return state
  return {
    ...state,
    epoch: a.epoch,
    step: a.step,
    vectors: embedding.data,
    variables: a.variables,
    optimizer: a.optimizer,
    partial: a.partial ?? undefined,
  }
}
