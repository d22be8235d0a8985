import { customAxesLayout } from '../model/projection/customAxes'
import { knnGraph } from '../model/projection/knn'
import { layoutGraphRecall } from '../model/projection/layoutKnn'
import { PcaProjector } from '../model/projection/pca'
import { type Layout, PrecomputedProjector } from '../model/projection/precomputed'
import { pointRecall, trustworthiness } from '../model/projection/quality'
import { TsneProjector } from '../model/projection/tsne'
import { SampledProjector } from '../model/projection/sampled'
import { type ProjectionMethod, type Projector } from '../model/projection/types'
import type { Tick } from '../model/tick'
import { UmapProjector } from '../model/projection/umap'
import { errorReply } from './errors'
import {
  assertNever,
  type ProjectionEvent,
  type ProjectionRequest,
  type SnapshotMessage,
} from './protocol'

export interface ProjectionDeps {
  post(msg: ProjectionEvent, transfer: Transferable[]): void
  now: () => number
  /** Schedules the next stepping pass as a macrotask, so new snapshots can arrive in between. */
  schedule: (fn: () => void, delayMs: number) => void
  /** Minimum time between posted layouts: 33 ms caps them at 30 per second. */
  postIntervalMs?: number
  /**
   * The worker's beacon (rpc.ts `beacon`): every long synchronous computation (kNN graphs, PCA
   * passes, t-SNE affinities, UMAP's fuzzy graph, quality measures) calls it every few ms, so a
   * worker busy for longer than its heartbeat's `silentMs` is not taken for dead.
   */
  tick?: Tick
}

/**
 * A new training snapshot rebuilds t-SNE's or UMAP's neighbour graph (seconds at 10,000 points),
 * so rebuilds are spaced to take at most a quarter of the time: the layout keeps improving on the
 * previous graph in between, and always ends on the newest vectors.
 */
const REBUILD_SHARE = 0.25
const MIN_REBUILD_GAP_MS = 150
/** UMAP and t-SNE project every point up to this many, and a seeded random sample above it. */
export const SAMPLE_LIMIT = 20_000
/** Points whose exact neighbours are found to measure an approximate graph's recall. */
const GRAPH_RECALL_SAMPLE = 200

export function createProjector(
  method: ProjectionMethod,
  dims: 2 | 3,
  params: Record<string, number> = {},
  layout?: Layout,
  tick?: Tick,
): Projector {
  switch (method) {
    case 'precomputed':
      if (!layout) throw new Error('This dataset has no precomputed layout (x, y columns) to show.')
      return new PrecomputedProjector(dims, layout)
    case 'pca':
      return new PcaProjector(dims, params, tick)
    case 'tsne':
      return new SampledProjector(
        // A learning rate of 0 is the engine's 'auto' (PROJECTION_PARAMS).
        new TsneProjector(dims, { ...params, learningRate: params.learningRate || 'auto' }, tick),
        SAMPLE_LIMIT,
        params.seed,
      )
    case 'umap':
      return new SampledProjector(new UmapProjector(dims, params, tick), SAMPLE_LIMIT, params.seed)
    default:
      return assertNever(method)
  }
}

/**
 * The projection worker's handlers as plain functions. Snapshots arrive from the training worker;
 * only the newest one is kept, handed to the projector as often as the rebuild budget allows, and
 * the layout is posted to the main thread with the vectors it came from, at most 30 times a second.
 * A custom projection (`customAxes`) is computed over the newest snapshot and answered at once.
 */
