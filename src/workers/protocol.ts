import type { LoadExtras } from '../model/datasets/extras'
import type { InputFile, ParseOptions } from '../model/datasets/input'
import type { Dataset } from '../model/datasets/types'
import type { Metric } from '../model/neighbours'
import type { AxisGroups } from '../model/projection/customAxes'
import type { Layout } from '../model/projection/precomputed'
import type { ProjectionMethod } from '../model/projection/types'
import type { BackendChoice, BackendName } from '../model/training/backend'
import type { Divergence } from '../model/training/messages'
import type { SavedVariable } from '../model/training/objective'
import type { TrainParams } from '../model/training/params'
import type { PartialEpoch, SavedWeight } from '../model/training/runState'
import type { Progress } from '../model/training/session'

/*
 * Every message that crosses a thread, one section per worker. Requests that expect an answer
 * carry an `id` (rpc.ts fills it in) and are listed in that worker's `*_REPLIES` with the type of
 * their answer; everything else a worker posts without an id is an event for the listener that
 * the client registers once.
 */

// ---- shared by every worker (rpc.ts) ----

/**
 * An error as it crosses a thread: an Error's fields, plus a DatasetError's. The client rebuilds
 * a DatasetError (`dataset: true`) or a plain Error with the same `name` and `message`.
 */
export interface SerializedError {
  name: string
  message: string
  /** Whether it was a DatasetError (bad input) rather than a bug or a RangeError in options. */
  dataset: boolean
  file?: string
  line?: number
  column?: number
  code?: 'needs-dimension'
  suggestion?: number
}

/**
 * The one error shape every worker posts: with the `id` of the request that failed (its caller's
 * promise rejects), or without one (the client's error listener hears of it).
 */
export interface ErrorMessage {
  type: 'error'
  id?: number
  error: SerializedError
}

/** The first message of every worker: it is listening. The client sends nothing before it. */
export interface ReadyMessage {
  type: 'ready'
}

/**
 * Main thread → any worker: are you there? `serve` answers at once with a `pong`, outside the
 * handler, so a supervised client hears from a live worker however busy its handler is.
 */
export interface PingMessage {
  type: 'ping'
}

/** The answer to a `ping`. */
export interface PongMessage {
  type: 'pong'
}

/**
 * Any worker → main thread, unasked: "still alive". A worker busy in one long synchronous
 * computation cannot answer pings, so its loops call a beacon (`beacon` in rpc.ts) that posts
 * this about once a second from the middle of the loop; the client counts it as being heard from.
 */
export interface AliveMessage {
  type: 'alive'
}

/** Main thread → any worker: stop working on request `id` (its caller has already given up). */
export interface CancelMessage {
  type: 'cancel'
  id: number
}

/** What rpc.ts needs to know of a worker's messages: both directions, and which are answers. */
export interface Protocol {
  /** Main thread → worker. */
  request: { type: string; id?: number }
  /** Worker → main thread: answers (with the request's id), events and errors. */
  event: { type: string; id?: number }
  /** Request type → the type of the message that answers it. */
  replies: Readonly<Record<string, string>>
}

// ---- training worker ----

/** Main thread → training worker. */
export type TrainingRequest =
  /** Hands over the port to the projection worker; the worker then picks its backend. */
  | {
      type: 'init'
      port: MessagePort
      backends?: BackendName[]
      /** The backend chosen on an earlier visit: checked and used alone, all tried if it fails. */
      remembered?: BackendName
      /** Runs started before this worker (a restarted worker goes on numbering them). Default 0. */
      runs?: number
      /**
       * Start at once on the first quick backend (wasm) that passes the check; every backend is
       * timed elsewhere meanwhile and the result comes as `timed`. Default false: time them here.
       */
      quick?: boolean
    }
  /** Every backend's timing (done in another worker): the run moves to the fastest if it is another. */
  | { type: 'timed'; choice: BackendChoice }
  /** A new port to the projection worker (it was restarted): snapshots go there from now on. */
  | { type: 'port'; port: MessagePort }
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
        /** Its optimiser's state (step count, moments), so the loss goes on as it would have. */
        optimizer?: SavedWeight[]
        /** The loss accounting of its unfinished epoch. */
        partial?: PartialEpoch
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
  | { type: 'backend'; choice: BackendChoice }
  /** The GPU under `backend` went away (WebGPU device lost, WebGL context lost): restart elsewhere. */
  | { type: 'gpuLost'; backend: BackendName; reason: string }
  | { type: 'loaded'; items: number; dim: number; stepsPerEpoch: number }
  | { type: 'progress'; progress: Progress }
  | { type: 'stopped'; reason: 'done' | 'paused'; progress: Progress }
  /** The loss or vectors became NaN/Infinity: the run was rolled back; a `stopped` follows. */
  | { type: 'diverged'; divergence: Divergence }
  /** Objective figures (accuracy per attribute, held-out score), about once a second while training. */
  | { type: 'metrics'; step: number; metrics: Record<string, number> }
  | ErrorMessage
  /**
   * The answer to `state`: every trained variable, the optimiser's state and the loss accounting
   * at the last finite snapshot (no variables without a model).
   */
  | {
      type: 'state'
      id: number
      epoch: number
      step: number
      variables: SavedVariable[]
      optimizer: SavedWeight[]
      partial: PartialEpoch | null
    }
  /** The files of an `exportModel` request. */
  | { type: 'model'; id: number; modelJson: string; weights: ArrayBuffer; weightsName: string }

