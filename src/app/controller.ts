import { DatasetError } from '../model/datasets/errors'
import type { InputFile, ParseOptions } from '../model/datasets/input'
import { isAbortError, parseInWorker } from '../workers/parseClient'
import { summarize, type DatasetSummary, type TableDataset } from '../model/datasets/types'
import { type Metric, nearestNeighbours, pairSimilarity } from '../model/neighbours'
import type { BackendName } from '../model/training/backendNames'
import { NOTHING_TO_TRAIN } from '../model/training/messages'
import { validateTrainParams, type TrainParams } from '../model/training/params'
import type { WorkerClient } from '../workers/client'
import type { PositionsMessage, TrainingEvent } from '../workers/protocol'
import { BUILTINS } from './builtins'
import { emptyBuffers, type LiveBuffers } from './live'
import { LayoutActions } from './layoutActions'
import { shareUrl } from './sharing'
import { Loading, type Parser, type ReadResult } from './loading'
import { ReplayActions } from './replayActions'
import { clearSprite, setSprite, spriteStore } from './sprite'
import { ViewActions } from './viewActions'
import type { SavedSource, SavedState } from './storage'
import type { AppStore } from './store'
import { defaultColorAttribute } from '../viz/palette'

export interface NeighbourRow {
  index: number
  label: string
  similarity: number
  distance: number
}

