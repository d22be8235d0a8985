// Issue 15: the Projector's custom projection is computed in the projection worker, over the
// vectors it holds, and answered to the caller that asked (rpc.ts over a real MessageChannel).
import { afterEach, describe, expect, it } from 'vitest'
import { customAxesLayout } from '../../src/model/projection/customAxes'
import { mulberry32 } from '../../src/model/training/random'
import { createProjectionHandler } from '../../src/workers/projectionHandler'
import {
  PROJECTION_REPLIES,
  type ProjectionEvent,
  type ProjectionProtocol,
  type SnapshotMessage,
} from '../../src/workers/protocol'
import { connect, serve } from '../../src/workers/rpc'

const open: MessagePort[] = []
afterEach(() => open.splice(0).forEach((p) => p.close()))

/** The projection worker's handler served on one end of a MessageChannel, a client on the other. */
function worker() {
  const { port1, port2 } = new MessageChannel()
  open.push(port1, port2)
  const events: ProjectionEvent[] = []
  const tasks: (() => void)[] = []
  const handler = createProjectionHandler({
    post: (msg, transfer) => port1.postMessage(msg, transfer),
    now: () => performance.now(),
    schedule: (fn) => tasks.push(fn),
  })
  serve<ProjectionProtocol>(port1, (msg) => handler.request(msg))
  const client = connect<ProjectionProtocol>(port2, {
    name: 'projection',
    replies: PROJECTION_REPLIES,
    onEvent: (e) => events.push(e),
  })
  /** Runs the layout passes scheduled so far (the worker's macrotasks). */
  const runAll = () => {
    while (tasks.length) tasks.shift()!()
  }
  return { handler, client, events, runAll }
}

/** A snapshot of `n` seeded random vectors of `dim` numbers. */
function snapshot(run: number, n: number, dim: number, seed: number): SnapshotMessage {
  const rand = mulberry32(seed)
  const data = Float32Array.from({ length: n * dim }, () => rand() * 2 - 1 + (seed % 3))
  return { type: 'snapshot', run, step: 0, epoch: 0, loss: null, items: n, dim, data }
}

const groups = { xLeft: [0, 5, 9], xRight: [1, 2], yUp: [3], yDown: [4, 6, 7, 8] }

describe('the custom projection in the projection worker', () => {
  it('is computed over the vectors the worker holds, exactly as customAxesLayout does', async () => {
    const { handler, client, events, runAll } = worker()
    // 64 numbers each: the vectors are sphereized first, as the Projector does from 50 on.
    const s = snapshot(1, 300, 64, 4)
    const copy = s.data.slice()
    const expected = customAxesLayout(copy, 300, 64, groups)
    handler.snapshot(s)
    runAll()
    const answer = await client.request({ type: 'customAxes', groups })
    expect(answer).toMatchObject({ type: 'customAxes', run: 1 })
    expect(answer.positions).toHaveLength(600)
    // Bit for bit what the main thread used to compute.
    expect(Array.from(answer.positions)).toEqual(Array.from(expected))
    expect(answer.positions.every(Number.isFinite)).toBe(true)
    // The worker's vectors are left whole, and the layout it shows is left as it is.
    expect(Array.from(s.data)).toEqual(Array.from(copy))
    const shown = events.filter((e) => e.type === 'positions').length
    runAll()
    expect(events.filter((e) => e.type === 'positions')).toHaveLength(shown)
    client.terminate()
  })

  it('uses the newest snapshot, and says which run it came from', async () => {
    const { handler, client, runAll } = worker()
    handler.snapshot(snapshot(1, 40, 8, 1))
    runAll()
    // A snapshot of a new run arrived and has not been laid out yet: the axes are of it.
    const next = snapshot(2, 40, 8, 2)
    handler.snapshot(next)
    const answer = await client.request({ type: 'customAxes', groups })
    expect(answer.run).toBe(2)
    expect(Array.from(answer.positions)).toEqual(
      Array.from(customAxesLayout(next.data, 40, 8, groups)),
    )
    client.terminate()
  })

  it('rejects the caller (not the error listener) when it has no vectors yet', async () => {
    const { client } = worker()
    await expect(client.request({ type: 'customAxes', groups })).rejects.toThrow(
      'The projection worker has no vectors yet.',
    )
    client.terminate()
  })
})
