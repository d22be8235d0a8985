import { describe, expect, it } from 'vitest'
import type { BackendChoice } from '../../src/model/training/backend'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'
import type { TrainingEvent, TrainingRequest } from '../../src/workers/protocol'
import { createTrainingHandler } from '../../src/workers/trainingHandler'
import { trees } from './helpers'

// A first visit trains at once on the quick backend (wasm) while every backend is timed
// elsewhere; when the timing picks another one, the run moves there without losing anything.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function worker() {
  const events: TrainingEvent[] = []
  const handle = createTrainingHandler({
    post: (msg) => events.push(msg),
    snapshotPort: { postMessage: () => {} },
    candidates: ['wasm', 'cpu'],
    now: () => performance.now(),
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
  })
  const stopped = async () => {
    for (;;) {
      const e = events.find((x) => x.type === 'stopped')
      if (e) return e
      await sleep(5)
    }
  }
  const losses = () =>
    events.flatMap((e) =>
      e.type === 'progress' || e.type === 'stopped' ? e.progress.epochLosses : [],
    )
  const send = (msg: TrainingRequest) => handle(msg)
  return { events, send, stopped, losses }
}

const init = { type: 'init', port: { postMessage() {} } as unknown as MessagePort } as const

describe('training at once on a first visit', () => {
  it('starts on wasm, moves to the timed backend mid-run, and the run goes on exactly', async () => {
    const p = { ...DEFAULT_TRAIN_PARAMS, seed: 11, optimizer: 'adam' as const }
    const EPOCHS = 12

    const plain = worker()
    await plain.send({ type: 'init', port: init.port, backends: ['wasm'] })
    await plain.send({ type: 'load', dataset: trees(), params: p })
    await plain.send({ type: 'train', epochs: EPOCHS })
    await plain.stopped()
    const reference = plain.losses()

    const w = worker()
    await w.send({ ...init, quick: true })
    await w.send({ type: 'load', dataset: trees(), params: p })
    const first = w.events.find((e) => e.type === 'backend')
    expect(first).toMatchObject({ choice: { backend: 'wasm', provisional: true } })
    await w.send({ type: 'train', epochs: EPOCHS })
    while (!w.events.some((e) => e.type === 'progress' && e.progress.epoch >= 3)) await sleep(5)
    const timed: BackendChoice = { backend: 'cpu', trials: [], reason: 'cpu is fastest (test).' }
    await w.send({ type: 'timed', choice: timed })

    const stop = await w.stopped()
    expect(stop).toMatchObject({ reason: 'done', progress: { epoch: EPOCHS } })
    expect(w.events.filter((e) => e.type === 'stopped')).toHaveLength(1) // the move is no stop
    const backends = w.events.flatMap((e) => (e.type === 'backend' ? [e.choice.backend] : []))
    expect(backends).toEqual(['wasm', 'cpu'])
    const moved = w.losses()
    expect(moved).toHaveLength(EPOCHS)
    // Another backend rounds differently: the same curve within float tolerance, no jump.
    moved.forEach((l, i) => expect(Math.abs(l - reference[i])).toBeLessThan(1e-3 * reference[i]))
  })
})

describe('a backend the user picks during the first visit’s timing', () => {
  it('stays when the timing arrives later', async () => {
    const w = worker()
    await w.send({ ...init, quick: true })
    await w.send({ type: 'load', dataset: trees(), params: DEFAULT_TRAIN_PARAMS })
    await w.send({ type: 'backend', backend: 'cpu' })
    const timed: BackendChoice = { backend: 'wasm', trials: [], reason: 'wasm is fastest (test).' }
    await w.send({ type: 'timed', choice: timed })
    const chosen = w.events.flatMap((e) => (e.type === 'backend' ? [e.choice] : []))
    expect(chosen.map((c) => c.backend)).toEqual(['wasm', 'cpu'])
    expect(chosen[1].forced).toBe(true)
    await w.send({ type: 'train', epochs: 1 })
    await w.stopped()
    expect(w.events.filter((e) => e.type === 'backend')).toHaveLength(2)
  })
})
