import { createStore } from 'zustand/vanilla'
import type { InputFile } from '../../model/datasets/input'
import type { Dataset, DatasetSummary } from '../../model/datasets/types'
import type { SavedSource } from './storage'
import type { Metric } from '../../model/neighbours'
import type { LoadProgress } from '../../workers/parseClient'
import { validateProjectionParams } from '../../model/projection/params'
import type { ProjectionMethod } from '../../model/projection/types'
import type { SavedLayout } from './projectorLayout'
import type { BackendTrial } from '../../model/training/backend'
import type { BackendName, TfBackendName } from '../../model/training/backendNames'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../model/training/params'

export type Status = 'empty' | 'ready' | 'training' | 'paused' | 'error'

export interface DatasetSlice {
  dataset: Dataset | null
  summary: DatasetSummary | null
  /** Bundled dataset id, when the dataset is a bundled one. */
  builtin: string | null
  loading: boolean
  /** How far the load in progress has got (bytes read, or parsing), for the progress bar. */
  loadProgress: LoadProgress | null
  /** The embeddings of a dropped projector_config.json, when it has several. */
  embeddings: { names: string[]; current: string } | null
  /** Where the current dataset came from, so the session can be kept and restored. */
  source: SavedSource | null
}

export interface TrainingSlice {
  status: Status
  params: TrainParams
  epoch: number
  step: number
  loss: number | null
  stepsPerSecond: number
  /**
   * What was chosen for the loaded dataset's size and the backend (batch size, rate schedule,
   * optimiser) and why; null until a dataset that trains is loaded, or for a kept or linked run.
   */
  /** Steps in one epoch of the loaded model (0 before one is loaded). */
  stepsPerEpoch: number
  fitted: { scale: 'classroom' | 'large'; examples: number; reason: string } | null
  backend: BackendName | null
  /** The tfjs backend beside a 'js' choice (what trains everything the kernel does not). */
  backendTf: TfBackendName | null
  backendReason: string
  backendTrials: BackendTrial[]
  /** True when the user forced the backend instead of the automatic choice. */
  backendForced: boolean
  /** Speed limit in steps per second; null = full speed. */
  speed: number | null
  /** How many epochs the Train button runs; null = until paused. */
  trainFor: number | null
  /** Mean loss per completed epoch of the current run, for the loss chart (index = epoch − 1). */
  lossHistory: readonly number[]
  /** Latest objective figures, e.g. `accuracy:family` or `heldOutAuc`. */
  metrics: Record<string, number>
  /** Set while the history scrubber shows an earlier epoch instead of the newest vectors. */
  replay: { epoch: number } | null
  /** Bumped when the replay history gains or loses snapshots. */
  historyVersion: number
}

export interface ProjectionSlice {
  method: ProjectionMethod
  dims: 2 | 3
  /** Projection iteration of the current layout. */
  projectionStep: number
  /** Share of variance per PCA component on the axes, for the axis legend. */
  explained: number[]
  /** Which principal components the axes show (1-based). */
  axes: number[]
  /** Set when UMAP/t-SNE shows a random sample of the points (above 20,000). */
  sampled: { shown: number; total: number } | null
  /** Bumped whenever new positions and vectors arrive; the scene reads the buffers themselves. */
  version: number
  /** Parameters per method, defaults filled in. */
  projectionParams: Record<ProjectionMethod, Record<string, number>>
  /** False while the user has paused the layout optimisation. */
  layoutRunning: boolean
  /**
   * Set while the layout shown (method 'precomputed') is the coordinates a saved view brought (a
   * Projector bookmark's): the view's own method, which resumes when the projection is changed
   * or training moves the vectors, and the coordinates.
   */
  savedLayout: { method: ProjectionMethod; layout: SavedLayout } | null
  /** The last measurement of how faithful the layout is; null until measured (or after a change). */
  quality: {
    recall: number
    trustworthiness: number
    k: number
    epoch: number
    /** The layout's neighbour graph: approximate or exact, and its recall against exact kNN. */
    graph?: { approximate: boolean; k: number; recall: number; sample: number }
  } | null
  qualityPending: boolean
}

/** Colour scheme of the whole page and the plot. */
export type Theme = 'dark' | 'light'

/** What the search box looks for; `field` is 'label', 'all' or an attribute name. */
export interface SearchState {
  text: string
  regex: boolean
  field: string
  /** Matching item indices (truncated to the first 100,000), their full count and a problem with the pattern. */
  matches: number[]
  total: number
  error: string | null
}

/** A one-off request to move the camera; `nonce` makes a repeated request a new one. */
export interface CameraRequest {
  kind: 'fit-data' | 'fit-selection' | 'reset' | 'set'
  nonce: number
  /** For 'set': where the camera goes (a shared link's camera). */
  position?: [number, number, number]
  target?: [number, number, number]
}

