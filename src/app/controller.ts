import type { InputFile, ParseOptions } from '../model/datasets/input'
import { parseInWorker } from '../workers/parseClient'
import type { DatasetSummary } from '../model/datasets/types'
import { type Metric, nearestNeighbours, pairSimilarity } from '../model/neighbours'
import type { BackendName } from '../model/training/backendNames'
import { NOTHING_TO_TRAIN } from '../model/training/messages'
import { validateTrainParams, type TrainParams } from '../model/training/params'
import type { WorkerClient } from '../workers/client'
import type { PositionsMessage, TrainingEvent } from '../workers/protocol'
import { emptyBuffers, type LiveBuffers } from './live'
import { LayoutActions } from './layoutActions'
import { shareUrl } from './sharing'
import { rememberBackend } from './backendMemory'
import { DatasetActions } from './datasetActions'
import { Loading, type Parser } from './loading'
import { ReplayActions } from './replayActions'
import { ViewActions } from './viewActions'
import type { SavedSource, SavedState } from './storage'
import type { AppStore } from './store'

export interface NeighbourRow {
  index: number
  label: string
  similarity: number
  distance: number
}

type Waiter = { run: number; step: number; resolve: () => void }
type ModelFilesEvent = Extract<TrainingEvent, { type: 'model' }>
type StateEvent = Extract<TrainingEvent, { type: 'state' }>

/**
 * The app's actions. The UI and `window.embeddingExplorer` both call these, so a script does
 * exactly what the matching control does.
 */
export class Controller {
  readonly live: LiveBuffers = emptyBuffers()
  /** Which run of the training worker the current buffers belong to (bumped per load/reset). */
  private run = 0
  private stopWaiters: ((reason: 'done' | 'paused', step: number) => void)[] = []
  private positionWaiters: Waiter[] = []

  constructor(
    readonly store: AppStore,
    readonly workers: WorkerClient,
    fetchText: (url: string) => Promise<string>,
    parser: Parser = parseInWorker,
  ) {
    this.layout = new LayoutActions(
      store,
      workers,
      this.live,
      () => this.run,
      (e) => this.fail(e),
    )
    this.replay = new ReplayActions(store, workers, this.live, () => this.run)
    this.view = new ViewActions(store, (i, k, metric) =>
      this.neighboursOf(i, k, metric).map((n) => n.index),
    )
    this.data = new DatasetActions(this, new Loading(store, parser), fetchText)
  }

  /** Selection, search, neighbour list, styling, theme, panels and camera. */
  readonly view: ViewActions
  /** The training history and its scrubber. */
  readonly replay: ReplayActions

  /** Mean loss per completed epoch of the current run, for the loss chart (index = epoch − 1). */
  readonly lossHistory: number[] = []

  private recordLosses(losses: number[]) {
    if (losses.length === 0) return
    this.lossHistory.push(...losses)
    this.store.setState((s) => ({ lossVersion: s.lossVersion + 1 }))
  }

  /** Starts a new run (a load or reset): later events of the old one are ignored. */
  beginRun(): number {
    this.run++
    this.clearHistory()
    return this.run
  }

  /** Forgets what belonged to the previous run: loss curve, metrics and layout quality. */
  private clearHistory() {
    this.lossHistory.length = 0
    this.live.pointRecall = null
    this.replay.clear()
    this.store.setState((s) => ({ lossVersion: s.lossVersion + 1, metrics: {}, quality: null }))
  }

  // ---- events from the workers ----

  onTraining(e: TrainingEvent): void {
    const set = this.store.setState
    switch (e.type) {
      case 'loaded':
        return
      case 'backend':
        if (!e.choice.forced && !e.choice.remembered) rememberBackend(e.choice.backend)
        set({
          backend: e.choice.backend,
          backendReason: e.choice.reason,
          backendTrials: e.choice.trials,
          backendForced: e.choice.forced ?? false,
        })
        return
      case 'progress':
        this.recordLosses(e.progress.epochLosses)
        set({
          epoch: e.progress.epoch,
          step: e.progress.step,
          loss: e.progress.loss,
          stepsPerSecond: e.progress.stepsPerSecond,
        })
        return
      case 'stopped':
        this.recordLosses(e.progress.epochLosses)
        set({
          status: 'paused',
          epoch: e.progress.epoch,
          step: e.progress.step,
          loss: e.progress.loss,
          stepsPerSecond: 0,
        })
        for (const w of this.stopWaiters.splice(0)) w(e.reason, e.progress.step)
        return
      case 'metrics':
        set({ metrics: e.metrics })
        return
    }
  }

