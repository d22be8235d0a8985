import { DatasetError } from '../../model/datasets/errors'
import type { InputFile, ParseOptions } from '../../model/datasets/input'
import {
  type Dataset,
  summarize,
  type DatasetSummary,
  type TableDataset,
} from '../../model/datasets/types'
import { fitParams } from '../../model/training/fitParams'
import { type TrainParams, validateTrainParams } from '../../model/training/params'
import { asBlobFiles } from '../../workers/fileSlices'
import { isAbortError } from '../../workers/parseClient'
import { defaultColorAttribute } from '../../model/datasets/attributes'
import { importBookmarkFiles } from './bookmarkImport'
import { BUILTINS } from './builtins'
import type { ReadResult } from './loading'
import { fail, type Session, showError, waitForPositions } from './session'
import { beginRun } from './training'
import { setProjection, showSavedLayout } from './projection'
import { applySaved, notify, search } from './view'
import { clearSprite, setSprite, spriteStore } from './sprite'
import type { SavedSource, SavedState } from './storage'

// Loading datasets: bundled ones, dropped files (with the question a `.bytes` file may need
// answered and a config's choice of embedding), the preview's choices, "compare with training"
// and putting back a kept session. Everything is read first (Loading) and only then replaces
// what is shown, so a failed load leaves the dataset, vectors and view as they were.

/**
 * Loads a bundled dataset. Its training settings are chosen for it (`fitParams`) unless
 * `keepParams` is set: a shared link brings its own.
 */
export async function loadBuiltin(
  s: Session,
  id: string,
  opts: { keepParams?: boolean } = {},
): Promise<DatasetSummary> {
  return load(s, await builtinFiles(s, id), id, undefined, undefined, opts.keepParams)
}

async function builtinFiles(s: Session, id: string): Promise<InputFile[]> {
  const b = BUILTINS.find((x) => x.id === id)
  if (!b)
    throw fail(
      s,
      new Error(`No bundled dataset "${id}". Bundled: ${BUILTINS.map((x) => x.id).join(', ')}`),
    )
  const text = await s.fetchText(`${import.meta.env.BASE_URL}datasets/${b.file}`)
  return [{ name: b.file, text }]
}

/**
 * Loads dropped or picked files (or `{ name, text | bytes }` objects from a script). Files are
 * read in chunks with progress and parsed in a worker (cancellable with `cancelLoad`); the kept
 * session stores the File objects themselves, so a reload parses them again. A Projector
 * bookmarks file on its own adds saved views to what is loaded instead (bookmarkImport.ts).
 */
export async function loadFiles(
  s: Session,
  files: Array<File | InputFile>,
  options?: ParseOptions,
): Promise<DatasetSummary> {
  try {
    return (await importBookmarkFiles(s, files)) ?? (await load(s, files, null, options))
  } catch (e) {
    // A `.bytes` tensor without its shape: ask for the dimension instead of only failing.
    if (e instanceof DatasetError && e.code === 'needs-dimension') {
      s.store.setState({
        question: { kind: 'dimension', file: e.file, suggestion: e.suggestion, files },
      })
    }
    throw e
  }
}

/** Stops the load in progress (reading or parsing); what was loaded before stays. */
export function cancelLoad(s: Session): void {
  s.loading.cancel()
}

/** Parses the current data again with the preview's choices (label column, columns left out). */
export async function reloadWith(s: Session, options: ParseOptions): Promise<DatasetSummary> {
  const source = s.store.getState().source
  if (!source) throw fail(s, new Error('No dataset is loaded.'))
  if ('builtin' in source)
    return load(s, await builtinFiles(s, source.builtin), source.builtin, options)
  return loadFiles(s, source.files, options)
}

/** Loads another embedding of the dropped projector_config.json. */
export function chooseEmbedding(s: Session, name: string): Promise<DatasetSummary> {
  const source = s.store.getState().source
  if (!source || !('files' in source))
    return Promise.reject(fail(s, new Error('No Projector folder is loaded.')))
  return loadFiles(s, source.files, { embedding: name })
}

