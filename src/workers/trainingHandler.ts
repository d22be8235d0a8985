import type { Dataset } from '../model/datasets/types'
import { type BackendChoice, type BackendName, chooseBackend } from '../model/training/backend'
import { learningRateAt, type TrainParams } from '../model/training/params'
import { TrainingSession } from '../model/training/session'
import { createObjective } from '../model/training/createObjective'
import { assertFiniteVectors, NOT_FINITE } from '../model/export'
import { firstNonFinite } from '../model/finite'
import { NOTHING_TO_TRAIN } from '../model/training/messages'
import {
  type Objective,
  readVariables,
  restoreVariables,
  type SavedVariable,
} from '../model/training/objective'
import { initialVectors } from '../model/training/table'
import { errorReply } from './errors'
import {
  assertNever,
  errorMessage,
  type SnapshotMessage,
  type TrainingEvent,
  type TrainingRequest,
} from './protocol'

/** The session's learning-rate schedule; none for a constant rate (the optimiser keeps its own). */
function scheduleOf(p: TrainParams, stepsPerEpoch: number) {
  if (p.schedule === 'constant') return undefined
  return (step: number) => learningRateAt(p, step, stepsPerEpoch)
}

type ResumeFrom = { data: Float32Array; epoch: number; step: number; variables?: SavedVariable[] }

/** What the training handler needs from its thread (tests pass fakes). */
export interface TrainingDeps {
  /** Posts to the main thread, moving the buffers in `transfer`. */
  post(msg: TrainingEvent, transfer?: Transferable[]): void
  /** How snapshots reach the projection worker (a MessagePort in the browser). */
  snapshotPort?: { postMessage(msg: SnapshotMessage, transfer: Transferable[]): void }
  candidates: BackendName[]
  describe?: (b: BackendName) => Promise<string>
  now: () => number
  yieldToEvents: () => Promise<void>
}

/**
 * The training worker's message handler as a plain function, so tests drive it in Node.
 * Messages are handled in order; `pause` acts at once, even while a load or run is in flight.
 */
