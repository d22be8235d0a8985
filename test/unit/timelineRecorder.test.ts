import { describe, expect, expectTypeOf, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import type { Session } from '../../src/app/session'
import {
  TimelineRecorder,
  attachTimeline,
  startTimeline,
  stopTimeline,
  suggestTimelineItems,
  timelineStore,
  type TimelineAppState,
  type TimelineHost,
} from '../../src/app/classroom/timelineRecorder'

/**
 * Items on the unit circle (dim 2), so cosine ranks follow the angle to the pinned item at 0°.
 * Giant sequoia (1) swings in from 88° by 10° per epoch: it passes Coconut palm (45°) at epoch 5
 * and Dawn redwood (25°) at epoch 7. Oak (60°) is not followed but still counts in the ranks.
 */
const LABELS = ['Coast redwood', 'Giant sequoia', 'Coconut palm', 'Dawn redwood', 'Baobab', 'Oak']
const OTHERS = ['Giant sequoia', 'Coconut palm', 'Dawn redwood']
const angles = (epoch: number) => [0, 88 - 10 * epoch, 45, 25, 170, 60]
const vectorsAt = (epoch: number) =>
  Float32Array.from(
    angles(epoch).flatMap((deg) => [
      Math.cos((deg * Math.PI) / 180),
      Math.sin((deg * Math.PI) / 180),
    ]),
  )
/** Ranks worked out by hand from the angles above (Giant sequoia, Coconut palm, Dawn redwood). */
const RANKS = [
  [4, 2, 1],
  [4, 2, 1],
  [4, 2, 1],
  [3, 2, 1],
  [3, 2, 1],
  [2, 3, 1],
  [2, 3, 1],
  [1, 3, 2],
]
const STEPS_PER_EPOCH = 10

/** A stand-in for the session: the store fields and live buffers the recorder reads. */
function fakeSession(labels = LABELS) {
  const store = createStore<TimelineAppState>()(() => ({
    epoch: 0,
    step: 0,
    version: 0,
    dataset: { labels },
  }))
  const live = { vectors: vectorsAt(0), items: labels.length, dim: 2, run: 1, step: 0 }
  const bump = () => store.setState((s) => ({ version: s.version + 1 }))
  return {
    store,
    live,
    bump,
    /** The training worker reports a new epoch (progress comes first, vectors later). */
    progress(epoch: number) {
      store.setState({ epoch, step: epoch * STEPS_PER_EPOCH + 3 })
    },
    /** The projection worker delivers that epoch's vectors, then keeps posting layouts of them. */
    positions(epoch: number, layouts = 1) {
      Object.assign(live, { vectors: vectorsAt(epoch), step: epoch * STEPS_PER_EPOCH + 3 })
      for (let i = 0; i < layouts; i++) bump()
    },
  }
}

const ranks = (r: TimelineRecorder) =>
  r.store.getState().series.map((s) => s.points.map((p) => p.rank))
const epochs = (r: TimelineRecorder) => r.store.getState().series[0]?.points.map((p) => p.epoch)

/** Trains `to` epochs, each with several layouts (a version bump per layout). */
function train(c: ReturnType<typeof fakeSession>, from: number, to: number) {
  for (let e = from; e <= to; e++) {
    c.progress(e)
    c.positions(e, 4)
  }
}

describe('TimelineRecorder', () => {
  it('records epoch 0 on start and one point per epoch however many layouts arrive', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    const off = r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    expect(epochs(r)).toEqual([0])
    train(c, 1, 7)
    off()
    expect(epochs(r)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const byItem = [0, 1, 2].map((k) => RANKS.map((row) => row[k]))
    expect(ranks(r)).toEqual(byItem)
    const first = r.store.getState().series[0]
    expect(first.label).toBe('Giant sequoia')
    expect(first.points[0].similarity).toBeCloseTo(Math.cos((88 * Math.PI) / 180), 6)
  })

  it('waits for the vectors of the new epoch instead of reading the previous ones', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    train(c, 1, 4)
    c.progress(5)
    c.bump() // a layout of epoch-4 vectors arrives after the epoch-5 report
    expect(epochs(r)).toEqual([0, 1, 2, 3, 4])
    c.positions(5)
    expect(epochs(r)).toEqual([0, 1, 2, 3, 4, 5])
    expect(ranks(r).map((s) => s[5])).toEqual(RANKS[5])
  })

  it('describes the crossings, newest first', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    train(c, 1, 7)
    expect(r.store.getState().crossings).toEqual([
      { epoch: 7, text: 'Giant sequoia overtook Dawn redwood at epoch 7' },
      { epoch: 5, text: 'Giant sequoia overtook Coconut palm at epoch 5' },
    ])
  })

  it('clears the points when a new run starts and records that run from its first vectors', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    train(c, 1, 6)
    c.store.setState({ epoch: 0, step: 0 }) // reset: the old run's vectors are still live
    expect(ranks(r)).toEqual([0, 1, 2].map((k) => RANKS.slice(0, 7).map((row) => row[k])))
    Object.assign(c.live, { run: 2, step: 0, vectors: vectorsAt(0) })
    c.bump()
    expect(epochs(r)).toEqual([0])
    expect(r.store.getState()).toMatchObject({ active: true, others: [1, 2, 3] })
    expect(r.store.getState().crossings).toEqual([])
  })

  it('follows the same labels into a new dataset, and stops when the pinned item is gone', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    train(c, 1, 3)
    const moved = ['Oak', 'Dawn redwood', 'Coast redwood', 'Giant sequoia', 'Baobab', 'Fig']
    c.store.setState({ dataset: { labels: moved }, epoch: 0, step: 0 })
    expect(r.store.getState()).toMatchObject({ active: true, pinned: 2, others: [3, 1] })
    expect(epochs(r)).toEqual([])
    c.bump() // the old run's vectors must not be read as the new dataset's
    expect(epochs(r)).toEqual([])
    Object.assign(c.live, { run: 2, step: 0 })
    c.bump()
    expect(epochs(r)).toEqual([0])
    c.store.setState({ dataset: { labels: ['Oak', 'Fig', 'Ash', 'Elm', 'Yew', 'Box'] } })
    expect(r.store.getState()).toMatchObject({ active: false, pinned: null, series: [] })
  })

  it('stops recording on stop and keeps what it has', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    r.attach(c)
    r.start(c, 'Coast redwood', OTHERS)
    train(c, 1, 2)
    r.stop()
    train(c, 3, 5)
    expect(r.store.getState().active).toBe(false)
    expect(epochs(r)).toEqual([0, 1, 2])
  })

  it('refuses unknown labels and too many items', () => {
    const c = fakeSession()
    const r = new TimelineRecorder()
    expect(() => r.start(c, 'Coast redwood', ['Monkey puzzle'])).toThrow(/Monkey puzzle/)
    expect(() => r.start(c, 'Coast redwood', ['Coast redwood'])).toThrow(/at least one/)
    const many = Array.from({ length: 7 }, (_, i) => `t${i}`)
    const big = fakeSession(['p', ...many])
    expect(() => r.start(big, 'p', many)).toThrow(/at most 5/)
  })

  it('takes the real session (checked by tsc)', () => {
    expectTypeOf<Session>().toExtend<TimelineHost>()
  })

  it('works through the module-level functions', () => {
    const c = fakeSession()
    const off = attachTimeline(c)
    startTimeline(c, 'Coast redwood', ['Giant sequoia', 'Coconut palm'])
    train(c, 1, 5)
    stopTimeline()
    off()
    const s = timelineStore.getState()
    expect(s.active).toBe(false)
    expect(s.series.map((x) => x.points.length)).toEqual([6, 6])
    expect(s.crossings.map((x) => x.text)).toEqual([
      'Giant sequoia overtook Coconut palm at epoch 5',
    ])
  })
})

describe('suggestTimelineItems', () => {
  const nearestFirst = () => [3, 2, 5, 1, 4]
  it('uses the tree defaults for Coast redwood', () => {
    expect(suggestTimelineItems(LABELS, null, nearestFirst)).toEqual({
      pinned: 'Coast redwood',
      others: ['Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab'],
    })
  })
  it('takes the 4 nearest and the farthest of any other pinned item', () => {
    const order = (p: number) => [0, 1, 2, 3, 4, 5, 6].filter((i) => i !== p)
    const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    expect(suggestTimelineItems(labels, 2, order)).toEqual({
      pinned: 'c',
      others: ['a', 'b', 'd', 'e', 'g'],
    })
  })
})
