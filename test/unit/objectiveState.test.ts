import * as tf from '@tensorflow/tfjs'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseFiles } from '../../src/model/datasets'
import { createObjective } from '../../src/model/training/createObjective'
import { readVariables, restoreVariables } from '../../src/model/training/objective'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'

const trees = parseFiles([
  { name: 'trees.csv', text: readFileSync('public/datasets/trees.csv', 'utf8') },
])
const forests = parseFiles([
  { name: 'forests.txt', text: readFileSync('public/datasets/forests.txt', 'utf8') },
])
const dishes = parseFiles([
  { name: 'dishes.csv', text: readFileSync('public/datasets/dishes.csv', 'utf8') },
])

async function loss(o: ReturnType<typeof createObjective>, steps: number): Promise<number> {
  let sum = 0
  for (let i = 0; i < steps; i++) {
    const l = o.trainStep()
    sum += (await l.data())[0]
    l.dispose()
  }
  return sum / steps
}

describe('keeping a run whole: every trained variable, restored into a fresh objective', () => {
  it.each([
    ['table', trees],
    ['groups', forests],
    ['pairs', dishes],
  ])('%s: the restored run goes on at the trained loss, not the untrained one', async (_, ds) => {
    await tf.setBackend('cpu')
    const p = { ...DEFAULT_TRAIN_PARAMS, seed: 3 }
    const trained = createObjective(ds, p)
    await loss(trained, 150)
    const kept = await readVariables(trained)
    expect(kept[0].shape).toEqual([ds.labels.length, p.dim]) // the item vectors come first
    const after = await loss(trained, 20)

    const fresh = createObjective(ds, p)
    const untrained = await loss(fresh, 20)
    fresh.dispose()
    const restored = createObjective(ds, p, { start: kept[0].data })
    expect(await restoreVariables(restored, kept)).toBe(true)
    const again = await readVariables(restored)
    again.forEach((v, i) => expect(Array.from(v.data)).toEqual(Array.from(kept[i].data)))
    const resumed = await loss(restored, 20)
    // Close to the run that kept going (fresh optimiser moments only), far below a fresh start.
    expect(resumed).toBeLessThan(untrained * 0.8)
    expect(Math.abs(resumed - after)).toBeLessThan(Math.abs(untrained - after) * 0.5)
    trained.dispose()
    restored.dispose()
  })

  it('refuses values of another shape and leaves the objective as it was', async () => {
    await tf.setBackend('cpu')
    const o = createObjective(trees, DEFAULT_TRAIN_PARAMS)
    const before = await readVariables(o)
    const wrong = before.map((v) => ({ shape: v.shape, data: v.data }))
    wrong[1] = { shape: [1, 1], data: new Float32Array(1) }
    expect(await restoreVariables(o, wrong)).toBe(false)
    expect(await restoreVariables(o, before.slice(1))).toBe(false)
    const now = await readVariables(o)
    now.forEach((v, i) => expect(Array.from(v.data)).toEqual(Array.from(before[i].data)))
    o.dispose()
  })
})
