import type { InputFile } from '../model/datasets/input'
import type { DatasetSummary } from '../model/datasets/types'
import type { Metric } from '../model/neighbours'
import type { ProjectionMethod } from '../model/projection/types'
import type { BackendName } from '../model/training/backendNames'
import type { TrainParams } from '../model/training/params'
import { BUILTINS } from './session/builtins'
import type { Session } from './session'
import { primaryFirst } from './session/persistence'
import type { Status } from './session/store'
import { plotScene } from './plot'
import { shareUrl } from './share'
import { timelineStore } from './classroom'
import {
  applyParams,
  camera,
  indexOf,
  isolate,
  loadBuiltin,
  loadFiles,
  pause,
  reset,
  search,
  neighboursOf,
  selectLabel,
  selectMatches,
  setAutoRotate,
  setColorBy,
  setLabelBy,
  setNeighbours,
  setPointScale,
  setProjection,
  setTheme,
  train,
} from './session'

/** `window.embeddingExplorer`: the documented, stable automation API (ARCHITECTURE.md). */
export interface EmbeddingExplorerApi {
  version: string
  builtins(): string[]
  loadBuiltin(id: string): Promise<DatasetSummary>
  loadFiles(files: Array<File | InputFile>): Promise<DatasetSummary>
  train(opts?: { epochs?: number }): Promise<void>
  pause(): void
  reset(seed?: number): void
  /**
   * The Model tab's "Apply and restart": merges `params` into the current hyperparameters,
   * validates them and restarts training from scratch with them (epoch 0, status 'ready').
   * An invalid value throws the message the error banner shows and keeps the current run.
   */
  setParams(params: Partial<TrainParams>): void
  setProjection(p: {
    method: ProjectionMethod
    dims?: 2 | 3
    params?: Record<string, number>
  }): void
  state(): {
    status: Status
    dataset: DatasetSummary | null
    epoch: number
    loss: number | null
    backend: BackendName | null
    projection: { method: ProjectionMethod; dims: 2 | 3; step: number }
    error: string | null
  }
  neighbours(
    label: string,
    k?: number,
    metric?: Metric,
  ): Array<{ label: string; similarity: number; distance: number }>
  vectors(): { labels: string[]; dim: number; data: Float32Array }
  positions(): { dims: 2 | 3; data: Float32Array }
  select(label: string | null, opts?: { add?: boolean }): void
  /** Labels of every selected item, the primary one (whose neighbours are listed) first. */
  selection(): string[]
  /** Searches labels and attributes like the search box; returns the matching labels (all of them). */
  search(
    text: string,
    opts?: { regex?: boolean; field?: string },
  ): { labels: string[]; total: number; error: string | null }
  /** Selects every match of the current search (`add` keeps the earlier selection). */
  selectMatches(opts?: { add?: boolean }): void
  /** Hides all but the selection and its neighbours (`false` shows all again); returns how many are shown. */
  isolate(on?: boolean): number | null
  /** Neighbour list length (5–100) and similarity, as the panel's controls set them. */
  setNeighbours(p: { k?: number; metric?: Metric }): void
  /** Display settings, as the View tab and the plot toolbar set them. */
  setView(p: {
    colorBy?: string | null
    labelBy?: string | null
    pointScale?: number
    theme?: 'dark' | 'light'
    autoRotate?: boolean
    camera?: 'fit-data' | 'fit-selection' | 'reset'
  }): void
  /** A link that reproduces the current view of a bundled dataset (null for a user's own files). */
  shareUrl(): string | null
  /** How many frames the plot has drawn (for frame-rate measurements). */
  frames(): number
  /** Where an item is drawn now, in CSS pixels from the plot canvas's top-left; null when hidden. */
  screenPosition(label: string): [number, number] | null
  /** Labels of the items drawn now (all, or those left by "Isolate"). */
  visibleItems(): string[]
  /** The neighbour timeline as recorded: the pinned item and each followed item's rank per epoch. */
  timeline(): {
    pinned: string | null
    lines: Array<{
      label: string
      points: Array<{ epoch: number; rank: number; similarity: number }>
    }>
    crossings: string[]
  }
}

export function createApi(c: Session, version: string): EmbeddingExplorerApi {
  const state = () => c.store.getState()
  return {
    version,
    builtins: () => BUILTINS.map((b) => b.id),
    loadBuiltin: (id) => loadBuiltin(c, id),
    loadFiles: (files) => loadFiles(c, files),
    train: (opts) => train(c, opts),
    pause: () => pause(c),
    reset: (seed) => reset(c, seed),
    setParams: (params) => applyParams(c, params),
    setProjection: (p) => setProjection(c, p),
    state: () => {
      const s = state()
      return {
        status: s.status,
        dataset: s.summary,
        epoch: s.epoch,
        loss: s.loss,
        backend: s.backend,
        projection: { method: s.method, dims: s.dims, step: s.projectionStep },
        error: s.error,
      }
    },
    neighbours: (label, k = 10, metric = 'cosine') =>
      neighboursOf(c, indexOf(c, label), k, metric).map(({ label, similarity, distance }) => ({
        label,
        similarity,
        distance,
      })),
    vectors: () => ({
      labels: [...(state().dataset?.labels ?? [])],
      dim: c.live.dim,
      data: c.live.vectors.slice(),
    }),
    positions: () => ({ dims: c.live.dims, data: c.live.positions.slice() }),
    select: (label, opts) => selectLabel(c, label, opts),
    selection: () => {
      const s = state()
      const labels = s.dataset?.labels ?? []
      return primaryFirst(s.selected, s.selection).map((i) => labels[i])
    },
    search: (text, opts = {}) => {
      search(c, { text, ...opts })
      const s = state().search
      const labels = state().dataset?.labels ?? []
      return { labels: s.matches.map((i) => labels[i]), total: s.total, error: s.error }
    },
    selectMatches: (opts) => selectMatches(c, opts),
    isolate: (on = true) => {
      isolate(c, on)
      return state().isolated?.length ?? null
    },
    setNeighbours: (p) => setNeighbours(c, p),
    setView: (p) => {
      if (p.colorBy !== undefined) setColorBy(c, p.colorBy)
      if (p.labelBy !== undefined) setLabelBy(c, p.labelBy)
      if (p.pointScale !== undefined) setPointScale(c, p.pointScale)
      if (p.theme !== undefined) setTheme(c, p.theme)
      if (p.autoRotate !== undefined) setAutoRotate(c, p.autoRotate)
      if (p.camera !== undefined) camera(c, p.camera)
    },
    shareUrl: () => shareUrl(c, globalThis.location?.href ?? ''),
    frames: () => plotScene(c).handle?.frames() ?? 0,
    screenPosition: (label) => plotScene(c).handle?.project(indexOf(c, label)) ?? null,
    timeline: () => {
      const t = timelineStore.getState()
      return {
        pinned: t.pinnedLabel,
        lines: t.series.map((x) => ({ label: x.label, points: x.points.map((p) => ({ ...p })) })),
        crossings: t.crossings.map((x) => x.text),
      }
    },
    visibleItems: () => {
      const s = state()
      const labels = s.dataset?.labels ?? []
      return s.isolated ? s.isolated.map((i) => labels[i]) : [...labels]
    },
  }
}
