import { describe, expect, it } from 'vitest'
import { loadBuiltin, train } from '../../src/app/session'
import { keepState, onWorkerDead } from '../../src/app/session/supervise'
import type { TrainingEvent } from '../../src/workers/protocol'
import { fakeSession } from './fakeWorkers'

type StateEvent = Extract<TrainingEvent, { type: 'state' }>

describe('worker supervision (session core, fake workers)', () => {
  it('restarts a dead training worker from the kept state and lets the pending train() finish', async () => {
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    await train(s, { epochs: 2 })
    const trained = s.live.vectors.slice()
    // The state kept on the page at epoch 2, with an optimiser slot (as the real worker sends it).
    const kept: StateEvent = {
      type: 'state',
      id: 1,
      epoch: 2,
      step: 20,
      variables: [{ shape: [309, s.store.getState().params.dim], data: trained.slice() }],
      optimizer: [{ name: 'iter', shape: [], data: new Float32Array([20]) }],
      partial: { sum: 0, count: 0, last: 0.5 },
    }
    keepState(s, s.runtime.run, kept)

    workers.silent = true // the worker died while training towards epoch 7
    const pending = train(s, { epochs: 5 })
    workers.silent = false
    workers.sent.length = 0
    onWorkerDead(s, 'training', new Error('The training worker stopped: it stopped answering'))

    expect(workers.restarts).toEqual([{ runs: s.runtime.run - 1, backends: undefined }])
    const [load] = workers.of('load')
    expect(load.start).toMatchObject({ epoch: 2, step: 20, partial: kept.partial })
    expect(load.start?.optimizer).toEqual(kept.optimizer)
    expect(Array.from(load.start!.data)).toEqual(Array.from(trained))
    expect(workers.of('train')).toEqual([{ type: 'train', epochs: 5 }])
    expect(s.store.getState().notice).toMatch(
      /^The training worker stopped \(it stopped answering\)\. It was restarted from epoch 2 and training goes on\.$/,
    )
    await pending // settles on the new worker
    expect(s.store.getState()).toMatchObject({ epoch: 7, status: 'paused' })
  })

  it('gives up on a worker that keeps dying, and says so', async () => {
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    for (let i = 0; i < 3; i++) onWorkerDead(s, 'projection', new Error('out of memory'))
    expect(s.store.getState().error).toBeNull()
    onWorkerDead(s, 'projection', new Error('out of memory'))
    expect(s.store.getState().error).toMatch(/projection worker keeps stopping .*your work is kept/)
    expect(workers.restarts).toEqual([])
  })
})
