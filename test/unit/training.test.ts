import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { nearestNeighbours } from '../../src/model/neighbours'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'
import { TableObjective } from '../../src/model/training/table'
import { trees, switchBackend } from './helpers'

async function trainTrees(backend: 'cpu' | 'wasm', epochs: number, seed = 1) {
  await switchBackend(backend)
  const ds = trees()
  const objective = new TableObjective(ds, { ...DEFAULT_TRAIN_PARAMS, seed })
  const losses: number[] = []
  for (let e = 0; e < epochs; e++) {
    let sum = 0
    for (let s = 0; s < objective.stepsPerEpoch; s++) {
      const loss = objective.trainStep()
      sum += (await loss.data())[0]
      loss.dispose()
    }
    losses.push(sum / objective.stepsPerEpoch)
  }
  const vectors = (await objective.embedding().data()) as Float32Array
  objective.dispose()
  return { ds, vectors, losses, dim: DEFAULT_TRAIN_PARAMS.dim }
}

describe('table objective on trees.csv', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`learns that Giant sequoia is near Coast redwood and Coconut palm is not (${backend})`, async () => {
      const { ds, vectors, losses, dim } = await trainTrees(backend, 60)
      expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.5)
      const redwood = ds.labels.indexOf('Coast redwood')
      const near = nearestNeighbours(vectors, ds.labels.length, dim, redwood, 20)
      const names = near.map((n) => ds.labels[n.index])
      expect(names.slice(0, 3)).toContain('Giant sequoia')
      expect(names).not.toContain('Coconut palm')
    })
  }

  it('leaks no tensors per step after warm-up', async () => {
    await switchBackend('wasm')
    const objective = new TableObjective(trees(), DEFAULT_TRAIN_PARAMS)
    const warm = objective.trainStep()
    await warm.data()
    warm.dispose()
    const before = tf.memory().numTensors
    for (let i = 0; i < 20; i++) {
      const loss = objective.trainStep()
      await loss.data()
      loss.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
    objective.dispose()
  })

  it('gives the same vectors for the same seed on cpu, and different ones for another seed', async () => {
    const a = await trainTrees('cpu', 3, 7)
    const b = await trainTrees('cpu', 3, 7)
    const c = await trainTrees('cpu', 3, 8)
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors))
    expect(Array.from(a.vectors)).not.toEqual(Array.from(c.vectors))
  })
})

describe('table objective memory', () => {
  it('frees every tensor it made on dispose', async () => {
    await switchBackend('wasm')
    const before = tf.memory().numTensors
    const objective = new TableObjective(trees(), DEFAULT_TRAIN_PARAMS)
    const loss = objective.trainStep()
    await loss.data()
    loss.dispose()
    objective.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
