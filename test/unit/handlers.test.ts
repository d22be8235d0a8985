import { describe, expect, it } from 'vitest'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'
import { TrainingSession } from '../../src/model/training/session'
import { initialVectors, TableObjective } from '../../src/model/training/table'
import { createProjectionHandler } from '../../src/workers/projectionHandler'
import type {
  PositionsMessage,
  ProjectionEvent,
  SnapshotMessage,
  TrainingEvent,
} from '../../src/workers/protocol'
import { createTrainingHandler } from '../../src/workers/trainingHandler'
import { switchBackend, trees } from './helpers'

function trainingRig() {
  const events: TrainingEvent[] = []
  const snapshots: (SnapshotMessage & { at: number })[] = []
  const handle = createTrainingHandler({
    post: (msg) => events.push(msg),
    snapshotPort: { postMessage: (msg) => snapshots.push({ ...msg, at: performance.now() }) },
    candidates: ['wasm', 'cpu'],
    now: () => performance.now(),
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
  })
  const next = (type: TrainingEvent['type']) =>
    new Promise<TrainingEvent>((resolve) => {
      const seen = events.length
      const timer = setInterval(() => {
        const e = events.slice(seen).find((x) => x.type === type)
        if (e) {
          clearInterval(timer)
          resolve(e)
        }
      }, 5)
    })
  return { events, snapshots, handle, next }
}

