import type { AxisGroups } from '../../model/projection/customAxes'
import { validateProjectionParams } from '../../model/projection/params'
import type { Layout } from '../../model/projection/precomputed'
import type { ProjectionMethod } from '../../model/projection/types'
import type { SavedLayout } from './projectorLayout'
import type { PositionsMessage, QualityMessage } from '../../workers/protocol'
import { recordSnapshot } from './replay'
import { fail, type Session } from './session'

/**
 * Switches method, 2D/3D or the method's parameters; the layout continues from the current one where
 * it can. `incoming` is the layout of a dataset being loaded (not yet in the store: a switch shows
 * the new dataset in one step when its first positions arrive).
 */
export function setProjection(
  s: Session,
  request: { method: ProjectionMethod; dims?: 2 | 3; params?: Record<string, number> },
  incoming?: Layout,
): void {
  const st = s.store.getState()
  // Saved coordinates on screen (method 'precomputed'): switching 2D/3D computes the view's own
  // method, unless the dataset brought a layout of its own to switch to.
  const saved = st.savedLayout
  const p =
    request.method === 'precomputed' && !incoming && saved && !datasetLayout(s)
      ? { ...request, method: saved.method }
      : request
  if (!['pca', 'umap', 'tsne', 'precomputed'].includes(p.method))
    throw fail(
      s,
      new RangeError(`method must be pca, umap, tsne or precomputed, got ${String(p.method)}`),
    )
  const layout = incoming ?? datasetLayout(s)
  if (p.method === 'precomputed' && !layout)
    throw fail(
      s,
      new RangeError(
        'This dataset has no precomputed layout: load a file with x and y columns (and z) to show one.',
      ),
    )
  const dims = p.dims ?? st.dims
  if (dims !== 2 && dims !== 3) throw fail(s, new RangeError('dims must be 2 or 3'))
  let params: Record<string, number>
  try {
    params = validateProjectionParams(p.method, { ...st.projectionParams[p.method], ...p.params })
  } catch (e) {
    throw fail(s, e)
  }
  s.runtime.projections++
  s.store.setState({
    method: p.method,
    dims,
    projectionParams: { ...st.projectionParams, [p.method]: params },
    quality: null,
    layoutRunning: true,
    savedLayout: null,
  })
  s.live.pointRecall = null
  s.workers.projection({
    type: 'method',
    method: p.method,
    dims,
    params,
    ...(p.method === 'precomputed' && layout
      ? { layout: { dims: layout.dims, positions: layout.positions.slice() } }
      : {}),
  })
}

/**
 * Shows coordinates a saved view brought (a Projector bookmark's) as the layout, instead of
 * computing `p.method`, whose parameters are kept for when it resumes (`resumeLiveProjection`).
 */
export function showSavedLayout(
  s: Session,
  p: { method: ProjectionMethod; params: Record<string, number> },
  layout: SavedLayout,
): void {
  const params = validateProjectionParams(p.method, p.params)
  setProjection(s, { method: 'precomputed', dims: layout.dims }, layout)
  const st = s.store.getState()
  s.store.setState({
    projectionParams: { ...st.projectionParams, [p.method]: params },
    savedLayout: { method: p.method, layout },
  })
}

/**
 * The Projector's custom projection (customAxesLayout) of the run's newest vectors, computed in
 * the projection worker: items × 2 positions to show as saved coordinates. Null when a newer
 * projection was asked for, or another dataset or run began, while it was computed: that one wins.
 */
export async function computeCustomAxes(
  s: Session,
  groups: AxisGroups,
): Promise<Float32Array | null> {
  const run = s.runtime.run
  const asked = ++s.runtime.projections
  const answer = await s.workers.projectionRequest({ type: 'customAxes', groups })
  const current = answer.run === run && s.runtime.run === run && s.runtime.projections === asked
  return current ? answer.positions : null
}

/** Computes the view's own projection again where saved coordinates were shown (training moves the vectors). */
export function resumeLiveProjection(s: Session): void {
  const { savedLayout, dims } = s.store.getState()
  if (savedLayout) setProjection(s, { method: savedLayout.method, dims })
}

/** The layout the loaded dataset brought (x, y, z columns), if any. */
export function datasetLayout(s: Session): Layout | undefined {
  const ds = s.store.getState().dataset
  return ds?.kind === 'vectors' ? ds.layout : undefined
}

/** Runs or pauses the layout optimisation (training goes on either way). */
export function setLayoutRunning(s: Session, running: boolean): void {
  s.store.setState({ layoutRunning: running })
  s.workers.projection({ type: 'running', running })
}

/** Re-runs the layout from a fresh start on the same vectors. */
export function restartLayout(s: Session): void {
  s.store.setState({ quality: null, layoutRunning: true })
  s.workers.projection({ type: 'restart' })
  s.workers.projection({ type: 'running', running: true })
}

/** Shakes the layout by 10% of its radius so it can find a better arrangement. */
export function perturbLayout(s: Session, scale = 0.1): void {
  s.store.setState({ quality: null })
  s.workers.projection({ type: 'perturb', scale })
}

/** Asks for recall@k and T(k) of the layout shown now; the answer arrives as a `quality` event. */
export function measureQuality(s: Session, k = 10): void {
  s.store.setState({ qualityPending: true })
  s.workers.projection({ type: 'quality', k })
}

/** A quality measurement from the projection worker (dropped when it is of an older run). */
export function onQuality(s: Session, q: QualityMessage): void {
  if (q.run !== s.runtime.run) return
  s.live.pointRecall = q.pointRecall
  s.store.setState({
    quality: {
      recall: q.recall,
      trustworthiness: q.trustworthiness,
      k: q.k,
      epoch: q.epoch,
      ...(q.graph ? { graph: q.graph } : {}),
    },
    qualityPending: false,
  })
}

/** New positions (and the vectors they came from) from the projection worker. */
export function onPositions(s: Session, m: PositionsMessage): void {
  if (m.run !== s.runtime.run) return // a layout of a model that has since been replaced
  if (!m.vectors && s.live.run !== m.run) return // no vectors of this run yet to pair it with
  Object.assign(s.live, {
    run: m.run,
    step: m.step,
    items: m.items,
    dim: m.dim,
    dims: m.dims,
    vectors: m.vectors ?? s.live.vectors,
    positions: m.positions,
  })
  // A dataset that was waiting for this layout is shown now, with its vectors and positions.
  const pending = s.runtime.pendingShow
  if (pending?.run === m.run) {
    s.runtime.pendingShow = null
    pending.show()
  }
  // After the switch, so the history is of the dataset (and epoch) now shown.
  recordSnapshot(s, m)
  const st = s.store.getState()
  s.store.setState({
    version: st.version + 1,
    projectionStep: m.iteration,
    explained: (m.info.explainedVariance as number[] | undefined) ?? [],
    axes: (m.info.axes as number[] | undefined) ?? [1, 2, 3],
    sampled: typeof m.info.sampled === 'number' ? { shown: m.info.sampled, total: m.items } : null,
  })
  s.live.publish()
  s.runtime.positionWaiters = s.runtime.positionWaiters.filter((w) => {
    if (w.run !== m.run || m.step < w.step) return true
    w.resolve()
    return false
  })
}
