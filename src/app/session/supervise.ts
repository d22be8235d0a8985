import { BACKEND_ORDER, type BackendName } from '../../model/training/backendNames'
import type { WorkerName } from '../../workers/client'
import type { SnapshotMessage, TrainingEvent, TrainingRequest } from '../../workers/protocol'
import { type Session, showError } from './session'
import { notify } from './view'

type StateEvent = Extract<TrainingEvent, { type: 'state' }>
type Start = NonNullable<Extract<TrainingRequest, { type: 'load' }>['start']>

/** How old the kept copy of the run may grow while training before a fresh one is asked for. */
const KEEP_EVERY_MS = 1000

/**
 * Worker supervision: the session keeps the run's last good state (every trained variable, the
 * optimiser's state, the epoch and step, from the training worker's last finite snapshot) on the
 * main thread, and when a worker dies (crash, out-of-memory kill, `self.close()`, a lost GPU) it
 * starts a new one from there, says so once, and lets a pending `train()` finish on the new one.
 */

/** Notes the training worker's answer as the run's last good state (when it is of this run). */
export function keepState(s: Session, run: number, answer: StateEvent): void {
  if (run !== s.runtime.run || answer.variables.length === 0) return
  s.runtime.kept = { run, at: performance.now(), answer }
}

/** How old the kept copy may be at a finished epoch before a fresh one is asked for. */
const KEEP_EPOCH_MS = 100

/**
 * Asks for the run's state when the kept copy is older than a second (called on progress), or
 * older than a tenth of a second when an epoch just finished (`epochDone`), or now (`now`: training
 * stopped, so the kept copy becomes the state at the stop). A request that must be made while
 * another is in flight is made as soon as that one is answered: the answer in flight may be older
 * than the stop. Resolves when the copy asked for is kept (or the worker did not answer).
 */
export function keepFresh(s: Session, now = false, epochDone = false): Promise<void> {
  const r = s.runtime
  const age = r.kept?.run === r.run ? performance.now() - r.kept.at : Infinity
  if (!now && age < (epochDone ? KEEP_EPOCH_MS : KEEP_EVERY_MS)) return Promise.resolve()
  if (r.keeping) {
    if (!now) return r.keeping
    return (r.keepAgain ??= r.keeping.then(() => {
      r.keepAgain = null
      return keepFresh(s, true)
    }))
  }
  const run = r.run
  r.keeping = s.workers
    .trainingRequest({ type: 'state' }, [], { timeoutMs: 3000 })
    .then((a) => keepState(s, run, a))
    .catch(() => {}) // a dead worker is handled by onWorkerDead; a late answer is tried again
    .finally(() => (r.keeping = null))
  return r.keeping
}

/** Restarts of one worker within this window… */
const RESTART_WINDOW_MS = 60_000
/** …beyond which it is not restarted again (it would only die again, e.g. on the same data). */
const MAX_RESTARTS = 3

/** A worker died: the training worker goes on from the last good state, the projection from the live vectors. */
export function onWorkerDead(s: Session, worker: WorkerName, e: Error): void {
  // rpc.ts says "The training worker stopped: <why>"; the notice says the first part itself.
  const why = e.message.replace(/^The [\w ]+ worker stopped: /, '')
  const now = performance.now()
  const recent = (s.runtime.restarts[worker] ?? []).filter((t) => now - t < RESTART_WINDOW_MS)
  if (recent.length >= MAX_RESTARTS) {
    showError(
      s,
      `The ${worker} worker keeps stopping (${why}). Reload the page: your work is kept.`,
    )
    return
  }
  s.runtime.restarts[worker] = [...recent, now]
  if (worker === 'training') restartTraining(s, why)
  else restartProjection(s, why)
}

/** The GPU under the training worker's backend went away: go on on the next backend. */
export function onGpuLost(s: Session, backend: BackendName, reason: string): void {
  const rest = BACKEND_ORDER.filter((b) => b !== backend && !s.runtime.lostBackends.includes(b))
  s.runtime.lostBackends.push(backend)
  restartTraining(s, `${reason} on ${backend}`, rest)
}

/** Where a restarted run starts: the kept state of this run, or the vectors on screen. */
function startOf(s: Session): Start | undefined {
  const { kept, run } = s.runtime
  const st = s.store.getState()
  if (kept?.run === run) {
    const a = kept.answer
    const partial = a.partial ?? undefined
    return {
      data: a.variables[0].data.slice(),
      epoch: a.epoch,
      step: a.step,
      ...copies(a),
      partial,
    }
  }
  const { live } = s
  const items = st.dataset?.labels.length ?? 0
  if (st.step > 0 && live.run === run && live.items === items && live.step === st.step)
    return { data: live.vectors.slice(), epoch: st.epoch, step: st.step }
  return undefined
}

/** Copies of the kept variables and optimiser weights (the kept ones stay for a later restart). */
function copies(a: StateEvent): Pick<Start, 'variables' | 'optimizer'> {
  const copy = <T extends { data: Float32Array }>(v: T) => ({ ...v, data: v.data.slice() })
  return { variables: a.variables.map(copy), optimizer: a.optimizer.map(copy) }
}

function restartTraining(s: Session, why: string, backends?: BackendName[]): void {
  const st = s.store.getState()
  const r = s.runtime
  // A backend that worked is checked alone (no timing of every one), so the run goes on sooner.
  const use = backends ?? (st.backend ? [st.backend] : undefined)
  const ds = st.dataset
  s.workers.restartTraining({ runs: ds ? r.run - 1 : r.run, backends: use })
  s.workers.training({ type: 'speed', stepsPerSecond: st.speed })
  if (!ds) {
    notify(s, `The training worker stopped (${why}) and was restarted.`)
    return
  }
  const start = startOf(s)
  // Loaded vectors were handed to the worker that died; the copy on screen is the same numbers.
  const dataset = ds.kind === 'vectors' ? { ...ds, data: s.live.vectors.slice() } : ds
  s.workers.training({ type: 'load', dataset, params: st.params, start })
  const epoch = start?.epoch ?? 0
  const undone = Math.max(0, st.lossHistory.length - epoch)
  s.store.setState({
    epoch,
    step: start?.step ?? 0,
    lossHistory: undone && start ? st.lossHistory.slice(0, epoch) : st.lossHistory,
    backend: null,
  })
  const where = start ? `from epoch ${epoch}` : 'from its starting vectors'
  const going = st.status === 'training'
  if (going) {
    const target = r.target
    const left = target === null ? undefined : Math.max(1, target - epoch)
    s.workers.training({ type: 'train', epochs: left })
  }
  notify(
    s,
    `The training worker stopped (${why}). It was restarted ${where}` +
      (going ? ' and training goes on.' : '; nothing was lost.'),
  )
}

function restartProjection(s: Session, why: string): void {
  const st = s.store.getState()
  const { live } = s
  const start: SnapshotMessage | null =
    live.run >= 0 && live.items > 0
      ? {
          type: 'snapshot',
          run: live.run,
          step: live.step,
          epoch: st.epoch,
          loss: st.loss,
          items: live.items,
          dim: live.dim,
          data: live.vectors.slice(),
        }
      : null
  s.workers.restartProjection(start)
  s.workers.projection({
    type: 'method',
    method: st.method,
    dims: st.dims,
    params: st.projectionParams[st.method],
  })
  if (!st.layoutRunning) s.workers.projection({ type: 'running', running: false })
  notify(s, `The projection worker stopped (${why}). It was restarted and the layout goes on.`)
}
