import { readFileSync } from 'node:fs'
import { parseWithExtras } from '../../src/model/datasets/index'
import { parseLoad } from '../../src/workers/parseHandler'
import type { InputFile } from '../../src/model/datasets/input'
import { customAxesLayout } from '../../src/model/projection/customAxes'
import { mulberry32 } from '../../src/model/training/random'
import {
  createSession,
  onPositions,
  onTrainingEvent,
  type Session,
  showError,
} from '../../src/app/session'
import type { TrainingRestart, WorkerClient } from '../../src/workers/client'
import type { ProjectionRequest, TrainingRequest } from '../../src/workers/protocol'

/**
 * Stand-ins for the training and projection workers, for the session core's tests in Node. They
 * answer the way the real ones do, in order but asynchronously (a microtask later): a load or
 * reset starts a new run and sends its first layout; `train` sends progress per epoch, then
 * `stopped` and the layout of the last step. Every message sent is kept in `sent`.
 */
export class FakeWorkers implements WorkerClient {
  sent: Array<TrainingRequest | ProjectionRequest> = []
  session!: Session
  private run = 0
  private step = 0
  private epoch = 0
  private items = 0
  private dim = 0
  private vectors: Float32Array = new Float32Array(0)
  /** While true, the workers take messages but never answer (a hung or dead worker). */
  silent = false
  /**
   * When set, the next `train` diverges the way the real worker reports it: progress up to epoch
   * `at - 1`, then `diverged` (the loss became NaN in epoch `at`), the layout of the rolled-back
   * state (the last snapshot, at epoch `backTo`) and `stopped`.
   */
  diverge: { at: number; backTo: number } | null = null

  training(msg: TrainingRequest): void {
    this.sent.push(msg)
    if (this.silent) return
    queueMicrotask(() => this.answerTraining(msg))
  }

  /** Answers `state` with the run's vectors as its one variable; other requests fail. */
  trainingRequest = ((msg: TrainingRequest) => {
    this.sent.push(msg)
    if (msg.type !== 'state') return Promise.reject(new Error(`${msg.type} is not faked`))
    return Promise.resolve({
      type: 'state',
      id: 0,
      epoch: this.epoch,
      step: this.step,
      variables: [{ shape: [this.items, this.dim], data: this.vectors.slice() }],
      optimizer: [],
      partial: null,
    })
  }) as WorkerClient['trainingRequest']

  projection(msg: ProjectionRequest): void {
    this.sent.push(msg)
  }

  /** Answers `customAxes` a microtask later, over the run's vectors, as the real worker does. */
  projectionRequest = ((msg: ProjectionRequest & { type: 'customAxes' }) => {
    this.sent.push({ ...msg, id: 0 })
    const { run, items, dim, vectors } = this
    return Promise.resolve().then(() => ({
      type: 'customAxes',
      id: 0,
      run,
      positions: customAxesLayout(vectors, items, dim, msg.groups),
    }))
  }) as WorkerClient['projectionRequest']

  /** How the training worker was restarted, each time (a restarted worker numbers runs on). */
  restarts: TrainingRestart[] = []
  restartTraining(how: TrainingRestart): void {
    this.restarts.push(how)
    this.run = how.runs
  }
  restartProjection(): void {}
  terminate(): void {}

  /** The messages of one type sent to either worker. */
  of<T extends (TrainingRequest | ProjectionRequest)['type']>(type: T) {
    return this.sent.filter((m) => m.type === type) as Extract<
      TrainingRequest | ProjectionRequest,
      { type: T }
    >[]
  }

