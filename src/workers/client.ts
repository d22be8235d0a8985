import type { BackendChoice } from '../model/training/backend'
import { BACKEND_ORDER, type BackendName } from '../model/training/backendNames'
import {
  type PositionsMessage,
  PROBE_REPLIES,
  PROJECTION_REPLIES,
  type ProbeProtocol,
  type ProjectionProtocol,
  type ProjectionRequest,
  type QualityMessage,
  type SnapshotMessage,
  TRAINING_REPLIES,
  type TrainingEvent,
  type TrainingProtocol,
  type TrainingRequest,
} from './protocol'
import { connect, type RpcClient } from './rpc'

/** Which of the two long-lived workers. */
export type WorkerName = 'training' | 'projection'

/** How a restarted training worker starts. */
export interface TrainingRestart {
  /** Runs started so far, so the new worker's snapshots carry the current run's number. */
  runs: number
  /** The backends it may use, best first (without one whose GPU was lost). */
  backends?: BackendName[]
}

/** The training and projection workers, as the app reaches them. */
export interface WorkerClient {
  /** Sends a training message that is not answered (failures go to `onError`). */
  training(msg: TrainingRequest, transfer?: Transferable[]): void
  /** Sends a projection message (failures go to `onError`). */
  projection(msg: ProjectionRequest, transfer?: Transferable[]): void
  /** Asks the training worker and resolves with its answer (`state`, `exportModel`). */
  trainingRequest: RpcClient<TrainingProtocol>['request']
  /** Asks the projection worker and resolves with its answer (`customAxes`). */
  projectionRequest: RpcClient<ProjectionProtocol>['request']
  /** Starts a new training worker in place of a dead one, wired to the projection worker. */
  restartTraining(how: TrainingRestart): void
  /**
   * Starts a new projection worker in place of a dead one, wired to the training worker; `start`
   * (the latest vectors) is its first snapshot, so the layout goes on without waiting for training.
   */
  restartProjection(start: SnapshotMessage | null): void
  terminate(): void
}

/** Times every backend in a worker of its own (started and ended here). */
async function timeBackends(): Promise<BackendChoice> {
  const worker = new Worker(new URL('./probe.worker.ts', import.meta.url), { type: 'module' })
  const timing = connect<ProbeProtocol>(worker, { name: 'backend timing', replies: PROBE_REPLIES })
  try {
    return (await timing.request({ type: 'probe', candidates: BACKEND_ORDER })).choice
  } finally {
    timing.terminate('its timing is done')
  }
}

/**
 * How often a worker is asked whether it is there, and how long a silence means it is dead. A
 * worker's thread is busy between its messages: a training step, a backend's start-up and one
 * slice of layout work take well under these. Longer synchronous work (a kNN graph of many long
 * vectors, PCA passes, t-SNE affinities, UMAP's fuzzy graph) calls the worker's beacon, which
 * posts "alive" about once a second (rpc.ts `beacon`), so it is heard from while busy (a worker
 * that keeps dying is given up on by the session, see supervise.ts).
 */
export const HEARTBEAT = {
  training: { everyMs: 500, silentMs: 6000 },
  projection: { everyMs: 1000, silentMs: 20_000 },
}

/** A heartbeat setting as `HEARTBEAT` holds them. */
type Beat = { everyMs: number; silentMs: number }

/**
 * Test-only: `window.embeddingExplorerHeartbeat = { projection: { everyMs, silentMs } }`, set
 * before the app starts (playwright's `page.addInitScript`), replaces that worker's heartbeat, so a
 * browser test can make a silence short enough to catch quickly. Read only when set; an entry that
 * is not two positive numbers is ignored. Never set by the app.
 */
function heartbeatOf(name: WorkerName): Beat {
  const set = (globalThis as { embeddingExplorerHeartbeat?: Partial<Record<WorkerName, Beat>> })
    .embeddingExplorerHeartbeat?.[name]
  const ok = (v: unknown) => typeof v === 'number' && v > 0
  return set && ok(set.everyMs) && ok(set.silentMs)
    ? { everyMs: set.everyMs, silentMs: set.silentMs }
    : HEARTBEAT[name]
}

