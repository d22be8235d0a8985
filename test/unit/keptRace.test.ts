import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  keepSession,
  loadBuiltin,
  onTrainingEvent,
  type SavedState,
  type SessionStorage,
  train,
} from '../../src/app/session'
import { keptNow } from '../../src/app/session/persistence'
import { keepFresh } from '../../src/app/session/supervise'
import type { WorkerClient } from '../../src/workers/client'
import { fakeSession, type FakeWorkers } from './fakeWorkers'

// The kept session after a reload is what was shown before it: the state at a stop is written at
// once (not a second later), `train()` resolves only once that state is on the page, and a page
// that goes away writes the newest state it holds, whole when it is of the epoch shown.

/** A storage that records what is written, and how. */
function recordingStorage() {
  const states: Array<{ state: SavedState; now: boolean }> = []
  const sessions: Array<{ source: unknown; state: SavedState | null; now: boolean }> = []
  let warmed = false
  const storage = {
    warm: () => (warmed = true),
    saveState: (state: SavedState, opts: { now?: boolean } = {}) => {
      states.push({ state, now: opts.now ?? false })
      return Promise.resolve()
    },
    saveSession: (source: unknown, state: SavedState | null, opts: { now?: boolean } = {}) => {
      sessions.push({ source, state, now: opts.now ?? false })
      return Promise.resolve()
    },
  } as unknown as SessionStorage
  return { storage, states, sessions, warmed: () => warmed }
}

/** The fake worker's `state` answers, each `ms` late (a busy worker), with the values of when asked. */
function slowState(workers: FakeWorkers, ms: number) {
  const answer = workers.trainingRequest
  const slow = (...args: Parameters<WorkerClient['trainingRequest']>) => {
    const a = answer(...args)
    return new Promise<Awaited<typeof a>>((resolve) => setTimeout(() => resolve(a), ms))
  }
  workers.trainingRequest = slow as WorkerClient['trainingRequest']
}

