import type { BackendName } from '../../model/training/backendNames'
import { DIVERGED, NOTHING_TO_TRAIN } from '../../model/training/messages'
import { type TrainParams, validateTrainParams } from '../../model/training/params'
import type { TrainingEvent } from '../../workers/protocol'
import { rememberBackend } from './backendMemory'
import { resumeLiveProjection } from './projection'
import { clearReplay } from './replay'
import { keepFresh, keepState, onGpuLost } from './supervise'
import { fail, type Session, waitForPositions } from './session'

type ModelFilesEvent = Extract<TrainingEvent, { type: 'model' }>
type StateEvent = Extract<TrainingEvent, { type: 'state' }>

/** Starts a new run (a load or reset): later events of the old one are ignored. */
export function beginRun(s: Session): number {
  s.runtime.run++
  clearRunHistory(s)
  return s.runtime.run
}

/** Forgets what belonged to the previous run: loss curve, metrics, layout quality and replay. */
function clearRunHistory(s: Session): void {
  s.live.pointRecall = null
  clearReplay(s)
  s.store.setState({ lossHistory: [], metrics: {}, quality: null })
}

function recordLosses(s: Session, losses: number[]): void {
  if (losses.length === 0) return
  s.store.setState((st) => ({ lossHistory: [...st.lossHistory, ...losses] }))
}

/** Trains `epochs` more epochs and resolves when they are done and drawn; without epochs, trains until paused and resolves once started. */
export function train(s: Session, opts: { epochs?: number } = {}): Promise<void> {
  const st = s.store.getState()
  if (!st.dataset) return Promise.reject(fail(s, new Error('Load a dataset before training.')))
  if (st.dataset.kind === 'vectors')
    return Promise.reject(fail(s, new Error(NOTHING_TO_TRAIN(st.dataset.name))))
  if (opts.epochs !== undefined && !(Number.isInteger(opts.epochs) && opts.epochs > 0))
    return Promise.reject(fail(s, new RangeError('epochs must be a positive whole number')))
  // Saved coordinates do not follow the vectors: the view's own projection takes over.
  resumeLiveProjection(s)
  s.store.setState({ status: 'training', error: null, replay: null })
  const run = s.runtime.run
  s.runtime.target = opts.epochs === undefined ? null : st.epoch + opts.epochs
  s.workers.training({ type: 'train', epochs: opts.epochs })
  if (opts.epochs === undefined) return Promise.resolve()
  return new Promise((resolve) => {
    s.runtime.stopWaiters.push(
      (_reason, step, kept) =>
        void Promise.all([waitForPositions(s, run, step), kept]).then(() => resolve()),
    )
  })
}

/**
 * What the Train button does: trains for the "Train for" epochs; without them, a run with a
 * decaying schedule stops at its planned epochs (as word2vec does: the rate has reached its floor),
 * and anything else trains until paused.
 */
export function trainButton(s: Session): Promise<void> {
  const st = s.store.getState()
  if (st.trainFor) return train(s, { epochs: st.trainFor })
  const left = st.params.schedule === 'linear' ? st.params.epochs - st.epoch : 0
  return train(s, left > 0 ? { epochs: left } : {})
}

export function pause(s: Session): void {
  s.workers.training({ type: 'pause' })
}

/** New random starting vectors: a new seed unless one is given. Other params stay. */
export function reset(s: Session, seed?: number): void {
  applyParams(s, { seed: seed ?? Math.floor(Math.random() * 2 ** 31) })
}

/** Validates new hyperparameters and restarts training from scratch with them (if a dataset is loaded). */
export function applyParams(s: Session, p: Partial<TrainParams>): void {
  let params: TrainParams
  try {
    params = validateTrainParams({ ...s.store.getState().params, ...p })
  } catch (e) {
    throw fail(s, e)
  }
  s.store.setState({ params, error: null })
  if (!s.store.getState().dataset) return
  beginRun(s)
  s.store.setState({ status: 'ready', epoch: 0, step: 0, loss: null })
  s.workers.training({ type: 'reset', params })
}

/** One batch, while paused. */
export function step(s: Session): void {
  const st = s.store.getState()
  if (!st.dataset || st.dataset.kind === 'vectors' || st.status === 'training') return
  s.workers.training({ type: 'step' })
}