  onPositions(m: PositionsMessage): void {
    if (m.run !== this.run) return // a layout of a model that has since been replaced
    if (!m.vectors && this.live.run !== m.run) return // no vectors of this run yet to pair it with
    this.replay.record(m)
    Object.assign(this.live, {
      run: m.run,
      step: m.step,
      items: m.items,
      dim: m.dim,
      dims: m.dims,
      vectors: m.vectors ?? this.live.vectors,
      positions: m.positions,
    })
    const s = this.store.getState()
    this.store.setState({
      version: s.version + 1,
      projectionStep: m.iteration,
      explained: (m.info.explainedVariance as number[] | undefined) ?? [],
      axes: (m.info.axes as number[] | undefined) ?? [1, 2, 3],
      sampled:
        typeof m.info.sampled === 'number' ? { shown: m.info.sampled, total: m.items } : null,
    })
    this.positionWaiters = this.positionWaiters.filter((w) => {
      if (w.run !== m.run || m.step < w.step) return true
      w.resolve()
      return false
    })
  }

  onError(message: string): void {
    this.store.setState({
      error: message,
      status: this.store.getState().dataset ? this.store.getState().status : 'error',
    })
  }

  // ---- actions ----

  /** Projection actions: method, dims, parameters, run/pause/perturb, quality. */
  readonly layout: LayoutActions

  /** Loading: bundled datasets, files, the preview's choices, restoring a kept session. */
  readonly data: DatasetActions

  /** Where the current dataset came from, so the session can be kept and restored. */
  get source(): SavedSource | null {
    return this.data.source
  }

  loadBuiltin(id: string): Promise<DatasetSummary> {
    return this.data.loadBuiltin(id)
  }
  loadFiles(files: Array<File | InputFile>, options?: ParseOptions): Promise<DatasetSummary> {
    return this.data.loadFiles(files, options)
  }
  cancelLoad(): void {
    this.data.cancelLoad()
  }
  reloadWith(options: ParseOptions): Promise<DatasetSummary> {
    return this.data.reloadWith(options)
  }
  chooseEmbedding(name: string): Promise<DatasetSummary> {
    return this.data.chooseEmbedding(name)
  }
  answerDimension(dim: number | null): Promise<DatasetSummary | null> {
    return this.data.answerDimension(dim)
  }
  trainOnMetadata(keepReference: () => void): Promise<DatasetSummary> {
    return this.data.trainOnMetadata(keepReference)
  }
  restore(saved: { source: SavedSource; state: SavedState | null }): Promise<DatasetSummary> {
    return this.data.restore(saved)
  }

  /** Puts back view settings kept in a session or a shared link (see ViewActions.applySaved). */
  applyView(v: Parameters<ViewActions['applySaved']>[0]): void {
    this.view.applySaved(v)
  }

  /** Trains `epochs` more epochs and resolves when they are done and drawn; without epochs, trains until paused and resolves once started. */
  train(opts: { epochs?: number } = {}): Promise<void> {
    const s = this.store.getState()
    if (!s.dataset) return Promise.reject(this.fail(new Error('Load a dataset before training.')))
    if (s.dataset.kind === 'vectors')
      return Promise.reject(this.fail(new Error(NOTHING_TO_TRAIN(s.dataset.name))))
    if (opts.epochs !== undefined && !(Number.isInteger(opts.epochs) && opts.epochs > 0))
      return Promise.reject(this.fail(new RangeError('epochs must be a positive whole number')))
    this.store.setState({ status: 'training', error: null, replay: null })
    const run = this.run
    this.workers.training({ type: 'train', epochs: opts.epochs })
    if (opts.epochs === undefined) return Promise.resolve()
    return new Promise((resolve) => {
      this.stopWaiters.push((_reason, step) => void this.waitForPositions(run, step).then(resolve))
    })
  }

  pause(): void {
    this.workers.training({ type: 'pause' })
  }

