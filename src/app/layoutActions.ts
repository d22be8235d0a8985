import { validateProjectionParams } from '../model/projection/params'
import type { ProjectionMethod } from '../model/projection/types'
import type { WorkerClient } from '../workers/client'
import type { QualityMessage } from '../workers/protocol'
import type { LiveBuffers } from './live'
import type { AppStore } from './store'

/**
 * The projection's actions: method, 2D/3D and parameters, running and shaking the layout, and
 * measuring how faithful it is. Part of the Controller (`controller.layout`), split out by concern.
 */
export class LayoutActions {
  constructor(
    private readonly store: AppStore,
    private readonly workers: WorkerClient,
    private readonly live: LiveBuffers,
    /** The training run the current buffers belong to (quality answers of older runs are dropped). */
    private readonly currentRun: () => number,
    /** Shows the message to the user and returns the error to throw. */
    private readonly fail: (e: unknown) => Error,
  ) {}

  /** Switches method, 2D/3D or the method's parameters; the layout continues from the current one where it can. */
  setProjection(p: {
    method: ProjectionMethod
    dims?: 2 | 3
    params?: Record<string, number>
  }): void {
    const s = this.store.getState()
    if (!['pca', 'umap', 'tsne'].includes(p.method))
      throw this.fail(new RangeError(`method must be pca, umap or tsne, got ${String(p.method)}`))
    const dims = p.dims ?? s.dims
    if (dims !== 2 && dims !== 3) throw this.fail(new RangeError('dims must be 2 or 3'))
    let params: Record<string, number>
    try {
      params = validateProjectionParams(p.method, { ...s.projectionParams[p.method], ...p.params })
    } catch (e) {
      throw this.fail(e)
    }
    this.store.setState({
      method: p.method,
      dims,
      projectionParams: { ...s.projectionParams, [p.method]: params },
      quality: null,
      layoutRunning: true,
    })
    this.live.pointRecall = null
    this.workers.projection({ type: 'method', method: p.method, dims, params })
  }

  /** Runs or pauses the layout optimisation (training goes on either way). */
  setLayoutRunning(running: boolean): void {
    this.store.setState({ layoutRunning: running })
    this.workers.projection({ type: 'running', running })
  }

  /** Re-runs the layout from a fresh start on the same vectors. */
  restartLayout(): void {
    this.store.setState({ quality: null, layoutRunning: true })
    this.workers.projection({ type: 'restart' })
    this.workers.projection({ type: 'running', running: true })
  }

  /** Shakes the layout by 10% of its radius so it can find a better arrangement. */
  perturbLayout(scale = 0.1): void {
    this.store.setState({ quality: null })
    this.workers.projection({ type: 'perturb', scale })
  }

  /** Asks for recall@k and T(k) of the layout shown now; the answer arrives as a `quality` event. */
  measureQuality(k = 10): void {
    this.store.setState({ qualityPending: true })
    this.workers.projection({ type: 'quality', k })
  }

  onQuality(q: QualityMessage): void {
    if (q.run !== this.currentRun()) return
    this.live.pointRecall = q.pointRecall
    this.store.setState({
      quality: { recall: q.recall, trustworthiness: q.trustworthiness, k: q.k, epoch: q.epoch },
      qualityPending: false,
    })
  }
}
