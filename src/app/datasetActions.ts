import { DatasetError } from '../model/datasets/errors'
import type { InputFile, ParseOptions } from '../model/datasets/input'
import { summarize, type DatasetSummary, type TableDataset } from '../model/datasets/types'
import { validateTrainParams } from '../model/training/params'
import { isAbortError } from '../workers/parseClient'
import { defaultColorAttribute } from '../viz/palette'
import { BUILTINS } from './builtins'
import type { Controller } from './controller'
import type { Loading, ReadResult } from './loading'
import { clearSprite, setSprite, spriteStore } from './sprite'
import type { SavedSource, SavedState } from './storage'

/**
 * Loading datasets: bundled ones, dropped files (with the question a `.bytes` file may need
 * answered and a config's choice of embedding), the preview's choices, "compare with training"
 * and putting back a kept session. Everything is read first (Loading) and only then replaces
 * what is shown, so a failed load leaves the dataset, vectors and view as they were.
 */
export class DatasetActions {
  /** Where the current dataset came from, so the session can be kept and restored. */
  source: SavedSource | null = null

  constructor(
    private readonly c: Controller,
    private readonly loading: Loading,
    private readonly fetchText: (url: string) => Promise<string>,
  ) {}

  async loadBuiltin(id: string): Promise<DatasetSummary> {
    return this.load(await this.builtinFiles(id), id)
  }

  private async builtinFiles(id: string): Promise<InputFile[]> {
    const b = BUILTINS.find((x) => x.id === id)
    if (!b)
      throw this.c.fail(
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
      return await this.load(files, null, options)
    } catch (e) {
      // A `.bytes` tensor without its shape: ask for the dimension instead of only failing.
      if (e instanceof DatasetError && e.code === 'needs-dimension') {
        this.pendingFiles = files
        this.c.store.setState({
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
    if (!source) throw this.c.fail(new Error('No dataset is loaded.'))
    if ('builtin' in source)
      return this.load(await this.builtinFiles(source.builtin), source.builtin, options)
    return this.loadFiles(source.files, options)
  }

  /** Loads another embedding of the dropped projector_config.json. */
  chooseEmbedding(name: string): Promise<DatasetSummary> {
    const source = this.source
    if (!source || !('files' in source))
      return Promise.reject(this.c.fail(new Error('No Projector folder is loaded.')))
    return this.loadFiles(source.files, { embedding: name })
  }

  /** Files waiting for the user's answer to `question`. */
  private pendingFiles: Array<File | InputFile> | null = null

  /** Loads the files that were waiting, with the dimension the user gave. */
  answerDimension(dim: number | null): Promise<DatasetSummary | null> {
    const files = this.pendingFiles
    this.pendingFiles = null
    this.c.store.setState({ question: null })
    if (dim === null || !files) return Promise.resolve(null)
    return this.loadFiles(files, { bytesDim: dim })
  }

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
        this.c.view.notify('Loading cancelled: the data shown before is still here.')
        throw e
      }
      throw this.c.fail(e)
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
    const { dataset, sprite, views, missing, embeddings } = read
    const items = dataset.labels.length
    const params = resume ? validateTrainParams(resume.params) : this.c.store.getState().params
    const vectors = resume?.vectors?.length === items * params.dim ? resume.vectors : null
    const start =
      resume && vectors
        ? { data: vectors, epoch: resume.epoch, step: resume.step, variables: resume.variables }
        : undefined
    const colorBy =
      resume?.view.colorBy && dataset.attributes.some((a) => a.name === resume.view.colorBy)
        ? resume.view.colorBy
        : defaultColorAttribute(dataset.attributes)
    const run = this.c.beginRun()
    if (start && resume) this.c.lossHistory.push(...resume.lossHistory)
    this.source = source
    this.c.store.setState({
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
      embeddings,
    })
    this.c.view.search({}) // the same query over the new items
    if (sprite) setSprite(sprite)
    else clearSprite()
    if (missing) this.c.view.notify(missing)
    if (views.length)
      void this.loading.addViews(views).then((r) => {
        if (r.notice) this.c.view.notify(r.notice)
        if (r.error) this.c.onError(r.error)
      })
    const shown = this.c.waitForPositions(run, start?.step ?? 0)
    this.c.workers.training({ type: 'load', dataset, params, start })
    await shown
    return summarize(dataset)
  }

  /**
   * "Compare with training": keeps the loaded embeddings as the reference space, then loads their
   * metadata as a table the app trains its own vectors on, so the two spaces can be compared item
   * by item (ComparePanel). The kept session still points at the loaded files.
   */
  async trainOnMetadata(keepReference: () => void): Promise<DatasetSummary> {
    const s = this.c.store.getState()
    const ds = s.dataset
    if (!ds || ds.kind !== 'vectors' || !this.source)
      throw this.c.fail(new Error('Load embeddings with metadata first.'))
    if (ds.attributes.length === 0)
      throw this.c.fail(
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
    return this.commit(
      { dataset: table, sprite, views: [], missing: null, embeddings: null },
      this.source,
      null,
    )
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
      this.c.layout.setProjection({
        method: v.method,
        dims: v.dims,
        params: v.projectionParams[v.method],
      })
      this.c.view.applySaved({
        selection: v.selectionLabels ?? (v.selectedLabel === null ? [] : [v.selectedLabel]),
        labelBy: v.labelBy ?? null,
        neighbourK: v.neighbourK,
        metric: v.metric,
        pointScale: v.pointScale,
      })
    }
    return summary
  }
}