/**
 * Starts the training and projection workers and connects them with a MessageChannel, so
 * snapshots go from one to the other without passing through the main thread. Both are watched
 * (rpc.ts heartbeat): one that dies or stops answering is reported to `onDead`, once, and can be
 * restarted.
 */
export function startWorkers(
  handlers: {
    onTraining(e: TrainingEvent): void
    onPositions(e: PositionsMessage): void
    onQuality(e: QualityMessage): void
    onError(message: string): void
    /** A worker died (crash, out of memory, closed, stopped answering); its calls were rejected. */
    onDead?(worker: WorkerName, e: Error): void
  },
  /** The backend an earlier visit chose, to check and use without timing all of them. */
  remembered?: BackendName,
): WorkerClient {
  let ending = false
  /** Set while a worker is ended on purpose to be replaced: its death is not news. */
  let replacing = false
  const onError = (e: Error) => handlers.onError(e.message)
  // A worker that dies says so once; ending them on purpose (terminate) is not news.
  const onDead = (name: WorkerName) => (e: Error) => {
    if (ending || replacing) return
    if (handlers.onDead) handlers.onDead(name, e)
    else onError(e)
  }
  let onQuickStart = () => {}
  const onTraining = (e: TrainingEvent) => {
    if (e.type === 'backend' && e.choice.provisional) onQuickStart()
    handlers.onTraining(e)
  }
  const startTraining = () =>
    connect<TrainingProtocol>(
      new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' }),
      {
        name: 'training',
        replies: TRAINING_REPLIES,
        onEvent: onTraining,
        onError,
        onDead: onDead('training'),
        heartbeat: heartbeatOf('training'),
      },
    )
  const startProjection = () =>
    connect<ProjectionProtocol>(
      new Worker(new URL('./projection.worker.ts', import.meta.url), { type: 'module' }),
      {
        name: 'projection',
        replies: PROJECTION_REPLIES,
        onEvent: (msg) => {
          if (msg.type === 'positions') handlers.onPositions(msg)
          else handlers.onQuality(msg)
        },
        onError,
        onDead: onDead('projection'),
        heartbeat: heartbeatOf('projection'),
      },
    )
  let training = startTraining()
  let projection = startProjection()
  const channel = new MessageChannel()
  projection.send({ type: 'init', port: channel.port2 }, [channel.port2])
  // A first visit trains at once on a quick backend while every backend is timed here, in a
  // worker of its own; the training worker moves the run to the fastest when the timing is done.
  // The timing starts once the quick backend is up, so the two do not compete for the CPU.
  const quick = remembered === undefined
  let timing = false
  onQuickStart = () => {
    if (!quick || timing) return
    timing = true
    void timeBackends().then(
      (choice) => training.send({ type: 'timed', choice }),
      () => {}, // the quick backend stays: it passed its check
    )
  }
  training.send({ type: 'init', port: channel.port1, remembered, quick }, [channel.port1])
  return {
    training: (msg, transfer) => training.send(msg, transfer),
    projection: (msg, transfer) => projection.send(msg, transfer),
    trainingRequest: (msg, transfer, opts) => training.request(msg, transfer, opts),
    projectionRequest: (msg, transfer, opts) => projection.request(msg, transfer, opts),
    restartTraining({ runs, backends }) {
      replacing = true
      training.terminate('it was restarted')
      replacing = false
      training = startTraining()
      const ch = new MessageChannel()
      projection.send({ type: 'init', port: ch.port2 }, [ch.port2])
      // A known backend is checked alone (no timing of every one), so the run goes on sooner.
      const [first, ...rest] = backends ?? []
      const remember = rest.length === 0 ? first : undefined
      training.send({ type: 'init', port: ch.port1, runs, backends, remembered: remember }, [
        ch.port1,
      ])
    },
    restartProjection(start) {
      replacing = true
      projection.terminate('it was restarted')
      replacing = false
      projection = startProjection()
      const ch = new MessageChannel()
      // Queued on the channel before either end is handed over: the new worker's first snapshot.
      if (start) ch.port1.postMessage(start, [start.data.buffer])
      projection.send({ type: 'init', port: ch.port2 }, [ch.port2])
      training.send({ type: 'port', port: ch.port1 }, [ch.port1])
    },
    terminate: () => {
      ending = true
      training.terminate()
      projection.terminate()
    },
  }
}
