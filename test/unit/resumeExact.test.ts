import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseFiles } from '../../src/model/datasets'
import type { Dataset } from '../../src/model/datasets/types'
import { DEFAULT_TRAIN_PARAMS, type TrainParams } from '../../src/model/training/params'
import type { TrainingEvent, TrainingRequest } from '../../src/workers/protocol'
import { createTrainingHandler } from '../../src/workers/trainingHandler'

// A kept or restarted run goes on exactly: its loss curve is the uninterrupted run's (same seed),
// because the variables, the optimiser's state, the unfinished epoch's loss tally and the batch
// order (replayed from the seed) all come back. Real TF.js, cpu backend, in Node.

const read = (name: string) => readFileSync(`public/datasets/${name}`, 'utf8')
const DATA: [string, () => Dataset][] = [
  ['table (trees, Adam)', () => parseFiles([{ name: 'trees.csv', text: read('trees.csv') }])],
  ['groups (forests)', () => parseFiles([{ name: 'forests.txt', text: read('forests.txt') }])],
  ['pairs (dishes)', () => parseFiles([{ name: 'dishes.csv', text: read('dishes.csv') }])],
]

type StateAnswer = Extract<TrainingEvent, { type: 'state' }>

function worker() {
  const events: TrainingEvent[] = []
  const handle = createTrainingHandler({
    post: (msg) => events.push(msg),
    snapshotPort: { postMessage: () => {} },
    candidates: ['cpu'],
    now: () => performance.now(),
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
  })
  /** Sends `msg` and waits for the first event of `type` posted after it. */
  const until = async (msg: TrainingRequest, type: TrainingEvent['type']) => {
    const seen = events.length
    await handle(msg)
    for (;;) {
      const e = events.slice(seen).find((x) => x.type === type)
      if (e) return e
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  /** Every epoch loss reported so far, oldest first. */
  const losses = () =>
    events.flatMap((e) =>
      e.type === 'progress' || e.type === 'stopped' ? e.progress.epochLosses : [],
    )
  return { handle, until, losses }
}

async function trained(ds: Dataset, p: TrainParams, epochs: number) {
  const w = worker()
  await w.handle({ type: 'load', dataset: ds, params: p })
  await w.until({ type: 'train', epochs }, 'stopped')
  return w
}

describe('a resumed run continues exactly (optimiser state kept)', () => {
  it.each(DATA)('%s: same epoch losses as the uninterrupted run', async (_, make) => {
    const p: TrainParams = { ...DEFAULT_TRAIN_PARAMS, seed: 5, optimizer: 'adam' }
    const whole = await trained(make(), p, 5)
    const reference = whole.losses()
    expect(reference).toHaveLength(5)

    // Interrupted after 2 epochs and 3 single steps (mid-epoch), kept, resumed in a new worker.
    const first = await trained(make(), p, 2)
    for (let i = 0; i < 3; i++) await first.until({ type: 'step' }, 'stopped')
    const kept = (await first.until({ type: 'state', id: 1 }, 'state')) as StateAnswer
    expect(kept.step).toBeGreaterThan(0)
    expect(kept.optimizer.length).toBeGreaterThan(1) // the step count and Adam's moments
    expect(kept.partial?.count).toBe(3)

    const second = worker()
    await second.handle({
      type: 'load',
      dataset: make(),
      params: p,
      start: {
        data: kept.variables[0].data,
        epoch: kept.epoch,
        step: kept.step,
        variables: kept.variables,
        optimizer: kept.optimizer,
        partial: kept.partial ?? undefined,
      },
    })
    await second.until({ type: 'train', epochs: 3 }, 'stopped')
    const resumed = [...first.losses(), ...second.losses()]
    expect(resumed).toHaveLength(5)
    resumed.forEach((l, i) => expect(l).toBeCloseTo(reference[i], 5))
  })
})