  private answerTraining(msg: TrainingRequest): void {
    const s = this.session
    switch (msg.type) {
      case 'load':
        this.run++
        this.items = msg.dataset.labels.length
        this.dim = msg.params.dim
        this.epoch = msg.start?.epoch ?? 0
        this.step = msg.start?.step ?? 0
        this.vectors = msg.start?.data.slice() ?? this.randomVectors(msg.params.seed)
        return this.sendPositions()
      case 'reset':
        this.run++
        this.dim = msg.params.dim
        this.epoch = this.step = 0
        this.vectors = this.randomVectors(msg.params.seed)
        return this.sendPositions()
      case 'train': {
        if (this.diverge) return this.sendDivergence(this.diverge)
        const epochs = msg.epochs ?? 1
        const losses = Array.from({ length: epochs }, (_, i) => 1 / (this.epoch + i + 1))
        this.epoch += epochs
        this.step += epochs * 10
        for (let i = 0; i < this.vectors.length; i++) this.vectors[i] *= 0.9
        const progress = { step: this.step, epoch: this.epoch, loss: losses.at(-1)! }
        onTrainingEvent(s, {
          type: 'progress',
          progress: { ...progress, stepsPerSecond: 100, epochLosses: losses },
        })
        this.sendPositions()
        onTrainingEvent(s, {
          type: 'stopped',
          reason: 'done',
          progress: { ...progress, stepsPerSecond: 0, epochLosses: [] },
        })
        return
      }
      default:
        return
    }
  }

  private sendDivergence({ at, backTo }: { at: number; backTo: number }): void {
    const s = this.session
    this.diverge = null
    const losses = Array.from({ length: at - 1 - this.epoch }, (_, i) => 1 / (this.epoch + i + 1))
    const reached = { step: (at - 1) * 10, epoch: at - 1, loss: losses.at(-1) ?? null }
    onTrainingEvent(s, {
      type: 'progress',
      progress: { ...reached, stepsPerSecond: 100, epochLosses: losses },
    })
    this.epoch = backTo
    this.step = backTo * 10
    onTrainingEvent(s, {
      type: 'diverged',
      divergence: {
        epoch: at,
        what: 'loss',
        value: 'NaN',
        backTo: { step: this.step, epoch: backTo },
      },
    })
    this.sendPositions()
    const back = { step: this.step, epoch: backTo, loss: 1 / backTo }
    onTrainingEvent(s, {
      type: 'stopped',
      reason: 'paused',
      progress: { ...back, stepsPerSecond: 0, epochLosses: [] },
    })
  }

  private randomVectors(seed: number): Float32Array {
    const rand = mulberry32(seed)
    return Float32Array.from({ length: this.items * this.dim }, () => rand() - 0.5)
  }

  /**
   * A snapshot of these vectors (`dim` numbers each) from the training worker, laid out: the real
   * worker sends a file's own vectors back, where the fake sends random ones.
   */
  sendVectors(data: Float32Array, dim: number): void {
    this.vectors = data.slice()
    this.dim = dim
    this.sendPositions()
  }

  /** The projection worker's answer to a snapshot: the first three numbers of each vector. */
  sendPositions(run = this.run): void {
    const positions = new Float32Array(this.items * 3)
    for (let i = 0; i < this.items; i++)
      for (let d = 0; d < Math.min(3, this.dim); d++)
        positions[i * 3 + d] = this.vectors[i * this.dim + d]
    onPositions(this.session, {
      type: 'positions',
      run,
      step: this.step,
      epoch: this.epoch,
      loss: null,
      method: 'pca',
      dims: 3,
      iteration: 0,
      items: this.items,
      dim: this.dim,
      positions,
      vectors: this.vectors.slice(),
      info: {},
    })
  }

  /** A crash report from a worker, as its `error` event would bring it. */
  crash(message: string): void {
    showError(this.session, message)
  }
}

/** A session over fake workers, parsing in-thread and reading bundled datasets from public/. */
export function fakeSession(): { session: Session; workers: FakeWorkers } {
  const workers = new FakeWorkers()
  const session = createSession({
    workers,
    fetchText: async (url) =>
      readFileSync(`public/${url.replace(/^.*datasets\//, 'datasets/')}`, 'utf8'),
    // Columnar files (Parquet, Arrow) are read asynchronously, as the parse worker reads them.
    parser: async (files, options) =>
      files.some((f) => /\.(parquet|arrow|feather)$/i.test(f.name))
        ? parseLoad(files as InputFile[], options)
        : parseWithExtras(files as InputFile[], options),
  })
  workers.session = session
  return { session, workers }
}
