import { describe, expect, it } from 'vitest'
import { loadFiles, train } from '../../src/app/session'
import { fakeSession } from './fakeWorkers'

const FRUIT =
  'name,colour,size\nfig,purple,small\nolive,green,small\nlemon,yellow,medium\nmelon,green,large\n'

describe('the session core when training diverges (fake workers)', () => {
  it('says so in words, pauses at the rolled-back epoch and forgets the undone losses', async () => {
    const { session: s, workers } = fakeSession()
    await loadFiles(s, [{ name: 'fruit.csv', text: FRUIT }])
    await train(s, { epochs: 1 })
    workers.diverge = { at: 4, backTo: 2 }
    // Resolves (like a pause) instead of waiting for epochs that will never come.
    await train(s, { epochs: 10 })
    const st = s.store.getState()
    expect(st.error).toBe(
      'Training diverged at epoch 4: the loss became NaN. Try a smaller learning rate.',
    )
    expect(st).toMatchObject({ status: 'paused', epoch: 2, step: 20, loss: 0.5 })
    // Epochs 1 and 2 stay; epoch 3 was reported, then undone by the rollback.
    expect(st.lossHistory).toHaveLength(2)
    expect(s.live.step).toBe(20)
    expect(Array.from(s.live.vectors).every(Number.isFinite)).toBe(true)
    // Training again clears the message and goes on from the rolled-back epoch.
    await train(s, { epochs: 1 })
    expect(s.store.getState()).toMatchObject({ error: null, epoch: 3 })
  })
})