  /** New random starting vectors: a new seed unless one is given. Other params stay. */
  reset(seed?: number): void {
    const newSeed = seed ?? Math.floor(Math.random() * 2 ** 31)
    this.applyParams({ seed: newSeed })
  }

  /** Validates new hyperparameters and restarts training from scratch with them (if a dataset is loaded). */
  applyParams(p: Partial<TrainParams>): void {
    let params: TrainParams
    try {
      params = validateTrainParams({ ...this.store.getState().params, ...p })
    } catch (e) {
      throw this.fail(e)
    }
    this.store.setState({ params, error: null })
    if (!this.store.getState().dataset) return
    this.run++
    this.clearHistory()
    this.store.setState({ status: 'ready', epoch: 0, step: 0, loss: null })
    this.workers.training({ type: 'reset', params })
  }

  /** One batch, while paused. */
  step(): void {
    const s = this.store.getState()
    if (!s.dataset || s.dataset.kind === 'vectors' || s.status === 'training') return
    this.workers.training({ type: 'step' })
  }

  /** Speed limit in steps per second; null for full speed. */
  setSpeed(stepsPerSecond: number | null): void {
    this.store.setState({ speed: stepsPerSecond })
    this.workers.training({ type: 'speed', stepsPerSecond })
  }

  /** Forces a backend ('auto' gives the choice back); the run restarts from its seed. */
  setBackend(backend: BackendName | 'auto'): void {
    this.run++
    this.clearHistory()
    const hasData = this.store.getState().dataset !== null
    this.store.setState({
      backend: null,
      backendReason: '',
      ...(hasData ? { status: 'ready', epoch: 0, step: 0, loss: null } : {}),
    })
    this.workers.training({ type: 'backend', backend })
  }

  select(label: string | null): void {
    this.view.select(label === null ? null : this.indexOf(label))
  }

  selectIndex(index: number | null): void {
    this.view.select(index)
  }

  neighboursOf(index: number, k = 10, metric: Metric = 'cosine'): NeighbourRow[] {
    const { items, dim, vectors } = this.live
    const labels = this.store.getState().dataset?.labels ?? []
    if (items === 0 || index >= items) return []
    return nearestNeighbours(vectors, items, dim, index, k, metric).map((n) => ({
      ...n,
      label: labels[n.index],
    }))
  }

  /** A link that reproduces the current view (bundled datasets only). */
  shareUrl(): string | null {
    return shareUrl(this, globalThis.location?.href ?? '')
  }

  /** Every trained variable of the run now, from the training worker (to keep the run whole). */
  trainingState(timeoutMs: number): Promise<StateEvent> {
    return this.workers.trainingRequest({ type: 'state' }, [], { timeoutMs })
  }

  /** The current vectors as a tfjs Layers model (model.json + weights), built in the training worker. */
  exportModel(name: string): Promise<ModelFilesEvent> {
    const { items, dim, vectors } = this.live
    if (items === 0) return Promise.reject(this.fail(new Error('There are no vectors to export.')))
    const copy = vectors.slice() // moved to the worker; the live buffer stays here
    const msg = { type: 'exportModel', vectors: copy, items, dim, name } as const
    return this.workers.trainingRequest(msg, [copy.buffer]).catch((e: unknown) => {
      throw this.fail(e) // shown in the banner, as before
    })
  }

  /** Similarity of two items' current vectors (NaN when either is out of range). */
  similarityBetween(i: number, j: number, metric: Metric = 'cosine'): number {
    const { items, dim, vectors } = this.live
    if (i < 0 || j < 0 || i >= items || j >= items) return NaN
    return pairSimilarity(vectors, dim, i, j, metric).similarity
  }

  indexOf(label: string): number {
    const labels = this.store.getState().dataset?.labels ?? []
    const index = labels.indexOf(label)
    if (index < 0) throw new Error(`No item labelled "${label}".`)
    return index
  }

  /** Resolves once the layout of `run` at `step` (or later) has been drawn. */
  waitForPositions(run: number, step: number): Promise<void> {
    if (this.live.run === run && this.live.step >= step) return Promise.resolve()
    return new Promise((resolve) => this.positionWaiters.push({ run, step, resolve }))
  }

  /** Shows the message to the user and returns the error to throw. */
  fail(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e))
    this.store.setState({ error: err.message })
    return err
  }
}
