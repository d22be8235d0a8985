import type { InputFile } from '../model/datasets'
import type { DatasetSummary } from '../model/datasets/types'
import type { Metric } from '../model/neighbours'
import type { ProjectionMethod } from '../model/projection/types'
import type { BackendName } from '../model/training/backendNames'
import { BUILTINS } from './builtins'
import type { Controller } from './controller'
import type { Status } from './store'

/** `window.embeddingExplorer`: the documented, stable automation API (ARCHITECTURE.md). */
export interface EmbeddingExplorerApi {
  version: string
  builtins(): string[]
  loadBuiltin(id: string): Promise<DatasetSummary>
  loadFiles(files: Array<File | InputFile>): Promise<DatasetSummary>
  train(opts?: { epochs?: number }): Promise<void>
  pause(): void
  reset(seed?: number): void
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
  select(label: string | null): void
}

export function createApi(c: Controller, version: string): EmbeddingExplorerApi {
  const state = () => c.store.getState()
  return {
    version,
    builtins: () => BUILTINS.map((b) => b.id),
    loadBuiltin: (id) => c.loadBuiltin(id),
    loadFiles: (files) => c.loadFiles(files),
    train: (opts) => c.train(opts),
    pause: () => c.pause(),
    reset: (seed) => c.reset(seed),
    setProjection: (p) => c.layout.setProjection(p),
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
      c
        .neighboursOf(c.indexOf(label), k, metric)
        .map(({ label, similarity, distance }) => ({ label, similarity, distance })),
    vectors: () => ({
      labels: [...(state().dataset?.labels ?? [])],
      dim: c.live.dim,
      data: c.live.vectors.slice(),
    }),
    positions: () => ({ dims: c.live.dims, data: c.live.positions.slice() }),
    select: (label) => c.select(label),
  }
}
