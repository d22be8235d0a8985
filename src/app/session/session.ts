import type { BackendName } from '../../model/training/backendNames'
import type { WorkerClient } from '../../workers/client'
import type { TrainingEvent } from '../../workers/protocol'
import { parseLoadInWorker } from '../../workers/parseClient'
import { createLive, type Live } from './live'
import { Loading, type Parser } from './loading'
import { createSessionStore, type SessionStore, type Theme } from './store'

/** What a session needs from outside: the workers, a way to fetch bundled files and a parser. */
export interface SessionDeps {
  workers: WorkerClient
  fetchText: (url: string) => Promise<string>
  /** Parses files into a Dataset; the parse worker unless a test gives another. */
  parser?: Parser
  /** The colour theme to start with (the one saved on an earlier visit, or the system's). */
  theme?: Theme
}

/** Resolves when the layout of `run` at `step` (or later) has been drawn. */
interface PositionWaiter {
  run: number
  step: number
  resolve: () => void
}

/**
 * Bookkeeping that is not the user's state: which run the workers' answers must belong to, and
 * who waits for what. Only the session's own action modules touch it.
 */
export interface Runtime {
  /** Which run of the training worker the current buffers belong to (bumped per load/reset). */
  run: number
  /** Called at a stop with the step and the request that keeps the state at the stop. */
  stopWaiters: ((reason: 'done' | 'paused', step: number, kept: Promise<void>) => void)[]
  positionWaiters: PositionWaiter[]
  cameraNonce: number
  /** The run's last good state from the training worker, to restart a dead worker from. */
  kept: { run: number; at: number; answer: Extract<TrainingEvent, { type: 'state' }> } | null
  /** The state request for `kept` in flight, if any. */
  keeping: Promise<void> | null
  /** A request asked for (at a stop) while another was in flight: it is made when that one ends. */
  keepAgain: Promise<void> | null
  /** The epoch the training in progress stops at; null trains until paused. */
  target: number | null
  /** Backends whose GPU was lost in this page: not tried again. */
  lostBackends: BackendName[]
  /** When each worker was restarted (ms, performance.now()), to give up on one that keeps dying. */
  restarts: Partial<Record<'training' | 'projection', number[]>>
  /** A loaded dataset waiting for its first layout, shown with it in one step. */
  pendingShow: { run: number; show: () => void } | null
  /** Projections asked for so far: a layout computed for an older request is not shown. */
  projections: number
}

/**
 * The session core: the one owner of everything the user has. The store (slices) holds the
 * dataset, the run's parameters and progress, the loss history, the projection and the view; the
 * live buffers hold the vectors, positions and the replay history; the workers do the work. The
 * action modules beside this file (dataset, training, projection, view, replay) are plain
 * functions of a Session, called alike by the UI and `window.embeddingExplorer`.
 */
export interface Session {
  readonly store: SessionStore
  readonly live: Live
  readonly workers: WorkerClient
  readonly fetchText: (url: string) => Promise<string>
  readonly loading: Loading
  readonly runtime: Runtime
}

export function createSession(deps: SessionDeps): Session {
  const store = createSessionStore()
  if (deps.theme) store.setState({ theme: deps.theme })
  return {
    store,
    live: createLive(),
    workers: deps.workers,
    fetchText: deps.fetchText,
    loading: new Loading(store, deps.parser ?? parseLoadInWorker),
    runtime: {
      run: 0,
      stopWaiters: [],
      positionWaiters: [],
      cameraNonce: 0,
      kept: null,
      keeping: null,
      keepAgain: null,
      target: null,
      lostBackends: [],
      pendingShow: null,
      restarts: {},
      projections: 0,
    },
  }
}

/** Shows the message to the user and returns the error to throw. */
export function fail(s: Session, e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e))
  s.store.setState({ error: err.message })
  return err
}

/** Shows a failure reported by a worker; without a dataset the status becomes 'error'. */
export function showError(s: Session, message: string): void {
  const st = s.store.getState()
  s.store.setState({ error: message, status: st.dataset ? st.status : 'error' })
}

/** Clears the message of the last failure (the banner's close button). */
export function dismissError(s: Session): void {
  s.store.setState({ error: null })
}

/** Resolves once the layout of `run` at `step` (or later) has been drawn. */
export function waitForPositions(s: Session, run: number, step: number): Promise<void> {
  if (s.live.run === run && s.live.step >= step) return Promise.resolve()
  return new Promise((resolve) => s.runtime.positionWaiters.push({ run, step, resolve }))
}
