import { describe, expect, it } from 'vitest'
import { createApi } from '../../src/app/api'
import { loadBuiltin, train } from '../../src/app/session'
import { fakeSession } from './fakeWorkers'

describe('the automation API (fake workers)', () => {
  it('setParams applies like the Model tab: validated, restarted at epoch 0 with the new params', async () => {
    const { session: s, workers } = fakeSession()
    const api = createApi(s, 'test')
    await loadBuiltin(s, 'trees')
    await train(s, { epochs: 2 })
    const dim = s.store.getState().params.dim
    api.setParams({ dim: dim + 2 })
    const st = s.store.getState()
    expect(st.params.dim).toBe(dim + 2)
    expect(st).toMatchObject({ status: 'ready', epoch: 0, loss: null, error: null })
    expect(workers.of('reset').at(-1)?.params.dim).toBe(dim + 2)
    // A bad value is refused with the banner's message and changes nothing.
    expect(() => api.setParams({ dim: 100 })).toThrow(/dim must be between 2 and 64/)
    expect(s.store.getState().error).toMatch(/dim must be between 2 and 64/)
    expect(s.store.getState().params.dim).toBe(dim + 2)
  })
})
