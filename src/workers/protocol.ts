import type { Dataset } from '../model/datasets/types'
import type { ProjectionMethod } from '../model/projection/types'
import type { BackendChoice, BackendName } from '../model/training/backend'
import type { SavedVariable } from '../model/training/objective'
import type { TrainParams } from '../model/training/params'
import type { Progress } from '../model/training/session'

/** Main thread → training worker. */
export type TrainingRequest =
  /** Hands over the port to the projection worker; the worker then picks its backend. */
  | {
      type: 'init'
      port: MessagePort
      backends?: BackendName[]
      /** The backend chosen on an earlier visit: checked and used alone, all tried if it fails. */
      remembered?: BackendName
    }
  /** Load a dataset; `start` resumes a saved run from its vectors, epoch and step. */
  | {
      type: 'load'
      dataset: Dataset
      params: TrainParams
      start?: {
        data: Float32Array
        epoch: number
        step: number
        /** Every trained variable of the kept run (heads, biases…), when it was kept whole. */
        variables?: SavedVariable[]
      }
    }
  /** Trains `epochs` more epochs, or until paused when omitted. */
  | { type: 'train'; epochs?: number }
  | { type: 'pause' }
  /** One batch, while paused. */
  | { type: 'step' }
  /** Speed limit in steps per second (null: as fast as possible). */
  | { type: 'speed'; stepsPerSecond: number | null }
  /** Use this backend from now on ('auto': the fastest correct one); the run restarts from its seed. */
  | { type: 'backend'; backend: BackendName | 'auto' }
  /** New random initialisation of the same dataset with these params (a new seed, another dimension…). */
  | { type: 'reset'; params: TrainParams }
  /** The run's trained variables now, to keep it whole (answered with `state`). */
  | { type: 'state'; id: number }
  /** These vectors as a tfjs Layers model in tfjs's save format (answered with `model`). */
  | {
      type: 'exportModel'
      id: number
      vectors: Float32Array
      items: number
      dim: number
      name: string
    }

/** Training worker → main thread. */
export type TrainingEvent =
  | { type: 'ready' }
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'loaded'; items: number; dim: number; stepsPerEpoch: number }
  | { type: 'progress'; progress: Progress }
  | { type: 'stopped'; reason: 'done' | 'paused'; progress: Progress }
  /** Objective figures (accuracy per attribute, held-out score), about once a second while training. */
  | { type: 'metrics'; step: number; metrics: Record<string, number> }
  | { type: 'error'; message: string }
  /** The answer to `state`: every trained variable at this step (none without a model). */
  | { type: 'state'; id: number; epoch: number; step: number; variables: SavedVariable[] }
  /** The files of an `exportModel` request. */
  | { type: 'model'; id: number; modelJson: string; weights: ArrayBuffer; weightsName: string }

/** Training worker → projection worker, over the MessageChannel (never through the main thread). */
export interface SnapshotMessage {
  type: 'snapshot'
  /** Increases with every load or reset, so stale snapshots of an older model can be told apart. */
  run: number
  step: number
  epoch: number
  loss: number | null
  items: number
  dim: number
  data: Float32Array
}

/** Main thread → projection worker. */
export type ProjectionRequest =
  | { type: 'init'; port: MessagePort }
  /** Switch method or 2D/3D (or change its parameters); the new layout starts from the current one where it can. */
  | { type: 'method'; method: ProjectionMethod; dims: 2 | 3; params?: Record<string, number> }
  /** Run or pause the layout optimisation (training snapshots are still taken in). */
  | { type: 'running'; running: boolean }
  /** Throw the layout away and start again from a fresh seeded one. */
  | { type: 'restart' }
  /** Nudge every point by noise of `scale` × the layout's RMS radius. */
  | { type: 'perturb'; scale: number }
  /** Measure how well the current layout keeps each point's k nearest neighbours. */
  | { type: 'quality'; k: number }
  /** Lay out an earlier snapshot of the run (the history scrubber) at once, as if it just arrived. */
  | { type: 'replay'; snapshot: SnapshotMessage }

/** Projection worker → main thread: the layout and the vectors it was computed from. */
export interface PositionsMessage {
  type: 'positions'
  run: number
  step: number
  epoch: number
  loss: number | null
  method: ProjectionMethod
  dims: 2 | 3
  /** Projection iterations since the last snapshot. */
  iteration: number
  items: number
  dim: number
  positions: Float32Array
  /** The vectors the layout was computed from; null when they are the ones sent last time. */
  vectors: Float32Array | null
  info: Record<string, number[] | number>
}

/** Projection worker → main thread: how faithful the current layout is. */
export interface QualityMessage {
  type: 'quality'
  run: number
  step: number
  epoch: number
  k: number
  /** Mean share of each point's k original neighbours (cosine) that are among its k layout neighbours. */
  recall: number
  /** Trustworthiness T(k): 1 when no layout neighbour is a stranger in the original space. */
  trustworthiness: number
  /** Per point recall, for colouring by preservation. */
  pointRecall: Float32Array
}

export type ProjectionEvent =
  { type: 'ready' } | PositionsMessage | QualityMessage | { type: 'error'; message: string }

/** For exhaustive switches: a message type the handler does not know is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`)
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