/** Speed limit in steps per second; null for full speed. */
export function setSpeed(s: Session, stepsPerSecond: number | null): void {
  s.store.setState({ speed: stepsPerSecond })
  s.workers.training({ type: 'speed', stepsPerSecond })
}

/** How many epochs the Train button runs; null = until paused. */
export function setTrainFor(s: Session, epochs: number | null): void {
  s.store.setState({ trainFor: epochs })
}

/** Forces a backend ('auto' gives the choice back); the run restarts from its seed. */
export function setBackend(s: Session, backend: BackendName | 'auto'): void {
  beginRun(s)
  const hasData = s.store.getState().dataset !== null
  s.store.setState({
    backend: null,
    backendTf: null,
    backendReason: '',
    ...(hasData ? { status: 'ready', epoch: 0, step: 0, loss: null } : {}),
  })
  s.workers.training({ type: 'backend', backend })
}

/** Every trained variable of the run now, from the training worker (to keep the run whole). */
export async function trainingState(s: Session, timeoutMs: number): Promise<StateEvent> {
  const run = s.runtime.run
  const answer = await s.workers.trainingRequest({ type: 'state' }, [], { timeoutMs })
  keepState(s, run, answer)
  return answer
}

/** The current vectors as a tfjs Layers model (model.json + weights), built in the training worker. */
export function exportModel(s: Session, name: string): Promise<ModelFilesEvent> {
  const { items, dim, vectors } = s.live
  if (items === 0) return Promise.reject(fail(s, new Error('There are no vectors to export.')))
  const copy = vectors.slice() // moved to the worker; the live buffer stays here
  const msg = { type: 'exportModel', vectors: copy, items, dim, name } as const
  return s.workers.trainingRequest(msg, [copy.buffer]).catch((e: unknown) => {
    throw fail(s, e) // shown in the banner, as before
  })
}

/** An event from the training worker. */
export function onTrainingEvent(s: Session, e: TrainingEvent): void {
  const set = s.store.setState
  switch (e.type) {
    case 'loaded':
      set({ stepsPerEpoch: e.stepsPerEpoch })
      return
    case 'backend':
      // The quick backend of a first visit is remembered too, until the timing's choice replaces
      // it moments later: a reload in between then still skips timing every backend again.
      if (!e.choice.forced && !e.choice.remembered) rememberBackend(e.choice.backend)
      set({
        backend: e.choice.backend,
        backendTf: e.choice.tf ?? null,
        backendReason: e.choice.reason,
        backendTrials: e.choice.trials,
        backendForced: e.choice.forced ?? false,
      })
      return
    case 'gpuLost':
      onGpuLost(s, e.backend, e.reason)
      return
    case 'progress':
      keepFresh(s, false, e.progress.epochLosses.length > 0)
      recordLosses(s, e.progress.epochLosses)
      set({
        epoch: e.progress.epoch,
        step: e.progress.step,
        loss: e.progress.loss,
        stepsPerSecond: e.progress.stepsPerSecond,
      })
      return
    case 'stopped':
      recordLosses(s, e.progress.epochLosses)
      set({
        status: 'paused',
        epoch: e.progress.epoch,
        step: e.progress.step,
        loss: e.progress.loss,
        stepsPerSecond: 0,
      })
      {
        // `train` resolves once the state at the stop is kept on the page too (and drawn), so a
        // reload right after it brings this very state back (see persistence.ts `keptNow`).
        const kept = keepFresh(s, true)
        for (const w of s.runtime.stopWaiters.splice(0)) w(e.reason, e.progress.step, kept)
      }
      return
    case 'metrics':
      set({ metrics: e.metrics })
      return
    case 'diverged': {
      // The worker went back to an earlier epoch: forget the losses reported since then. The
      // `stopped` that follows sets the status, epoch and step and resolves `train`.
      const st = s.store.getState()
      const undone = Math.max(0, st.epoch - e.divergence.backTo.epoch)
      set({
        error: DIVERGED(e.divergence),
        lossHistory: undone ? st.lossHistory.slice(0, -undone) : st.lossHistory,
      })
      return
    }
  }
}