/** The training worker's requests that are answered, and the type of their answers. */
export const TRAINING_REPLIES = { state: 'state', exportModel: 'model' } as const

/** The training worker's messages, for rpc.ts. */
export interface TrainingProtocol {
  request: TrainingRequest
  event: TrainingEvent
  replies: typeof TRAINING_REPLIES
}

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

// ---- projection worker ----

/** Main thread → projection worker. */
export type ProjectionRequest =
  | { type: 'init'; port: MessagePort }
  /** Switch method or 2D/3D (or change its parameters); the new layout starts from the current one where it can. */
  | {
      type: 'method'
      method: ProjectionMethod
      dims: 2 | 3
      params?: Record<string, number>
      /** The dataset's own layout, for method 'precomputed' (a copy: it is transferred). */
      layout?: Layout
    }
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
  /**
   * The Projector's custom projection (customAxesLayout) of the newest vectors this worker holds,
   * answered with `customAxes`; the layout it shows is left as it is.
   */
  | { type: 'customAxes'; id: number; groups: AxisGroups }

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
  /**
   * The neighbour graph the layout was built on (UMAP, t-SNE; absent for PCA): whether it is
   * approximate, and its recall against exact kNN on a sample of points (1 when exact).
   */
  graph?: { approximate: boolean; k: number; recall: number; sample: number }
}

/** Projection worker → main thread: the answer to `customAxes`. */
export interface CustomAxesMessage {
  type: 'customAxes'
  id: number
  /** The run of the vectors it was computed from. */
  run: number
  /** Items × 2: each item's x and y. */
  positions: Float32Array
}

/** Projection worker → main thread. */
export type ProjectionEvent = PositionsMessage | QualityMessage | CustomAxesMessage | ErrorMessage

/** The projection worker's requests that are answered (the others only change what it posts). */
export const PROJECTION_REPLIES = { customAxes: 'customAxes' } as const

/** The projection worker's messages, for rpc.ts. */
export interface ProjectionProtocol {
  request: ProjectionRequest
  event: ProjectionEvent
  replies: typeof PROJECTION_REPLIES
}

// ---- parse worker ----

/** Main thread → parse worker. Bytes of files read by the client are transferred, not copied. */
export interface ParseRequest {
  type: 'parse'
  /** Echoed in every answer, so an answer to an older request can be told apart. */
  id: number
  files: InputFile[]
  options?: ParseOptions
  /** Names of the load's other files (images the parser is not given), for a config's sprite. */
  otherNames?: string[]
}

/** Parse worker → main thread. */
export type ParseEvent =
  /** The files arrived and parsing began (it runs in one go: no progress within it). */
  | { type: 'phase'; id: number; phase: 'parsing' }
  | { type: 'parsed'; id: number; dataset: Dataset; extras: LoadExtras }
  | ErrorMessage

/** The parse worker's requests that are answered, and the type of their answers. */
export const PARSE_REPLIES = { parse: 'parsed' } as const

/** The parse worker's messages, for rpc.ts. */
export interface ParseProtocol {
  request: ParseRequest
  event: ParseEvent
  replies: typeof PARSE_REPLIES
}

// ---- compare worker ----

/** Main thread → compare worker. `id` is echoed in every answer to the request. */
export type CompareRequest =
  /** 2D PCA positions of `items` row-major vectors of dimension `dim`. */
  | { type: 'project'; id: number; vectors: Float32Array; items: number; dim: number }
  /**
   * Per item, the share of its k nearest neighbours in space `a` that are also among its k nearest
   * in space `b`. Row i of `a` and row i of `b` are the same item. `k` defaults to 10 (fewer when
   * there are fewer other items), `metric` to cosine.
   */
  | {
      type: 'agreement'
      id: number
      a: Float32Array
      dimA: number
      b: Float32Array
      dimB: number
      items: number
      k?: number
      metric?: Metric
    }

/** Compare worker → main thread. */
export type CompareEvent =
  /** `positions`: items × 2; `explained`: share of the variance of each of the two axes. */
  | { type: 'positions'; id: number; positions: Float32Array; explained: number[] }
  /** How much of an agreement measurement is done, 0–1 (after each space's neighbour graph). */
  | { type: 'progress'; id: number; share: number }
  /** `perItem`: share (0–1) per item; `mean`: their mean; `k`: neighbours compared per item. */
  | { type: 'agreement'; id: number; perItem: Float32Array; mean: number; k: number }
  | ErrorMessage

/** The compare worker's requests, all answered, and the type of their answers. */
export const COMPARE_REPLIES = { project: 'positions', agreement: 'agreement' } as const

/** The compare worker's messages, for rpc.ts. */
export interface CompareProtocol {
  request: CompareRequest
  event: CompareEvent
  replies: typeof COMPARE_REPLIES
}

// ---- helpers ----

/** For exhaustive switches: a message type the handler does not know is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`)
}

/** An error's message, or the thrown value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

// ---- backend timing worker (started by the training worker on a first visit) ----

/** Training worker → timing worker: time these backends (answered with `probed`). */
export type ProbeRequest = { type: 'probe'; id: number; candidates: BackendName[] }

/** Timing worker → training worker: the fastest correct backend and every trial. */
export type ProbeEvent = { type: 'probed'; id: number; choice: BackendChoice } | ErrorMessage

export const PROBE_REPLIES = { probe: 'probed' } as const

/** The timing worker's messages, for rpc.ts. */
export interface ProbeProtocol {
  request: ProbeRequest
  event: ProbeEvent
  replies: typeof PROBE_REPLIES
}
