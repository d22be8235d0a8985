import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../src/model/training/params'
import type { SnapshotMessage, TrainingEvent } from '../../src/workers/protocol'
import { createTrainingHandler } from '../../src/workers/trainingHandler'
import { switchBackend } from './helpers'
import { plantedGroups, purity } from './plantedGroups'

describe('the js backend in the training worker (Node)', () => {
  it('wins the race beside the fastest tfjs backend, and trains word groups with SGD on a schedule', async () => {
    await switchBackend('cpu') // registers wasm in Node; the race then picks
    const events: TrainingEvent[] = []
    const snapshots: SnapshotMessage[] = []
    const port = { postMessage: (msg: SnapshotMessage) => snapshots.push(msg) }
    const handle = createTrainingHandler({
      post: (msg) => events.push(msg),
      candidates: ['wasm', 'js', 'cpu'],
      now: () => performance.now(),
      yieldToEvents: () => new Promise((r) => setImmediate(r)),
    })
    await handle({ type: 'init', port: port as unknown as MessagePort })
    const { ds, cluster } = plantedGroups()
    const params: TrainParams = {
      ...DEFAULT_TRAIN_PARAMS,
      dim: 16,
      optimizer: 'sgd',
      learningRate: 0.025,
      schedule: 'linear',
      epochs: 10,
      batchSize: 1024,
      l2: 0,
    }
    await handle({ type: 'load', dataset: ds, params })
    const event = events.find((e) => e.type === 'backend')
    if (event?.type !== 'backend') throw new Error('no backend choice posted')
    const { choice } = event
    expect(choice.backend).toBe('js')
    // tfjs runs on the fastest tfjs backend that passed, beside the kernel.
    const tfTrials = choice.trials.filter((t) => t.ok && t.backend !== 'js')
    tfTrials.sort((a, b) => a.msPerStep! - b.msPerStep!)
    expect(choice.tf).toBe(tfTrials[0].backend)
    expect(tf.getBackend()).toBe(choice.tf)
    expect(choice.reason).toMatch(
      new RegExp(`^js is fastest .*with ${choice.tf} for what it does not train`),
    )
    await handle({ type: 'train', epochs: 10 })
    for (let i = 0; i < 2000 && !events.some((e) => e.type === 'stopped'); i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(events.find((e) => e.type === 'stopped')).toMatchObject({ reason: 'done' })
    const last = snapshots.at(-1)!
    expect(last.epoch).toBe(10)
    expect(purity(last.data, 16, cluster)).toBeGreaterThanOrEqual(0.9)
  }, 60_000)
})
