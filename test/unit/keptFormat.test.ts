import { describe, expect, it } from 'vitest'
import { readKept } from '../../src/app/session/keptFormat'
import {
  loadFiles,
  type RawKept,
  restoreKept,
  type SavedSource,
  selectLabel,
  sessionSnapshot,
  setProjection,
  train,
} from '../../src/app/session'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'
import { fakeSession } from './fakeWorkers'

const FRUIT =
  'name,colour,size\nfig,purple,small\nolive,green,small\nlemon,yellow,medium\nmelon,green,large\n'

/** A kept record exactly as the release before the versioned format wrote it. */
async function todaysRecord(): Promise<RawKept & { state: Record<string, unknown> }> {
  const { session: s } = fakeSession()
  await loadFiles(s, [{ name: 'fruit.csv', text: FRUIT }])
  s.store.setState({ params: { ...s.store.getState().params, learningRate: 0.05 } })
  await train(s, { epochs: 3 })
  setProjection(s, { method: 'umap', dims: 2 })
  selectLabel(s, 'olive')
  const source: SavedSource = s.store.getState().source!
  const state = sessionSnapshot(s, s.store.getState())!
  expect(state.vectors).not.toBeNull()
  expect('version' in state).toBe(false) // today's record carries no version
  return { source, state: state as unknown as Record<string, unknown> }
}

async function restoreInto(raw: RawKept) {
  const { session: s, workers } = fakeSession()
  const aside: RawKept[] = []
  const ok = await restoreKept(s, raw, async (r) => void aside.push(r))
  return { s, workers, ok, aside }
}

describe('the kept session format', () => {
  it("reads today's unversioned record as it is: nothing lost, nothing set aside", async () => {
    const raw = await todaysRecord()
    const read = readKept(raw)!
    expect(read.lost).toEqual([])
    expect(read.damaged).toBe(false)
    expect(read.state).toMatchObject({ epoch: 3, params: { learningRate: 0.05 } })
    const { s, ok, aside } = await restoreInto(raw)
    expect(ok).toBe(true)
    expect(aside).toEqual([])
    const st = s.store.getState()
    expect(st).toMatchObject({ epoch: 3, method: 'umap', dims: 2, notice: null })
    expect(st.params.learningRate).toBe(0.05)
    expect(Array.from(s.live.vectors)).toEqual(Array.from(raw.state.vectors as Float32Array))
    expect(st.dataset!.labels[st.selected!]).toBe('olive')
  })

  it('params and view of a wrong shape: defaults for those, the vectors kept, the record set aside', async () => {
    const raw = await todaysRecord()
    const damaged = { ...raw, state: { ...raw.state, params: 'adam', view: [1, 2] } }
    const { s, ok, aside } = await restoreInto(damaged)
    expect(ok).toBe(true)
    expect(aside).toEqual([damaged])
    const st = s.store.getState()
    expect(st.params).toEqual(DEFAULT_TRAIN_PARAMS)
    expect(st.epoch).toBe(3)
    expect(Array.from(s.live.vectors)).toEqual(Array.from(raw.state.vectors as Float32Array))
    expect(st.notice).toMatch(/training parameters/)
    expect(st.notice).toMatch(/the view/)
    expect(st.notice).toMatch(/Restored: fruit\.csv and its trained vectors \(epoch 3\)/)
  })

  it('a parameter whose range changed gets its default; the others and the vectors stay', async () => {
    const raw = await todaysRecord()
    const params = { ...(raw.state.params as object), learningRate: -4 }
    const { s, ok } = await restoreInto({ ...raw, state: { ...raw.state, params } })
    expect(ok).toBe(true)
    const st = s.store.getState()
    expect(st.params.learningRate).toBe(DEFAULT_TRAIN_PARAMS.learningRate)
    expect(st.epoch).toBe(3)
    expect(st.notice).toMatch(/learning rate/i)
  })

  it('an unreadable source restores nothing, says so and keeps the record', async () => {
    const raw = { source: { files: 'gone' }, state: null }
    expect(readKept(raw)).toBeNull()
    const { s, ok, aside } = await restoreInto(raw)
    expect(ok).toBe(false)
    expect(aside).toEqual([raw])
    expect(s.store.getState().notice).toMatch(/could not be read/)
  })

  it('a file that no longer parses is reported and kept aside', async () => {
    const raw = { source: { files: [{ name: 'broken.csv', text: 'name\n' }] }, state: null }
    const { s, ok, aside } = await restoreInto(raw)
    expect(ok).toBe(false)
    expect(aside).toEqual([raw])
    expect(s.store.getState().notice).toMatch(/could not be restored.*broken\.csv/)
  })
})