export function createTrainingHandler(deps: TrainingDeps): (msg: TrainingRequest) => Promise<void> {
  let port = deps.snapshotPort
  let backend: Promise<BackendChoice> | null = null
  let dataset: Dataset | null = null
  let params: TrainParams | null = null
  let objective: Objective | null = null
  let session: TrainingSession | null = null
  let running: Promise<void> | null = null
  let run = 0
  let speed: number | null = null
  let lastMetricsAt = -Infinity

  async function postMetrics() {
    const o = objective
    if (!o?.metrics || !session) return
    lastMetricsAt = deps.now()
    const step = session.step
    deps.post({ type: 'metrics', step, metrics: await o.metrics() })
  }
  let queue: Promise<void> = Promise.resolve()

  /** Reports a failure: to the caller of request `id`, or to the error listener without one. */
  const fail = (e: unknown, id?: number) => deps.post(errorReply(e, id))

  async function stopRun() {
    session?.pause()
    await running
  }

  async function build(ds: Dataset, p: TrainParams, resume?: ResumeFrom) {
    await stopRun()
    run++
    const thisRun = run
    // The starting layout is drawn at once, before the backend choice (seconds) is over.
    const items = ds.labels.length
    // Precomputed vectors are shown as they are; a model starts from its seeded random vectors.
    // The seeded starting vectors are made once: a copy goes to the plot now, the model takes them.
    const seeded = ds.kind !== 'vectors' && !resume ? initialVectors(items, p) : undefined
    const start = (ds.kind === 'vectors' ? ds.data : (resume?.data ?? seeded!)).slice()
    const dim = ds.kind === 'vectors' ? ds.dim : p.dim
    port?.postMessage(
      {
        type: 'snapshot',
        run: thisRun,
        step: resume?.step ?? 0,
        epoch: resume?.epoch ?? 0,
        loss: null,
        items,
        dim,
        data: start,
      },
      [start.buffer],
    )
    const choice = await (backend ??= chooseBackend(deps.candidates, { describe: deps.describe }))
    if (thisRun !== run) return // superseded by a newer load while the backend was chosen
    session?.dispose()
    objective?.dispose()
    objective = null
    session = null
    if (ds.kind === 'vectors') {
      deps.post({ type: 'loaded', items, dim, stepsPerEpoch: 0 })
      return
    }
    objective = createObjective(ds, p, {
      start: resume?.data ?? seeded,
      kernel: choice.backend === 'js',
    })
    // A run kept whole gets its prediction heads back too, so its loss goes on from where it was.
    if (resume?.variables) restoreVariables(objective, resume.variables)
    session = new TrainingSession(
      objective,
      {
        snapshot: (s) =>
          port?.postMessage({ type: 'snapshot', run: thisRun, ...s }, [s.data.buffer]),
        progress: (progress) => {
          deps.post({ type: 'progress', progress })
          if (deps.now() - lastMetricsAt > 1000) void postMetrics().catch(fail)
        },
        stopped: (reason, progress) => {
          deps.post({ type: 'stopped', reason, progress })
          void postMetrics().catch(fail)
        },
        diverged: (divergence) => deps.post({ type: 'diverged', divergence }),
      },
      {
        now: deps.now,
        yieldToEvents: deps.yieldToEvents,
        learningRate: scheduleOf(p, objective.stepsPerEpoch),
      },
    )
    session.maxStepsPerSecond = speed
    if (resume) {
      session.epoch = resume.epoch
      session.step = resume.step
    }
    deps.post({
      type: 'loaded',
      items: objective.items,
      dim: objective.dim,
      stepsPerEpoch: objective.stepsPerEpoch,
    })
  }

  async function handle(msg: TrainingRequest): Promise<void> {
    switch (msg.type) {
      case 'init': {
        port = msg.port
        // Not awaited: a dataset can be loaded and drawn while the backends are tried.
        const all = msg.backends ?? deps.candidates
        const remembered = msg.remembered
        backend =
          remembered && all.includes(remembered)
            ? // An earlier visit's choice: start and check it alone (seconds faster than timing
              // every backend); if it no longer works, try them all as usual.
              chooseBackend([remembered], { describe: deps.describe }).then(
                (c) => ({
                  ...c,
                  remembered: true,
                  reason:
                    `${c.backend}: the fastest on an earlier visit, checked again now ` +
                    `(${c.trials[0].msPerStep?.toFixed(1)} ms/step). "Auto" in the Model tab times every backend again.`,
                }),
                () => chooseBackend(all, { describe: deps.describe }),
              )
            : chooseBackend(all, { describe: deps.describe })
        backend.then((choice) => deps.post({ type: 'backend', choice }), fail)
        return
      }
      case 'load':
        dataset = msg.dataset
        params = msg.params
        await build(dataset, params, msg.start)
        return
      case 'reset':
        if (!dataset) throw new Error('Load a dataset before resetting.')
        params = msg.params
        await build(dataset, params)
        return
      case 'step':
        if (!session) throw new Error('Load a dataset before training.')
        await session.stepOnce()
        await postMetrics()
        return
      case 'speed':
        speed = msg.stepsPerSecond
        if (session) session.maxStepsPerSecond = speed
        return
      case 'backend': {
        await stopRun()
        const forced = msg.backend !== 'auto'
        backend = chooseBackend(forced ? [msg.backend as BackendName] : deps.candidates, {
          describe: deps.describe,
        })
        let choice: BackendChoice
        try {
          choice = { ...(await backend), forced }
        } catch (e) {
          // The forced backend failed its start or check: say why and go back to the automatic choice.
          fail(new Error(`${msg.backend} cannot be used here: ${errorMessage(e)}`))
          backend = chooseBackend(deps.candidates, { describe: deps.describe })
          choice = await backend
        }
        deps.post({ type: 'backend', choice })
        if (dataset && params) await build(dataset, params)
        return
      }
      case 'train': {
        if (dataset?.kind === 'vectors') throw new Error(NOTHING_TO_TRAIN(dataset.name))
        if (!session) throw new Error('Load a dataset before training.')
        const s = session
        const target = msg.epochs === undefined ? null : s.epoch + msg.epochs
        if (s.isRunning) void s.run(target)
        else running = s.run(target).catch(fail)
        return
      }
      case 'pause':
        session?.pause()
        return
      case 'state': {
        const o = objective
        const s = session
        const bad = (vs: SavedVariable[]) => vs.some((v) => firstNonFinite(v.data) !== null)
        let variables = o ? await readVariables(o) : []
        if (bad(variables)) {
          // Read between a diverging step and its rollback: answer with the rolled-back state.
          await running
          variables = o ? await readVariables(o) : []
          if (bad(variables)) throw new Error(NOT_FINITE)
        }
        deps.post(
          { type: 'state', id: msg.id, epoch: s?.epoch ?? 0, step: s?.step ?? 0, variables },
          variables.map((v) => v.data.buffer), // copies made for this answer
        )
        return
      }
      case 'exportModel': {
        const { embeddingModelFiles } = await import('../model/training/modelExport')
        assertFiniteVectors(msg.vectors)
        const f = await embeddingModelFiles(msg.vectors, msg.items, msg.dim, msg.name)
        deps.post({ type: 'model', id: msg.id, ...f }, [f.weights])
        return
      }
      default:
        assertNever(msg)
    }
  }

  return (msg) => {
    if (msg.type === 'pause') {
      session?.pause()
      return Promise.resolve()
    }
    const id = 'id' in msg ? msg.id : undefined
    queue = queue.then(() => handle(msg)).catch((e: unknown) => fail(e, id))
    return queue
  }
}