/** How a numeric column is coloured (ViewSlice.colorAs). */
export type ColorAs = 'auto' | 'categories' | 'numbers'

export interface ViewSlice {
  /** The primary selected item: its neighbours are listed and drawn. */
  selected: number | null
  /** Every selected item (click, shift-click, box, lasso, search), the primary one included. */
  selection: number[]
  /** Items left visible by "Isolate"; null shows all. */
  isolated: number[] | null
  hovered: number | null
  /** Where the pointer was (CSS px in the plot) when `hovered` last changed, for the hover card. */
  hoverAt: [number, number] | null
  colorBy: string | null
  /**
   * How a numeric "colour by" column is coloured: 'auto' (the Projector's rule: categories up to
   * 50 distinct values, else a ramp), 'categories' or 'numbers'. Default 'auto'.
   */
  colorAs: ColorAs
  /** Attribute whose value labels the points in the plot; null = the item's label. */
  labelBy: string | null
  /** Multiplier of the point size: 0.25–4, default 1. */
  pointScale: number
  /** How many neighbours the list shows: 5–100, default 10. */
  neighbourK: number
  /** Similarity the neighbour list uses (always on the original vectors). */
  metric: Metric
  search: SearchState
  theme: Theme
  autoRotate: boolean
  /** Collapsed side panels (to give the plot the room at 1280×720). */
  collapsed: { left: boolean; right: boolean }
  /** 2D drag gesture: draw a lasso or a box to select. */
  selectTool: 'lasso' | 'box'
  camera: CameraRequest | null
  /** A passing message that is not an error (e.g. a shared link that could not be used). */
  notice: string | null
  /** What is shown came from a shared link and is not kept; the kept session is untouched. */
  linked: boolean
  /** Presenter mode: large type, only the essential controls, the key overlay shown. */
  presenter: boolean
  /** The keyboard shortcut overlay is open. */
  keysOpen: boolean
  /** The neighbour tour's position: which neighbour (rank, 1-based) of the selection is shown. */
  tour: { anchor: number; rank: number } | null
  /** Text for screen readers (a polite live region). */
  announcement: string
  /** The message the user sees for the last failure; null when all is well. */
  error: string | null
  /** A question the app needs answered to load what was dropped (a `.bytes` file's dimension). */
  question: {
    kind: 'dimension'
    file: string
    suggestion?: number
    /** The files waiting for the answer. */
    files: Array<File | InputFile>
  } | null
}

export type AppState = DatasetSlice & TrainingSlice & ProjectionSlice & ViewSlice

const datasetSlice = (): DatasetSlice => ({
  dataset: null,
  summary: null,
  builtin: null,
  loading: false,
  loadProgress: null,
  embeddings: null,
  source: null,
})
const trainingSlice = (): TrainingSlice => ({
  status: 'empty',
  params: DEFAULT_TRAIN_PARAMS,
  epoch: 0,
  step: 0,
  loss: null,
  stepsPerSecond: 0,
  fitted: null,
  stepsPerEpoch: 0,
  backend: null,
  backendTf: null,
  backendReason: '',
  backendTrials: [],
  backendForced: false,
  speed: null,
  trainFor: null,
  lossHistory: [],
  metrics: {},
  replay: null,
  historyVersion: 0,
})
const projectionSlice = (): ProjectionSlice => ({
  method: 'pca',
  dims: 3,
  projectionStep: 0,
  explained: [],
  axes: [1, 2, 3],
  sampled: null,
  version: 0,
  projectionParams: {
    pca: validateProjectionParams('pca'),
    umap: validateProjectionParams('umap'),
    tsne: validateProjectionParams('tsne'),
    precomputed: {},
  },
  layoutRunning: true,
  savedLayout: null,
  quality: null,
  qualityPending: false,
})
export const EMPTY_SEARCH: SearchState = {
  text: '',
  regex: false,
  field: 'all',
  matches: [],
  total: 0,
  error: null,
}

const viewSlice = (): ViewSlice => ({
  selected: null,
  selection: [],
  isolated: null,
  hovered: null,
  hoverAt: null,
  colorBy: null,
  colorAs: 'auto',
  labelBy: null,
  pointScale: 1,
  neighbourK: 10,
  metric: 'cosine',
  search: EMPTY_SEARCH,
  theme: 'dark',
  autoRotate: false,
  collapsed: { left: false, right: false },
  selectTool: 'lasso',
  camera: null,
  notice: null,
  linked: false,
  presenter: false,
  keysOpen: false,
  tour: null,
  announcement: '',
  error: null,
  question: null,
})

/** One store built from slices; created with `createStore` so it works without React. */
export function createSessionStore() {
  return createStore<AppState>()(() => ({
    ...datasetSlice(),
    ...trainingSlice(),
    ...projectionSlice(),
    ...viewSlice(),
  }))
}

export type SessionStore = ReturnType<typeof createSessionStore>