/** Loads the files that were waiting, with the dimension the user gave. */
export function answerDimension(s: Session, dim: number | null): Promise<DatasetSummary | null> {
  const files = s.store.getState().question?.files
  s.store.setState({ question: null })
  if (dim === null || !files) return Promise.resolve(null)
  return loadFiles(s, files, { bytesDim: dim })
}

async function load(
  s: Session,
  files: Array<File | InputFile>,
  builtin: string | null,
  options?: ParseOptions,
  resume?: SavedState,
  keepParams = false,
): Promise<DatasetSummary> {
  let read
  try {
    // A script's big text or bytes become a File, so neither the parse worker's message nor the
    // kept session copies them whole on the main thread.
    files = await asBlobFiles(files)
    read = await s.loading.read(files, options)
  } catch (e) {
    if (isAbortError(e)) {
      notify(s, 'Loading cancelled: the data shown before is still here.')
      throw e
    }
    throw fail(s, e)
  }
  return commit(s, read, builtin ? { builtin } : { files }, builtin, resume, keepParams)
}

/** Shows a dataset that was read: the new run replaces the old one from here on. */
async function commit(
  s: Session,
  read: ReadResult,
  source: SavedSource,
  builtin: string | null,
  resume?: SavedState,
  keepParams = false,
): Promise<DatasetSummary> {
  const { dataset, sprite, views, missing, embeddings } = read
  const summary = summarize(dataset)
  const current = s.store.getState()
  // Settings fitted to the data's size before the vectors move to the worker (handOver).
  const fitted = resume || keepParams ? null : fitParams(dataset, current.params, current.backend)
  const { kept, transfer } = handOver(dataset)
  const items = dataset.labels.length
  const params = resume
    ? resumedParams(resume, items)
    : fitted
      ? { ...current.params, ...fitted.params }
      : current.params
  const vectors = resume?.vectors?.length === items * params.dim ? resume.vectors : null
  const start =
    resume && vectors
      ? {
          data: vectors,
          epoch: resume.epoch,
          step: resume.step,
          variables: resume.variables,
          optimizer: resume.optimizer,
          partial: resume.partial,
        }
      : undefined
  const colorBy =
    resume?.view.colorBy && dataset.attributes.some((a) => a.name === resume.view.colorBy)
      ? resume.view.colorBy
      : defaultColorAttribute(dataset.attributes)
  const run = beginRun(s)
  // Nothing of the new dataset is shown until its first layout arrives: then the summary, labels,
  // vectors, positions and selection change in one step (onPositions), so no reader ever sees
  // the new labels with the old vectors.
  const show = () => {
    s.store.setState({
      source,
      lossHistory: start && resume ? resume.lossHistory : [],
      dataset: kept,
      summary,
      builtin,
      params,
      fitted: fitted && { scale: fitted.scale, examples: fitted.examples, reason: fitted.reason },
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
    search(s, {}) // the same query over the new items
    if (sprite) setSprite(sprite)
    else clearSprite()
    // What the load got past (the Projector's warnings) and optional files not dropped: one notice.
    const warnings = dataset.kind === 'vectors' ? (dataset.warnings ?? []) : []
    const notes = [...warnings, ...(missing ? [missing] : [])]
    if (notes.length) notify(s, notes.join(' '))
    if (views.length)
      void s.loading.addViews(views).then((r) => {
        if (r.notice) notify(s, r.notice)
        if (r.error) showError(s, r.error)
      })
  }
  // A dataset with its own layout opens on it from the first picture; one without leaves it.
  const st = s.store.getState()
  if (kept.kind === 'vectors' && kept.layout)
    setProjection(s, { method: 'precomputed', dims: kept.layout.dims }, kept.layout)
  else if (st.method === 'precomputed')
    setProjection(s, { method: st.savedLayout?.method ?? 'pca', dims: st.dims })
  s.runtime.pendingShow = { run, show }
  const shown = waitForPositions(s, run, start?.step ?? 0)
  // The metadata's text columns are for exports and the plot: the training worker needs none.
  const forTraining =
    dataset.kind === 'vectors' || dataset.kind === 'table'
      ? { ...dataset, metadata: undefined }
      : dataset
  s.workers.training({ type: 'load', dataset: forTraining, params, start }, transfer)
  await shown
  return summary
}

/**
 * Loaded vectors go to the workers, not stay here too: their buffer is moved (not copied) to the
 * training worker, and the main thread's one copy is the one the projection worker sends back
 * (`live.vectors`). The store keeps the dataset's labels, attributes and shape.
 */
function handOver(dataset: Dataset): { kept: Dataset; transfer: Transferable[] } {
  if (dataset.kind !== 'vectors') return { kept: dataset, transfer: [] }
  const v = dataset.data
  // A view into a larger buffer (a file's bytes) is copied first, so only the vectors move.
  const whole = v.byteOffset === 0 && v.byteLength === v.buffer.byteLength
  const moved = whole ? v : v.slice()
  dataset.data = moved
  return { kept: { ...dataset, data: new Float32Array(0) }, transfer: [moved.buffer] }
}

/**
 * A kept run's parameters. When its dimension no longer fits its vectors (a record whose parameters
 * could not be read gets the defaults) but the vectors are whole rows of a valid dimension, the
 * dimension is taken from them: intact vectors are never thrown away.
 */
function resumedParams(resume: SavedState, items: number): TrainParams {
  const params = validateTrainParams(resume.params)
  const length = resume.vectors?.length ?? 0
  if (!items || !length || length === items * params.dim || length % items !== 0) return params
  try {
    return validateTrainParams({ ...params, dim: length / items })
  } catch {
    return params
  }
}

/**
 * "Compare with training": keeps the loaded embeddings as the reference space, then loads their
 * metadata as a table the app trains its own vectors on, so the two spaces can be compared item
 * by item (ComparePanel). The kept session still points at the loaded files.
 */
export async function trainOnMetadata(
  s: Session,
  keepReference: () => void,
): Promise<DatasetSummary> {
  const { dataset: ds, source } = s.store.getState()
  if (!ds || ds.kind !== 'vectors' || !source)
    throw fail(s, new Error('Load embeddings with metadata first.'))
  if (ds.attributes.length === 0)
    throw fail(
      s,
      new Error(`${ds.name} has no metadata columns to train on: drop its metadata file with it.`),
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
    ...(ds.metadata ? { metadata: ds.metadata } : {}),
  }
  const sprite = spriteStore.getState().sheet // the same items: keep their thumbnails
  return commit(
    s,
    { dataset: table, sprite, views: [], missing: null, embeddings: null },
    source,
    null,
  )
}

/** Puts a kept session back: its dataset, trained vectors, parameters and view. */
export async function restore(
  s: Session,
  saved: { source: SavedSource; state: SavedState | null },
): Promise<DatasetSummary> {
  const { source, state } = saved
  const resume = state ?? undefined
  const summary =
    'builtin' in source
      ? await load(s, await builtinFiles(s, source.builtin), source.builtin, undefined, resume)
      : await load(s, source.files, null, undefined, resume)
  if (state) {
    const v = state.view
    const saved = v.layout
    // Saved coordinates come back as they were shown, when they are of this dataset's items.
    if (saved && saved.positions.length === summary.items * saved.dims)
      showSavedLayout(s, { method: v.method, params: v.projectionParams[v.method] }, saved)
    else
      setProjection(s, {
        method: v.method,
        dims: v.dims,
        params: v.projectionParams[v.method],
      })
    applySaved(s, {
      selection: v.selectionLabels ?? (v.selectedLabel === null ? [] : [v.selectedLabel]),
      labelBy: v.labelBy ?? null,
      neighbourK: v.neighbourK,
      metric: v.metric,
      pointScale: v.pointScale,
    })
  }
  return summary
}
