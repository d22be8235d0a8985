import * as tf from '@tensorflow/tfjs'
import { describe, expect, it, vi } from 'vitest'
import { NOT_FINITE, vectorsTsv } from '../../src/model/export'
import { firstNonFinite } from '../../src/model/finite'
import type { Divergence } from '../../src/model/training/messages'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'
import { type Progress, type Snapshot, TrainingSession } from '../../src/model/training/session'
import { TableObjective } from '../../src/model/training/table'
import type { SnapshotMessage, TrainingEvent } from '../../src/workers/protocol'
import { createTrainingHandler } from '../../src/workers/trainingHandler'
import { switchBackend, trees } from './helpers'

/** SGD with a step size far too big: on trees.csv (10 steps an epoch) the loss is NaN at step 11. */
async function divergingRun(optimizer: 'sgd' | 'adam' = 'sgd', learningRate = 100) {
  await switchBackend('cpu')
  const objective = new TableObjective(trees(), {
    ...DEFAULT_TRAIN_PARAMS,
    optimizer,
    learningRate,
    seed: 3,
  })
  const events: Array<['snapshot', Snapshot] | ['diverged', Divergence] | ['stopped', Progress]> =
    []
  const session = new TrainingSession(
    objective,
    {
      snapshot: (s) => events.push(['snapshot', s]),
      progress: () => {},
      stopped: (_reason, p) => events.push(['stopped', p]),
      diverged: (d) => events.push(['diverged', d]),
    },
    // A snapshot after every step, so the last finite one is the step before the divergence.
    {
      now: () => performance.now(),
      yieldToEvents: async () => {},
      sliceMs: 0,
      snapshotIntervalMs: 0,
      sleep: async () => {},
    },
  )
  return { objective, session, events }
}

describe('a diverging run', () => {
  it('stops, reports the epoch and rolls back to the last finite snapshot', async () => {
    const { objective, session, events } = await divergingRun()
    await session.run(20)
    const kinds = events.map(([k]) => k)
    expect(kinds.filter((k) => k === 'diverged')).toHaveLength(1)
    expect(kinds.at(-1)).toBe('stopped')
    const at = kinds.indexOf('diverged')
    const d = events[at][1] as Divergence
    expect(d).toMatchObject({ epoch: 2, what: 'loss', value: 'NaN' })
    // Every snapshot ever handed out was finite.
    for (const [kind, s] of events)
      if (kind === 'snapshot') expect(firstNonFinite((s as Snapshot).data)).toBeNull()
    const before = events
      .slice(0, at)
      .filter(([k]) => k === 'snapshot')
      .at(-1)![1] as Snapshot
    expect(d.backTo).toEqual({ step: before.step, epoch: before.epoch })
    const vectors = (await objective.embedding().data()) as Float32Array
    expect(firstNonFinite(vectors)).toBeNull()
    expect(Array.from(vectors)).toEqual(Array.from(before.data))
    // The run says it is back where that snapshot was, and stopped paused, not done.
    expect(session.step).toBe(before.step)
    expect(session.epoch).toBe(before.epoch)
    expect(events.at(-1)![1]).toMatchObject({ step: before.step, epoch: before.epoch })
    expect(session.loss === null || Number.isFinite(session.loss)).toBe(true)
    // Every trained variable is finite again, not only the vectors.
    for (const v of objective.variables()) expect(firstNonFinite(await v.data())).toBeNull()
    session.dispose()
    objective.dispose()
  })

  it('stops a single step that diverges too, and leaks no tensors over a rollback', async () => {
    const { objective, session, events } = await divergingRun()
    await session.run(1) // 10 finite steps
    const tensors = tf.memory().numTensors
    await session.stepOnce() // the 11th: NaN
    expect(events.some(([k]) => k === 'diverged')).toBe(true)
    expect(session.step).toBe(10)
    expect(tf.memory().numTensors).toBe(tensors)
    session.dispose()
    objective.dispose()
  })

  it('puts the optimiser state back too (Adam: step count and moments)', async () => {
    const { objective, session } = await divergingRun('adam', 0.01)
    await session.run(1)
    const kept = await Promise.all(
      (await objective.optimizer.getWeights()).map(async (w) => Array.from(await w.tensor.data())),
    )
    await session.postSnapshot() // the state to go back to
    // Make the next step blow up as a diverging run would, then let the session roll back.
    for (const v of objective.variables()) v.assign(tf.fill(v.shape, NaN))
    await session.stepOnce()
    const now = await Promise.all(
      (await objective.optimizer.getWeights()).map(async (w) => Array.from(await w.tensor.data())),
    )
    expect(now).toEqual(kept)
    for (const v of objective.variables()) expect(firstNonFinite(await v.data())).toBeNull()
    session.dispose()
    objective.dispose()
  })
})

describe('exports of vectors that are not finite', () => {
  it('are refused with a message that says why', () => {
    expect(() => vectorsTsv(Float32Array.from([1, NaN, 3, 4]), 2, 2)).toThrow(NOT_FINITE)
    expect(() => vectorsTsv(Float32Array.from([1, 2, Infinity, 4]), 2, 2)).toThrow(
      /NaN or Infinity/,
    )
    expect(vectorsTsv(Float32Array.from([1, 2, 3, 4]), 2, 2)).toBe('1\t2\n3\t4\n')
  })
})

describe('the training worker when a run diverges', () => {
  it('posts diverged then stopped, and no non-finite number to either thread', async () => {
    await switchBackend('cpu')
    const events: TrainingEvent[] = []
    const snapshots: SnapshotMessage[] = []
    const handle = createTrainingHandler({
      post: (msg) => events.push(msg),
      snapshotPort: { postMessage: (msg) => snapshots.push(msg) },
      candidates: ['cpu'],
      now: () => performance.now(),
      yieldToEvents: () => new Promise((r) => setImmediate(r)),
    })
    const params = { ...DEFAULT_TRAIN_PARAMS, optimizer: 'sgd' as const, learningRate: 100 }
    await handle({ type: 'load', dataset: trees(), params })
    await handle({ type: 'train', epochs: 20 })
    await vi.waitFor(() => expect(events.some((e) => e.type === 'stopped')).toBe(true), {
      timeout: 20_000,
    })
    const types = events.map((e) => e.type).filter((t) => t !== 'metrics' && t !== 'backend')
    expect(types.slice(-2)).toEqual(['diverged', 'stopped'])
    const d = events.find((e) => e.type === 'diverged')!
    const stopped = events.find((e) => e.type === 'stopped')!
    if (d.type !== 'diverged' || stopped.type !== 'stopped') throw new Error('unreachable')
    expect(d.divergence.epoch).toBe(2)
    expect(stopped).toMatchObject({ reason: 'paused', progress: d.divergence.backTo })
    for (const s of snapshots) expect(firstNonFinite(s.data)).toBeNull()
    for (const e of events)
      if (e.type === 'progress') expect(firstNonFinite([e.progress.loss ?? 0])).toBeNull()
    await handle({ type: 'state', id: 7 })
    const state = events.at(-1)!
    if (state.type !== 'state') throw new Error(`expected a state answer, got ${state.type}`)
    expect(state).toMatchObject(d.divergence.backTo)
    for (const v of state.variables) expect(firstNonFinite(v.data)).toBeNull()
  })
})