type Waiter = { run: number; step: number; resolve: () => void }
type ModelFilesEvent = Extract<TrainingEvent, { type: 'model' }>

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
    private readonly workers: WorkerClient,
    private readonly fetchText: (url: string) => Promise<string>,
    parser: Parser = parseInWorker,
  ) {
    this.loading = new Loading(store, parser)
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
  }

  /** Reading files: parsing off the main thread, sprites, bookmarks, cancelling. */
  private readonly loading: Loading

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
      case 'ready':
      case 'loaded':
        return
      case 'backend':
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
      case 'error':
        this.onError(e.message)
        return
      case 'model':
        this.modelWaiters.get(e.id)?.(e)
        this.modelWaiters.delete(e.id)
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

  async loadBuiltin(id: string): Promise<DatasetSummary> {
    return this.load(await this.builtinFiles(id), id)
  }

  private async builtinFiles(id: string): Promise<InputFile[]> {
    const b = BUILTINS.find((x) => x.id === id)
    if (!b)
      throw this.fail(
        new Error(`No bundled dataset "${id}". Bundled: ${BUILTINS.map((x) => x.id).join(', ')}`),
      )
    const text = await this.fetchText(`${import.meta.env.BASE_URL}datasets/${b.file}`)
    return [{ name: b.file, text }]
  }

  /**
   * Loads dropped or picked files (or `{ name, text | bytes }` objects from a script). Files are
   * read in chunks with progress and parsed in a worker (cancellable with `cancelLoad`); the kept
   * session stores the File objects themselves, so a reload parses them again.
   */
  async loadFiles(files: Array<File | InputFile>, options?: ParseOptions): Promise<DatasetSummary> {
    try {
      const summary = await this.load(files, null, options)
      await this.loading.noteEmbeddings(files, options?.embedding)
      return summary
    } catch (e) {
      // A `.bytes` tensor without its shape: ask for the dimension instead of only failing.
      if (e instanceof DatasetError && e.code === 'needs-dimension') {
        this.pendingFiles = files
        this.store.setState({
          question: { kind: 'dimension', file: e.file, suggestion: e.suggestion },
        })
      }
      throw e
    }
  }

  /** Stops the load in progress (reading or parsing); what was loaded before stays. */
  cancelLoad(): void {
    this.loading.cancel()
  }

  /** Parses the current data again with the preview's choices (label column, columns left out). */
  async reloadWith(options: ParseOptions): Promise<DatasetSummary> {
    const source = this.source
    if (!source) throw this.fail(new Error('No dataset is loaded.'))
    if ('builtin' in source)
      return this.load(await this.builtinFiles(source.builtin), source.builtin, options)
    return this.loadFiles(source.files, options)
  }

  /** Loads another embedding of the dropped projector_config.json. */
  chooseEmbedding(name: string): Promise<DatasetSummary> {
    const source = this.source
    if (!source || !('files' in source))
      return Promise.reject(this.fail(new Error('No Projector folder is loaded.')))
    return this.loadFiles(source.files, { embedding: name })
  }

  /** Files waiting for the user's answer to `question`. */
  private pendingFiles: Array<File | InputFile> | null = null

  /** Loads the files that were waiting, with the dimension the user gave. */
  answerDimension(dim: number | null): Promise<DatasetSummary | null> {
    const files = this.pendingFiles
    this.pendingFiles = null
    this.store.setState({ question: null })
    if (dim === null || !files) return Promise.resolve(null)
    return this.loadFiles(files, { bytesDim: dim })
  }

  /** Projection actions: method, dims, parameters, run/pause/perturb, quality. */
  readonly layout: LayoutActions

  /** Where the current dataset came from, so the session can be kept and restored. */
  source: SavedSource | null = null

  private async load(
    files: Array<File | InputFile>,
    builtin: string | null,
    options?: ParseOptions,
    resume?: SavedState,
  ): Promise<DatasetSummary> {
    let read
    try {
      read = await this.loading.read(files, options)
    } catch (e) {
      if (isAbortError(e)) {
        this.view.notify('Loading cancelled: the data shown before is still here.')
        throw e
      }
      throw this.fail(e)
    }
    return this.commit(read, builtin ? { builtin } : { files }, builtin, resume)
  }

  /** Shows a dataset that was read: the new run replaces the old one from here on. */
  private async commit(
    read: ReadResult,
    source: SavedSource,
    builtin: string | null,
    resume?: SavedState,
  ): Promise<DatasetSummary> {
    const { dataset, sprite, views, missing } = read
    const items = dataset.labels.length
    const params = resume ? validateTrainParams(resume.params) : this.store.getState().params
    const vectors = resume?.vectors?.length === items * params.dim ? resume.vectors : null
    const start =
      resume && vectors ? { data: vectors, epoch: resume.epoch, step: resume.step } : undefined
    const colorBy =
      resume?.view.colorBy && dataset.attributes.some((a) => a.name === resume.view.colorBy)
        ? resume.view.colorBy
        : defaultColorAttribute(dataset.attributes)
    this.run++
    this.clearHistory()
    if (start && resume) this.lossHistory.push(...resume.lossHistory)
    this.source = source
    this.store.setState({
      dataset,
      summary: summarize(dataset),
      builtin,
      params,
      status: start && start.epoch > 0 ? 'paused' : 'ready',
      epoch: start?.epoch ?? 0,
      step: start?.step ?? 0,
      loss: null,
      selected: null,
      selection: [],
      isolated: null,
      hovered: null,
      colorBy,
      labelBy: null,
      error: null,
      embeddings: null,
    })
    this.view.search({}) // the same query over the new items
    if (sprite) setSprite(sprite)
    else clearSprite()
    if (missing) this.view.notify(missing)
    if (views.length)
      void this.loading.addViews(views).then((r) => {
        if (r.notice) this.view.notify(r.notice)
        if (r.error) this.onError(r.error)
      })
    const shown = this.waitForPositions(this.run, start?.step ?? 0)
    this.workers.training({ type: 'load', dataset, params, start })
    await shown
    return summarize(dataset)
  }

  /**
   * "Compare with training": keeps the loaded embeddings as the reference space, then loads their
   * metadata as a table the app trains its own vectors on, so the two spaces can be compared item
   * by item (ComparePanel). The kept session still points at the loaded files.
   */
  async trainOnMetadata(keepReference: () => void): Promise<DatasetSummary> {
    const s = this.store.getState()
    const ds = s.dataset
    if (!ds || ds.kind !== 'vectors' || !this.source)
      throw this.fail(new Error('Load embeddings with metadata first.'))
    if (ds.attributes.length === 0)
      throw this.fail(
        new Error(
          `${ds.name} has no metadata columns to train on: drop its metadata file with it.`,
        ),
      )
    keepReference()
    const table: TableDataset = {
      kind: 'table',
      name: `${ds.name} (metadata)`,
      format: `the metadata of ${ds.name}, as a table to train on`,
      labelColumn: 'label',
      labels: ds.labels,
      attributes: ds.attributes,
      ignored: [],
    }
    const sprite = spriteStore.getState().sheet // the same items: keep their thumbnails
    return this.commit({ dataset: table, sprite, views: [], missing: null }, this.source, null)
  }

  /** Puts a kept session back: its dataset, trained vectors, parameters and view. */
  async restore(saved: { source: SavedSource; state: SavedState | null }): Promise<DatasetSummary> {
    const { source, state } = saved
    const resume = state ?? undefined
    const summary =
      'builtin' in source
        ? await this.load(
            await this.builtinFiles(source.builtin),
            source.builtin,
            undefined,
            resume,
          )
        : await this.load(source.files, null, undefined, resume)
    if (state) {
      const v = state.view
      this.layout.setProjection({
        method: v.method,
        dims: v.dims,
        params: v.projectionParams[v.method],
      })
      this.applyView({
        selection: v.selectionLabels ?? (v.selectedLabel === null ? [] : [v.selectedLabel]),
        labelBy: v.labelBy ?? null,
        neighbourK: v.neighbourK,
        metric: v.metric,
        pointScale: v.pointScale,
      })
    }
    return summary
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

  private modelWaiters = new Map<number, (e: ModelFilesEvent) => void>()

  /** The current vectors as a tfjs Layers model (model.json + weights), built in the training worker. */
  exportModel(name: string): Promise<ModelFilesEvent> {
    const { items, dim, vectors } = this.live
    if (items === 0) return Promise.reject(this.fail(new Error('There are no vectors to export.')))
    const id = this.modelWaiters.size + Date.now()
    return new Promise((resolve) => {
      this.modelWaiters.set(id, resolve)
      this.workers.training({ type: 'exportModel', id, vectors: vectors.slice(), items, dim, name })
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

  private waitForPositions(run: number, step: number): Promise<void> {
    if (this.live.run === run && this.live.step >= step) return Promise.resolve()
    return new Promise((resolve) => this.positionWaiters.push({ run, step, resolve }))
  }

  /** Shows the message to the user and returns the error to throw. */
  private fail(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e))
    this.store.setState({ error: err.message })
    return err
  }
}