/** A stand-in `window` and `document` the kept session listens on (pagehide, visibilitychange). */
function stubPage() {
  const page = Object.assign(new EventTarget(), {
    document: Object.assign(new EventTarget(), { visibilityState: 'visible' }),
  })
  vi.stubGlobal('window', page)
  vi.stubGlobal('document', page.document)
  return page
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the kept session keeps what was shown last', () => {
  it('writes the state at a stop at once, whole, not a second later', async () => {
    const { session: s } = fakeSession()
    await loadBuiltin(s, 'trees')
    const { storage, states } = recordingStorage()
    keepSession(s, storage, { restored: true })
    await train(s, { epochs: 2 })
    await tick(50) // well under the one-second delay of the saves while training
    const last = states.at(-1)?.state
    expect(last).toMatchObject({ epoch: 2, step: 20 })
    expect(last?.optimizer).toEqual([])
    expect(last?.variables?.length).toBe(1)
  })

  it('resolves train() once the state at the stop is kept on the page, even behind a slow request', async () => {
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    slowState(workers, 30)
    // A request from before the run is still on its way (it will answer with step 0)…
    void keepFresh(s)
    await train(s, { epochs: 2 })
    // …so the stop's request is made after it, and train() waited for that one.
    expect(s.runtime.kept?.answer).toMatchObject({ epoch: 2, step: 20 })
  })

  it('on pagehide writes the kept whole state at once when it is of the epoch shown', async () => {
    const page = stubPage()
    const { session: s } = fakeSession()
    await loadBuiltin(s, 'trees')
    const { storage, states } = recordingStorage()
    keepSession(s, storage, { restored: true })
    await train(s, { epochs: 2 })
    await tick(10)
    states.length = 0
    s.store.setState({ stepsPerEpoch: 10 })
    // Nothing changed since the stop was written: the record is left as it is (it may be a
    // damaged one kept for the user).
    page.dispatchEvent(new Event('pagehide'))
    expect(states).toHaveLength(0)
    // Training went on to step 25 (shown), the kept state is of step 20: the same epoch.
    const progress = (step: number) =>
      onTrainingEvent(s, {
        type: 'progress',
        progress: {
          step,
          epoch: Math.floor(step / 10),
          loss: 1,
          stepsPerSecond: 9,
          epochLosses: [],
        },
      })
    progress(25)
    page.dispatchEvent(new Event('pagehide'))
    expect(states).toHaveLength(1) // written synchronously, without asking the worker
    expect(states[0].now).toBe(true)
    expect(states[0].state).toMatchObject({ epoch: 2, step: 20 })
    expect(states[0].state.optimizer).toEqual([])

    // Now an epoch later than the kept state: the vectors shown are written, at the step shown.
    progress(31)
    page.document.visibilityState = 'hidden'
    page.document.dispatchEvent(new Event('visibilitychange'))
    expect(states).toHaveLength(2)
    expect(states[1].state).toMatchObject({ epoch: 3, step: 31 })
    expect(states[1].state.optimizer).toBeUndefined()
    // And nothing older replaces it afterwards: a save that asks the worker (whose state is of
    // step 20) is dropped.
    s.store.setState({ colorBy: 'genus' })
    await tick(1100)
    expect(states.at(-1)?.state).toMatchObject({ epoch: 3, step: 31 })
  })

  it('on pagehide before a new dataset’s first write, writes its source with the state shown', async () => {
    const page = stubPage()
    const { session: s, workers } = fakeSession()
    await loadBuiltin(s, 'trees')
    slowState(workers, 5000) // the first write waits for a busy worker's answer
    const { storage, states, sessions, warmed } = recordingStorage()
    keepSession(s, storage, { restored: false })
    // The database is opened at once: a write as the page goes away needs no open.
    expect(warmed()).toBe(true)
    expect(sessions).toHaveLength(0)
    s.store.setState({ step: 31, epoch: 3 })
    page.dispatchEvent(new Event('pagehide'))
    // Not the state alone (there would be no source beside it): both, committed at once.
    expect(states).toHaveLength(0)
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ now: true, state: { epoch: 3, step: 31 } })
    expect(sessions[0].source).toBe(s.store.getState().source)
  })

  it('on pagehide writes again, committed at once, a state whose write is still in flight', async () => {
    const page = stubPage()
    const { session: s } = fakeSession()
    await loadBuiltin(s, 'trees')
    const { storage, states } = recordingStorage()
    // Writes that have not finished when the page goes away (unloading aborts them).
    const save = storage.saveState.bind(storage)
    storage.saveState = (state, opts) => (save(state, opts), new Promise<void>(() => {}))
    keepSession(s, storage, { restored: true })
    await train(s, { epochs: 2 })
    await tick(10)
    expect(states.at(-1)).toMatchObject({ now: false, state: { epoch: 2, step: 20 } })
    page.dispatchEvent(new Event('pagehide'))
    expect(states.at(-1)).toMatchObject({ now: true, state: { epoch: 2, step: 20 } })
  })

  it('keptNow: the kept whole state when it is of the epoch shown, else the vectors shown', async () => {
    const { session: s } = fakeSession()
    await loadBuiltin(s, 'trees')
    await train(s, { epochs: 1 })
    s.store.setState({ stepsPerEpoch: 10 })
    const shown = (step: number): SavedState => ({
      datasetName: 'trees.csv',
      params: s.store.getState().params,
      epoch: Math.floor(step / 10),
      step,
      vectors: s.live.vectors.slice(),
      lossHistory: [],
      view: {} as SavedState['view'],
      savedAt: 0,
    })
    expect(keptNow(s, shown(19))).toMatchObject({ step: 10, epoch: 1, optimizer: [] })
    expect(keptNow(s, shown(20))).toMatchObject({ step: 20, epoch: 2 })
    expect(keptNow(s, shown(20))?.optimizer).toBeUndefined()
    expect(keptNow(s, null)).toBeNull()
  })
})
