import type { Dataset } from '../model/datasets/types'
import { type BackendChoice, type BackendName, chooseBackend } from '../model/training/backend'
import { learningRateAt, type TrainParams } from '../model/training/params'
import { TrainingSession } from '../model/training/session'
import { createObjective } from '../model/training/createObjective'
import { assertFiniteVectors, NOT_FINITE } from '../model/export'
import { firstNonFinite } from '../model/finite'
import { NOTHING_TO_TRAIN } from '../model/training/messages'
import { type Objective, restoreVariables, type SavedVariable } from '../model/training/objective'
import { restoreOptimizer } from '../model/training/runState'
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

type ResumeFrom = Extract<TrainingRequest, { type: 'load' }>['start'] & {}

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
  /** Calls `lost` when the GPU under the chosen backend goes away (browser only). */
  watchGpuLoss?: (backend: BackendName, lost: (why: string) => void) => void
}

/** The backends a first visit starts training on at once (no GPU start-up, no timing of others). */
const QUICK_START: BackendName[] = ['wasm', 'cpu']

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
  /** True while a run is paused to move it to a faster backend. */
  let moving = false

  /** Tells the main thread about the backend in use, and watches its GPU. */
  function chosen(choice: BackendChoice) {
    deps.post({ type: 'backend', choice })
    deps.watchGpuLoss?.(choice.backend, (reason) =>
      deps.post({ type: 'gpuLost', backend: choice.backend, reason }),
    )
  }

  /**
   * A first visit trains at once on the first quick backend that passes the correctness check,
   * while every backend is timed in another worker (`timed` brings the result, see moveTo).
   */
  function quickStart(all: BackendName[]): Promise<BackendChoice> {
    const quick = QUICK_START.filter((b) => all.includes(b))
    if (quick.length === 0) return chooseBackend(all, { describe: deps.describe })
    // The typed-array kernel has no start-up to wait for: it goes beside the first quick tfjs one.
    const first: BackendName[] = all.includes('js') ? ['js', quick[0]] : [quick[0]]
    return chooseBackend(first, { describe: deps.describe }).then(
      (c) => ({
        ...c,
        provisional: true,
        reason: `${c.backend}: ready at once (${c.trials.find((t) => t.backend === c.backend)?.msPerStep?.toFixed(1)} ms/step); timing the other backends meanwhile.`,
      }),
      () => chooseBackend(all, { describe: deps.describe }),
    )
  }

  /**
   * Moves the run to the backend the timing chose, without losing anything: it is paused at a
   * snapshot, its whole state (variables, optimiser, tally) is put into a model built on the new
   * backend, and it goes on where it was if it was training.
   */
  async function moveTo(best: BackendChoice, current: BackendName) {
    if (best.backend === current) {
      chosen(best) // the same backend, now with every backend's timing to show
      return
    }
    const s = session
    const wasRunning = s?.isRunning ?? false
    const target = s?.target ?? null
    moving = true
    try {
      await stopRun()
    } finally {
      moving = false
    }
    const state = s ? await s.keptState() : null
    let choice: BackendChoice
    try {
      choice = await chooseBackend([best.backend], { describe: deps.describe })
    } catch {
      await chooseBackend([current]) // it worked in the other worker but not here: stay
      return
    }
    backend = Promise.resolve(choice)
    chosen({ ...best, reason: `${best.reason} The run moved to it from ${current}.` })
    if (!dataset || !params) return
    const resume = state && {
      data: state.variables[0].data,
      epoch: state.epoch,
      step: state.step,
      variables: state.variables,
      optimizer: state.optimizer,
      partial: state.partial,
    }
    await build(dataset, params, resume ?? undefined, true)
    if (wasRunning && session) running = session.run(target).catch(fail)
  }

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

  async function build(ds: Dataset, p: TrainParams, resume?: ResumeFrom, sameRun = false) {
    await stopRun()
    if (!sameRun) run++
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
    const o = createObjective(ds, p, {
      start: resume?.data ?? seeded,
      kernel: choice.backend === 'js',
    })
    objective = o
    try {
      // A run kept whole gets its prediction heads back too, so its loss goes on from where it was.
      const whole = resume?.variables ? await restoreVariables(o, resume.variables) : false
      // …and its optimiser's moments and step count, so the loss curve goes on as it would have.
      if (whole && resume?.optimizer) await restoreOptimizer(o, resume.optimizer)
    } catch (e) {
      if (objective === o) throw e
    }
    // A newer load or build took over while this one was restored (and disposed of `o`).
    if (objective !== o) return
    session = new TrainingSession(
      o,
      {
        snapshot: (s) =>
          port?.postMessage({ type: 'snapshot', run: thisRun, ...s }, [s.data.buffer]),
        progress: (progress) => {
          deps.post({ type: 'progress', progress })
          if (deps.now() - lastMetricsAt > 1000) void postMetrics().catch(fail)
        },
        stopped: (reason, progress) => {
          // A run paused only to move to another backend has not stopped for the user.
          if (moving) return deps.post({ type: 'progress', progress })
          deps.post({ type: 'stopped', reason, progress })
          void postMetrics().catch(fail)
        },
        diverged: (divergence) => deps.post({ type: 'diverged', divergence }),
      },
      {
        now: deps.now,
        yieldToEvents: deps.yieldToEvents,
        learningRate: scheduleOf(p, o.stepsPerEpoch),
      },
    )
    session.maxStepsPerSecond = speed
    if (resume) session.resumeAt(resume)
    deps.post({
      type: 'loaded',
      items: o.items,
      dim: o.dim,
      stepsPerEpoch: o.stepsPerEpoch,
    })
  }

  async function handle(msg: TrainingRequest): Promise<void> {
    switch (msg.type) {
      case 'init': {
        port = msg.port
        run = msg.runs ?? 0
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
            : msg.quick
              ? quickStart(all)
              : chooseBackend(all, { describe: deps.describe })
        backend.then(chosen, fail)
        return
      }
      case 'port':
        port = msg.port
        return
      case 'timed': {
        // Queued like any message, so it never lands in the middle of a load or a step.
        if (!backend) return
        const current = await backend
        // Only the quick start waits for it: a backend the user picked meanwhile (or "Auto",
        // which timed them all again) stays.
        if (!current.provisional) return
        await moveTo(msg.choice, current.backend)
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
        chosen(choice)
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
        const s = session
        const bad = (vs: SavedVariable[]) => vs.some((v) => firstNonFinite(v.data) !== null)
        // The last finite snapshot's state: read while nothing trained, so all of it is of one step.
        const state = s ? await s.keptState() : null
        if (state && (bad(state.variables) || bad(state.optimizer))) throw new Error(NOT_FINITE)
        const variables = state?.variables ?? []
        const optimizer = state?.optimizer ?? []
        deps.post(
          {
            type: 'state',
            id: msg.id,
            epoch: state?.epoch ?? 0,
            step: state?.step ?? 0,
            variables,
            optimizer,
            partial: state?.partial ?? null,
          },
          [...variables, ...optimizer].map((v) => v.data.buffer), // copies made for this answer
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
