import { describe, expect, it } from 'vitest'
import {
  isolate,
  loadBuiltin,
  loadFiles,
  neighboursOf,
  restore,
  selectLabel,
  sessionSnapshot,
  setProjection,
  train,
  waitForPositions,
} from '../../src/app/session'
import { fakeSession } from './fakeWorkers'

const FRUIT =
  'name,colour,size\nfig,purple,small\nolive,green,small\nlemon,yellow,medium\nmelon,green,large\n'

describe('the session core (fake workers)', () => {
  it('loads files: dataset, source, live vectors and positions all describe the same items', async () => {
    const { session: s, workers } = fakeSession()
    const summary = await loadFiles(s, [{ name: 'fruit.csv', text: FRUIT }])
    expect(summary).toMatchObject({ name: 'fruit.csv', kind: 'table', items: 4 })
    const st = s.store.getState()
    expect(st.dataset?.labels).toEqual(['fig', 'olive', 'lemon', 'melon'])
    expect(st.source).toEqual({ files: [{ name: 'fruit.csv', text: FRUIT }] })
    expect(st.status).toBe('ready')
    expect(s.live.items).toBe(4)
    expect(s.live.vectors).toHaveLength(4 * st.params.dim)
    expect(s.live.positions).toHaveLength(12)
    const [load] = workers.of('load')
    expect(load.dataset.labels).toEqual(st.dataset!.labels)
    expect(load.start).toBeUndefined()
  })

  it('loaded vectors are moved to the workers, not kept in the store as well', async () => {
    const { session: s, workers } = fakeSession()
    const text = 'a\t1\t0\t0\nb\t0\t1\t0\nc\t0\t0\t1\n'
    const summary = await loadFiles(s, [{ name: 'three.tsv', text }])
    expect(summary).toMatchObject({ kind: 'vectors', items: 3, dim: 3 })
    const [load] = workers.of('load')
    expect(load.dataset.kind === 'vectors' && Array.from(load.dataset.data)).toEqual([
      1, 0, 0, 0, 1, 0, 0, 0, 1,
    ])
    const kept = s.store.getState().dataset
    expect(kept?.kind === 'vectors' && kept.data.length).toBe(0)
    expect(kept?.labels).toEqual(['a', 'b', 'c'])
  })

  it('a bad file is reported with its name and leaves what was loaded before', async () => {
    const { session: s } = fakeSession()
    await loadFiles(s, [{ name: 'fruit.csv', text: FRUIT }])
    const before = { dataset: s.store.getState().dataset, vectors: s.live.vectors }
    await expect(loadFiles(s, [{ name: 'broken.csv', text: 'name\n' }])).rejects.toThrow(
      /broken\.csv/,
    )
    expect(s.store.getState().error).toMatch(/broken\.csv/)
    expect(s.store.getState().dataset).toBe(before.dataset)
    expect(s.live.vectors).toBe(before.vectors)
  })

  it('trains: the epochs resolve once drawn, the loss history and replay snapshots grow', async () => {
    const { session: s } = fakeSession()
    await loadBuiltin(s, 'trees')
    await train(s, { epochs: 3 })
    const st = s.store.getState()
    expect(st.status).toBe('paused')
    expect(st.epoch).toBe(3)
    expect(st.lossHistory).toEqual([1, 1 / 2, 1 / 3])
    expect(s.live.step).toBe(30)
    expect(s.live.history.length).toBeGreaterThanOrEqual(1)
    const near = neighboursOf(s, 0, 5)
    expect(near).toHaveLength(5)
    expect(near.every((n) => n.index !== 0 && Number.isFinite(n.similarity))).toBe(true)
    await expect(train(s, { epochs: 0 })).rejects.toThrow(/positive whole number/)
  })

  it('restores a kept session: vectors, epoch, loss history, projection and selection', async () => {
    const first = fakeSession()
    await loadBuiltin(first.session, 'trees')
    await train(first.session, { epochs: 2 })
    setProjection(first.session, { method: 'umap', dims: 2 })
    selectLabel(first.session, 'Giant sequoia')
    const kept = sessionSnapshot(first.session, first.session.store.getState())!
    expect(kept.vectors).not.toBeNull()

    const { session: s, workers } = fakeSession()
    await restore(s, { source: { builtin: 'trees' }, state: kept })
    const st = s.store.getState()
    const [load] = workers.of('load')
    expect(load.start?.epoch).toBe(2)
    expect(Array.from(load.start!.data)).toEqual(Array.from(kept.vectors!))
    expect(Array.from(s.live.vectors)).toEqual(Array.from(kept.vectors!))
    expect(st).toMatchObject({ epoch: 2, status: 'paused', method: 'umap', dims: 2 })
    expect(st.lossHistory).toEqual(kept.lossHistory)
    expect(st.dataset!.labels[st.selected!]).toBe('Giant sequoia')
  })

  it('switching datasets clears the selection and drops late layouts of the old run', async () => {
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    selectLabel(s, 'Coast redwood')
    isolate(s)
    expect(s.store.getState().isolated).not.toBeNull()
    const oldRun = s.runtime.run
    await loadFiles(s, [{ name: 'fruit.csv', text: FRUIT }])
    expect(s.store.getState()).toMatchObject({ selected: null, selection: [], isolated: null })
    // A layout of the trees arriving late must not be drawn over the fruit.
    workers.sendPositions(oldRun)
    expect(s.live.items).toBe(4)
    expect(s.live.run).toBe(s.runtime.run)
  })

  it('a worker error is shown; without a dataset the status becomes error', async () => {
    const empty = fakeSession()
    empty.workers.crash('The training worker failed: out of memory')
    expect(empty.session.store.getState()).toMatchObject({
      status: 'error',
      error: 'The training worker failed: out of memory',
    })
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    workers.crash('The projection worker failed: lost context')
    expect(s.store.getState()).toMatchObject({ status: 'ready', error: /lost context/ })
    expect(s.store.getState().dataset?.labels.length).toBeGreaterThan(300)
  })

  it('waits for the layout of the step it asked for, not an earlier one', async () => {
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    let drawn = false
    void waitForPositions(s, s.runtime.run, 10).then(() => (drawn = true))
    workers.sendPositions()
    await Promise.resolve()
    expect(drawn).toBe(false)
    await train(s, { epochs: 1 })
    expect(drawn).toBe(true)
  })
})