describe('training worker handler (Node)', () => {
  it('draws the starting vectors at once, trains to the epoch target, and caps snapshots at 20 Hz', async () => {
    const { events, snapshots, handle, next } = trainingRig()
    const ds = trees()
    await handle({ type: 'load', dataset: ds, params: DEFAULT_TRAIN_PARAMS })
    expect(snapshots[0]).toMatchObject({ run: 1, step: 0, epoch: 0, items: ds.labels.length })
    expect(Array.from(snapshots[0].data)).toEqual(
      Array.from(initialVectors(ds.labels.length, DEFAULT_TRAIN_PARAMS)),
    )
    expect(events.find((e) => e.type === 'loaded')).toBeDefined()

    const stopped = next('stopped')
    await handle({ type: 'train', epochs: 8 })
    const s = await stopped
    expect(s).toMatchObject({ type: 'stopped', reason: 'done', progress: { epoch: 8 } })
    const last = snapshots.at(-1)!
    expect(last.epoch).toBe(8)
    expect(last.data).toHaveLength(ds.labels.length * DEFAULT_TRAIN_PARAMS.dim)
    expect(last.data.every(Number.isFinite)).toBe(true)
    const gaps = snapshots.slice(2).map((x, i) => x.at - snapshots[i + 1].at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(49)
  })

  it('pauses a run without an epoch target, and reset starts a new run from new vectors', async () => {
    const { snapshots, handle, next } = trainingRig()
    const ds = trees()
    await handle({ type: 'load', dataset: ds, params: DEFAULT_TRAIN_PARAMS })
    await handle({ type: 'train' })
    await new Promise((r) => setTimeout(r, 300))
    const stopped = next('stopped')
    await handle({ type: 'pause' })
    const s = await stopped
    expect(s).toMatchObject({ reason: 'paused' })
    await handle({ type: 'reset', params: { ...DEFAULT_TRAIN_PARAMS, seed: 42 } })
    const fresh = snapshots.at(-1)!
    expect(fresh).toMatchObject({ run: 2, step: 0 })
    expect(Array.from(fresh.data)).toEqual(
      Array.from(initialVectors(ds.labels.length, { ...DEFAULT_TRAIN_PARAMS, seed: 42 })),
    )
  })

  it('resumes a saved run from its vectors, epoch and step', async () => {
    const { snapshots, handle, next } = trainingRig()
    const ds = trees()
    const saved = initialVectors(ds.labels.length, { ...DEFAULT_TRAIN_PARAMS, seed: 99 })
    await handle({
      type: 'load',
      dataset: ds,
      params: DEFAULT_TRAIN_PARAMS,
      start: { data: saved, epoch: 4, step: 40 },
    })
    expect(snapshots[0]).toMatchObject({ step: 40, epoch: 4 })
    expect(Array.from(snapshots[0].data)).toEqual(Array.from(saved))
    const stopped = next('stopped')
    await handle({ type: 'train', epochs: 1 })
    expect(await stopped).toMatchObject({ reason: 'done', progress: { epoch: 5, step: 50 } })
  })

  it('reports training before loading as an error message, not a crash', async () => {
    const { events, handle } = trainingRig()
    await handle({ type: 'train', epochs: 1 })
    expect(events).toContainEqual({
      type: 'error',
      error: { name: 'Error', message: 'Load a dataset before training.', dataset: false },
    })
  })
})

describe('projection worker handler (Node)', () => {
  function rig() {
    const posted: ProjectionEvent[] = []
    let clock = 0
    const tasks: (() => void)[] = []
    const handler = createProjectionHandler({
      post: (msg) => posted.push(msg),
      now: () => clock,
      schedule: (fn) => tasks.push(fn),
    })
    const runAll = (advance = 40) => {
      while (tasks.length) {
        clock += advance
        tasks.shift()!()
      }
    }
    return { posted, handler, runAll, tick: (ms: number) => (clock += ms) }
  }
  const snapshot = (step: number, n = 30, dim = 5): SnapshotMessage => ({
    type: 'snapshot',
    run: 1,
    step,
    epoch: step,
    loss: 1,
    items: n,
    dim,
    data: initialVectors(n, { ...DEFAULT_TRAIN_PARAMS, dim, seed: step + 1 }),
  })

  it('projects each snapshot with PCA and posts positions with the vectors they came from', () => {
    const { posted, handler, runAll } = rig()
    const s = snapshot(1)
    const copy = s.data.slice()
    handler.snapshot(s)
    runAll()
    const p = posted.find((m): m is PositionsMessage => m.type === 'positions')!
    expect(p).toMatchObject({ method: 'pca', dims: 3, items: 30, dim: 5, step: 1 })
    expect(p.positions).toHaveLength(90)
    expect(p.positions.every(Number.isFinite)).toBe(true)
    expect(Array.from(p.vectors!)).toEqual(Array.from(copy))
    expect((p.info.explainedVariance as number[]).length).toBe(3)
  })

  it('sends the vectors once per snapshot, not with every layout step', () => {
    const { posted, handler, runAll } = rig()
    handler.request({ type: 'method', method: 'tsne', dims: 2, params: { maxIterations: 30 } })
    handler.snapshot(snapshot(1))
    runAll()
    const layouts = posted.filter((m): m is PositionsMessage => m.type === 'positions')
    expect(layouts.length).toBeGreaterThan(2)
    expect(layouts[0].vectors).not.toBeNull()
    expect(layouts.slice(1).every((m) => m.vectors === null)).toBe(true)
    handler.snapshot(snapshot(2))
    runAll()
    const next = posted.filter((m): m is PositionsMessage => m.type === 'positions' && m.step === 2)
    expect(next[0].vectors).not.toBeNull()
  })

  it('keeps only the newest snapshot when several arrive between passes', () => {
    const { posted, handler, runAll } = rig()
    for (let step = 1; step <= 5; step++) handler.snapshot(snapshot(step))
    runAll()
    const steps = posted
      .filter((m) => m.type === 'positions')
      .map((m) => (m as PositionsMessage).step)
    expect(steps).toEqual([5])
  })

  it('switches to 2D and between PCA, t-SNE and UMAP, keeping the vectors', () => {
    const { posted, handler, runAll } = rig()
    handler.snapshot(snapshot(1))
    runAll()
    handler.request({ type: 'method', method: 'pca', dims: 2 })
    runAll()
    const last = () => posted.filter((m) => m.type === 'positions').at(-1) as PositionsMessage
    expect(last()).toMatchObject({ method: 'pca', dims: 2 })
    expect(last().positions).toHaveLength(60)
    for (const method of ['tsne', 'umap'] as const) {
      handler.request({ type: 'method', method, dims: 3, params: { seed: 3 } })
      runAll()
      expect(last()).toMatchObject({ method, dims: 3, items: 30, step: 1 })
      expect(last().positions).toHaveLength(90)
      expect(last().positions.every(Number.isFinite)).toBe(true)
      expect(last().iteration).toBeGreaterThan(1)
    }
    expect(posted.some((m) => m.type === 'error')).toBe(false)
  })

  it('spaces t-SNE rebuilds but always ends on the newest snapshot', () => {
    const { posted, handler, runAll } = rig()
    handler.request({ type: 'method', method: 'tsne', dims: 2, params: { maxIterations: 5 } })
    for (let step = 1; step <= 4; step++) {
      handler.snapshot(snapshot(step))
      runAll(1) // 1 ms per pass: far inside the rebuild gap
    }
    runAll(200)
    const last = posted.filter((m) => m.type === 'positions').at(-1) as PositionsMessage
    expect(last.step).toBe(4)
  })

  it('measures recall and trustworthiness of the current layout on request', () => {
    const { posted, handler, runAll } = rig()
    handler.snapshot(snapshot(1, 60, 8))
    runAll()
    handler.request({ type: 'quality', k: 10 })
    const q = posted.find((m) => m.type === 'quality')
    expect(q).toBeDefined()
    if (q?.type !== 'quality') return
    expect(q.k).toBe(10)
    expect(q.pointRecall).toHaveLength(60)
    expect(q.recall).toBeGreaterThan(0)
    expect(q.recall).toBeLessThanOrEqual(1)
    expect(q.trustworthiness).toBeGreaterThan(0.5)
    expect(q.trustworthiness).toBeLessThanOrEqual(1)
    expect(q.graph).toBeUndefined() // PCA has no neighbour graph
  })

  it("reports the UMAP layout's neighbour graph with its quality: exact at this size", () => {
    const { posted, handler, runAll } = rig()
    handler.request({ type: 'method', method: 'umap', dims: 2, params: { nEpochs: 20 } })
    handler.snapshot(snapshot(1, 60, 8))
    runAll()
    handler.request({ type: 'quality', k: 10 })
    const q = posted.find((m) => m.type === 'quality')
    if (q?.type !== 'quality') throw new Error('no quality message')
    expect(q.graph).toEqual({ approximate: false, k: 14, recall: 1, sample: 60 })
  })

  it('pausing the layout stops stepping; running again resumes', () => {
    const { posted, handler, runAll } = rig()
    handler.request({ type: 'method', method: 'tsne', dims: 2 })
    handler.snapshot(snapshot(1))
    runAll()
    handler.request({ type: 'running', running: false })
    runAll()
    const count = posted.length
    handler.request({ type: 'perturb', scale: 0.1 })
    runAll()
    // A perturb while paused is drawn once, then nothing moves.
    expect(posted.length).toBe(count + 1)
    handler.request({ type: 'running', running: true })
    runAll()
    expect(posted.length).toBeGreaterThan(count + 1)
  })
})

describe('snapshots on the cpu backend', () => {
  it('are copies: transferring one does not detach the model’s own vectors', async () => {
    await switchBackend('cpu')
    const objective = new TableObjective(trees(), DEFAULT_TRAIN_PARAMS)
    const posted: Float32Array[] = []
    const session = new TrainingSession(
      objective,
      { snapshot: (s) => posted.push(s.data), progress: () => {}, stopped: () => {} },
      { now: () => performance.now(), yieldToEvents: () => Promise.resolve() },
    )
    await session.postSnapshot()
    structuredClone(posted[0], { transfer: [posted[0].buffer] }) // what postMessage does
    await session.trainOne()
    await session.postSnapshot()
    expect(posted[1].length).toBe(objective.items * objective.dim)
    expect(posted[1].every(Number.isFinite)).toBe(true)
    objective.dispose()
  })
})