export function createProjectionHandler(deps: ProjectionDeps) {
  const interval = deps.postIntervalMs ?? 33
  const tick = deps.tick
  let projector: Projector = new PcaProjector(3, {}, tick)
  /** The snapshot the projector works on, and a newer one waiting for the rebuild budget. */
  let current: SnapshotMessage | null = null
  let waiting: SnapshotMessage | null = null
  let lastPostAt = -Infinity
  let nextRebuildAt = -Infinity
  let rebuildPending = false
  let scheduled = false
  let dirty = false
  let running = true

  const fail = (e: unknown) => deps.post(errorReply(e), [])

  /** The snapshot whose vectors the main thread already has: later layouts of it go without them. */
  let vectorsSent: SnapshotMessage | null = null

  function publish(s: SnapshotMessage) {
    const positions = projector.positions().slice()
    // Vectors only change with a training snapshot; resending them with every layout step
    // (30 a second) would only make garbage for the main thread to collect.
    const vectors = vectorsSent === s ? null : s.data.slice()
    vectorsSent = s
    lastPostAt = deps.now()
    dirty = false
    deps.post(
      {
        type: 'positions',
        run: s.run,
        step: s.step,
        epoch: s.epoch,
        loss: s.loss,
        method: projector.method,
        dims: projector.dims,
        iteration: projector.iteration,
        items: s.items,
        dim: s.dim,
        positions,
        vectors,
        info: projector.info(),
      },
      vectors ? [positions.buffer, vectors.buffer] : [positions.buffer],
    )
  }

  /** Hands the waiting snapshot to the projector when the rebuild budget allows (PCA: always). */
  function takeWaiting(now: number) {
    if (!waiting) return
    const free =
      projector.method === 'pca' || projector.method === 'precomputed' || now >= nextRebuildAt
    if (!free) return
    current = waiting
    waiting = null
    projector.update(current.data, current.items, current.dim)
    rebuildPending = true
    dirty = true
  }

  function pump() {
    scheduled = false
    try {
      takeWaiting(deps.now())
      if (!current) return
      let moved = false
      if (running || rebuildPending) {
        const t0 = deps.now()
        moved = projector.step()
        if (rebuildPending) {
          // The first step after an update pays for the rebuild: space the next one accordingly.
          const cost = deps.now() - t0
          nextRebuildAt = deps.now() + Math.max(MIN_REBUILD_GAP_MS, cost / REBUILD_SHARE - cost)
          rebuildPending = false
        }
      }
      dirty ||= moved
      const wait = interval - (deps.now() - lastPostAt)
      if (dirty && wait <= 0) publish(current)
      if (moved && running) wake(0)
      else if (dirty) wake(wait)
      else if (waiting) wake(nextRebuildAt - deps.now())
    } catch (e) {
      fail(e)
    }
  }

  function wake(delayMs = 0) {
    if (scheduled) return
    scheduled = true
    deps.schedule(pump, Math.max(0, delayMs))
  }

  function quality(k: number) {
    const s = current
    if (!s) return
    const dims = projector.dims
    const all = projector.positions()
    // A sampled layout leaves points out (NaN): measure on the points it shows.
    const shown: number[] = []
    for (let i = 0; i < s.items; i++) if (Number.isFinite(all[i * dims])) shown.push(i)
    const m = shown.length
    const data = new Float32Array(m * s.dim)
    const layout = new Float32Array(m * dims)
    shown.forEach((i, r) => {
      data.set(s.data.subarray(i * s.dim, (i + 1) * s.dim), r * s.dim)
      layout.set(all.subarray(i * dims, (i + 1) * dims), r * dims)
    })
    const original = knnGraph(data, m, s.dim, k, 'cosine', tick)
    const onScreen = knnGraph(layout, m, dims, k, 'euclidean', tick)
    const perShown = pointRecall(original, onScreen)
    const per = new Float32Array(s.items).fill(NaN)
    shown.forEach((i, r) => (per[i] = perShown[r]))
    let recall = 0
    for (const r of perShown) recall += r
    recall /= Math.max(m, 1)
    const g = projector.neighbourGraph?.() ?? null
    const sample = Math.min(GRAPH_RECALL_SAMPLE, g?.graph.n ?? 0)
    const graph = g
      ? {
          approximate: g.approximate,
          k: g.graph.k,
          recall: layoutGraphRecall(g, sample, tick),
          sample,
        }
      : undefined
    deps.post(
      {
        type: 'quality',
        run: s.run,
        step: s.step,
        epoch: s.epoch,
        k: original.k,
        recall,
        trustworthiness: trustworthiness(data, m, s.dim, layout, dims, k, 'cosine', tick),
        pointRecall: per,
        graph,
      },
      [per.buffer],
    )
  }

  return {
    snapshot(s: SnapshotMessage) {
      // A snapshot of a new run (another dataset, seed or dimension) replaces the old at once.
      if (current && s.run !== current.run) nextRebuildAt = -Infinity
      waiting = s
      wake()
    },
    request(msg: ProjectionRequest) {
      try {
        switch (msg.type) {
          case 'init':
            return
          case 'method': {
            const next = createProjector(msg.method, msg.dims, msg.params, msg.layout, tick)
            projector = next
            if (current) waiting ??= current
            nextRebuildAt = -Infinity
            wake()
            return
          }
          case 'running':
            running = msg.running
            if (running) wake()
            return
          case 'restart':
            projector.restart?.()
            dirty = true
            wake()
            return
          case 'perturb':
            projector.perturb?.(msg.scale)
            dirty = true
            wake()
            return
          case 'quality':
            quality(msg.k)
            return
          case 'replay':
            nextRebuildAt = -Infinity // the user is scrubbing: no waiting for the rebuild budget
            waiting = msg.snapshot
            wake()
            return
          case 'customAxes': {
            // The newest vectors: those the next layout is shown with.
            const s = waiting ?? current
            if (!s) throw new Error('The projection worker has no vectors yet.')
            const positions = customAxesLayout(s.data, s.items, s.dim, msg.groups, tick)
            deps.post({ type: 'customAxes', id: msg.id, run: s.run, positions }, [positions.buffer])
            return
          }
          default:
            assertNever(msg)
        }
      } catch (e) {
        deps.post(errorReply(e, 'id' in msg ? msg.id : undefined), [])
      }
    },
  }
}
