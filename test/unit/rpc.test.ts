import { afterEach, describe, expect, it } from 'vitest'
import { DatasetError } from '../../src/model/datasets/errors'
import type { ErrorMessage } from '../../src/workers/protocol'
import { connect, type Endpoint, serve, type ServeContext } from '../../src/workers/rpc'

/** A toy protocol that exercises every path of rpc.ts. */
type Req =
  | { type: 'echo'; id?: number; value: number; delayMs?: number }
  | { type: 'fail'; id?: number; dataset: boolean }
  | { type: 'double'; id?: number; data: Float32Array }
  | { type: 'wait'; id?: number }
  | { type: 'hang'; id?: number }
  | { type: 'note'; text: string }
  | { type: 'boom' }
type Ev =
  | { type: 'echoed'; id: number; value: number }
  | { type: 'doubled'; id: number; data: Float32Array }
  | { type: 'step'; id: number; share: number }
  | { type: 'waited'; id: number }
  | { type: 'hung'; id: number }
  | { type: 'noted'; text: string }
  | ErrorMessage
const REPLIES = {
  echo: 'echoed',
  fail: 'echoed',
  double: 'doubled',
  wait: 'waited',
  hang: 'hung',
} as const
interface Toy {
  request: Req
  event: Ev
  replies: typeof REPLIES
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const open: MessagePort[] = []
afterEach(() => open.splice(0).forEach((p) => p.close()))

/** A server on one end of a MessageChannel and the other end, with what the server saw. */
function channel() {
  const { port1, port2 } = new MessageChannel()
  open.push(port1, port2)
  const seen = { cancelled: [] as number[], sentBack: [] as Float32Array[] }
  const post = (m: Ev, transfer: Transferable[] = []) => port2.postMessage(m, transfer)
  const handler = async (msg: Req, ctx: ServeContext) => {
    switch (msg.type) {
      case 'echo':
        await sleep(msg.delayMs ?? 0)
        post({ type: 'step', id: msg.id!, share: 0.5 })
        return post({ type: 'echoed', id: msg.id!, value: msg.value })
      case 'fail':
        if (msg.dataset) throw new DatasetError('bad.csv', 'has 2 fields', { line: 3, column: 4 })
        throw new RangeError('k must be ≥ 1')
      case 'double': {
        const data = msg.data.map((x) => 2 * x)
        post({ type: 'doubled', id: msg.id!, data }, [data.buffer])
        seen.sentBack.push(data)
        return
      }
      case 'wait':
        await new Promise((r) => ctx.signal.addEventListener('abort', r))
        seen.cancelled.push(msg.id!)
        return
      case 'hang':
        return
      case 'note':
        return post({ type: 'noted', text: msg.text })
      case 'boom':
        throw new Error('no dataset yet')
    }
  }
  return { client: port1, server: port2, seen, serveIt: () => serve<Toy>(port2, handler) }
}

/** A client on a served channel; `events`, `errors` and `deaths` record what its listeners heard. */
function rig(deadAfterMs?: number, endpoint?: (p: MessagePort) => Endpoint) {
  const ch = channel()
  ch.serveIt()
  const heard = { events: [] as Ev[], errors: [] as string[], deaths: [] as string[] }
  const client = connect<Toy>(endpoint ? endpoint(ch.client) : ch.client, {
    name: 'test',
    replies: REPLIES,
    onEvent: (e) => heard.events.push(e),
    onError: (e) => heard.errors.push(e.message),
    onDead: (e) => heard.deaths.push(e.message),
    deadAfterMs,
  })
  return { ...ch, rpc: client, heard }
}

describe('rpc client and server', () => {
  it('queues requests until the worker says ready, then sends them in order with ids', async () => {
    const { client, server } = channel()
    const received: unknown[] = []
    server.onmessage = (e) => received.push(e.data)
    const rpc = connect<Toy>(client, { name: 'test', replies: REPLIES })
    const a = rpc.request({ type: 'echo', value: 1 })
    rpc.send({ type: 'note', text: 'hi' })
    const b = rpc.request({ type: 'echo', value: 2 })
    const abort = new AbortController()
    const dropped = rpc.request({ type: 'echo', value: 3 }, [], { signal: abort.signal })
    abort.abort()
    await expect(dropped).rejects.toMatchObject({ name: 'AbortError' })
    await sleep(20)
    expect(received).toEqual([])
    server.postMessage({ type: 'ready' })
    await rpc.ready
    await sleep(20)
    expect(received).toEqual([
      { type: 'echo', value: 1, id: 1 },
      { type: 'note', text: 'hi' },
      { type: 'echo', value: 2, id: 2 },
    ])
    server.postMessage({ type: 'echoed', id: 2, value: 20 })
    server.postMessage({ type: 'echoed', id: 1, value: 10 })
    expect(await Promise.all([a, b])).toEqual([
      { type: 'echoed', id: 1, value: 10 },
      { type: 'echoed', id: 2, value: 20 },
    ])
  })

  it('matches answers to callers by id when they come back out of order', async () => {
    const { rpc } = rig()
    const steps: number[] = []
    const slow = rpc.request({ type: 'echo', value: 7, delayMs: 40 })
    const fast = rpc.request({ type: 'echo', value: 8 }, [], {
      onEvent: (e) => e.type === 'step' && steps.push(e.share),
    })
    const order: number[] = []
    slow.then((m) => order.push(m.value))
    fast.then((m) => order.push(m.value))
    expect((await slow).value).toBe(7)
    expect((await fast).value).toBe(8)
    expect(order).toEqual([8, 7])
    expect(steps).toEqual([0.5])
    expect(rpc.pending).toBe(0)
  })

  it('rejects only the failing caller, with the same message; a DatasetError stays one', async () => {
    const { rpc, heard } = rig()
    const ok = rpc.request({ type: 'echo', value: 3, delayMs: 10 })
    const plain = rpc.request({ type: 'fail', dataset: false })
    const data = rpc.request({ type: 'fail', dataset: true })
    await expect(plain).rejects.toThrow(new RangeError('k must be ≥ 1'))
    await expect(plain).rejects.toBeInstanceOf(RangeError)
    const e = await data.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DatasetError)
    expect(e).toMatchObject({
      name: 'DatasetError',
      message: 'bad.csv line 3, column 4: has 2 fields',
      file: 'bad.csv',
      line: 3,
      column: 4,
    })
    expect((await ok).value).toBe(3)
    expect(heard.errors).toEqual([])
  })

  it('moves transferred buffers in both directions', async () => {
    const { rpc, seen } = rig()
    await rpc.ready // before it, a request waits in the client's queue with its buffers
    const data = Float32Array.of(1, 2, 3)
    const answer = rpc.request({ type: 'double', data }, [data.buffer])
    expect(data.byteLength).toBe(0) // the sender's copy is detached at once
    expect(Array.from((await answer).data)).toEqual([2, 4, 6])
    expect(seen.sentBack).toHaveLength(1)
    expect(seen.sentBack[0].byteLength).toBe(0) // and the worker's answer was moved, not copied
  })

  it('rejects an aborted call with an AbortError and tells the worker', async () => {
    const { rpc, seen } = rig()
    await rpc.ready // a call aborted while still queued is simply never sent
    const abort = new AbortController()
    const call = rpc.request({ type: 'wait' }, [], { signal: abort.signal })
    await sleep(10)
    abort.abort()
    const e = await call.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DOMException)
    expect((e as DOMException).name).toBe('AbortError')
    await sleep(20)
    expect(seen.cancelled).toEqual([1])
    expect(rpc.dead).toBeNull()
    expect((await rpc.request({ type: 'echo', value: 5 })).value).toBe(5)
  })

  it('rejects every pending call, naming the worker, when the other side closes', async () => {
    const { rpc, server, heard } = rig()
    const calls = [rpc.request({ type: 'hang' }), rpc.request({ type: 'hang' })]
    await sleep(10)
    server.close()
    const message = 'The test worker stopped: its channel closed'
    for (const c of calls) await expect(c).rejects.toThrow(message)
    await expect(rpc.request({ type: 'echo', value: 1 })).rejects.toThrow(message)
    expect(heard.deaths).toEqual([message])
    expect(rpc.pending).toBe(0)
  })

  it('ends a worker that stops answering, and one whose error event fires', async () => {
    const slow = rig(50)
    const started = performance.now()
    await expect(slow.rpc.request({ type: 'hang' })).rejects.toThrow(
      'The test worker stopped: it did not answer in 50 ms',
    )
    expect(performance.now() - started).toBeLessThan(1000)
    expect(slow.heard.deaths).toHaveLength(1)

    let fire: ((e: ErrorEvent) => void) | null = null
    const crashing = rig(undefined, (port) => ({
      postMessage: (m, t) => port.postMessage(m, t),
      set onmessage(f: ((e: MessageEvent) => void) | null) {
        port.onmessage = f
      },
      get onmessage() {
        return port.onmessage
      },
      set onerror(f: ((e: ErrorEvent) => void) | null) {
        fire = f
      },
      get onerror() {
        return fire
      },
      terminate: () => port.close(),
    }))
    const pending = crashing.rpc.request({ type: 'hang' })
    await sleep(10)
    fire!({ message: 'Uncaught TypeError: x is undefined' } as ErrorEvent)
    await expect(pending).rejects.toThrow(
      'The test worker stopped: Uncaught TypeError: x is undefined',
    )
    expect(crashing.rpc.dead?.message).toBe(
      'The test worker stopped: Uncaught TypeError: x is undefined',
    )
  })

  it('ends the worker on an unreadable message and on terminate()', async () => {
    const { rpc, client } = rig()
    const pending = rpc.request({ type: 'hang' })
    await sleep(10)
    client.dispatchEvent(new Event('messageerror'))
    await expect(pending).rejects.toThrow(
      'The test worker stopped: a message from it could not be read',
    )
    const other = rig()
    const call = other.rpc.request({ type: 'hang' })
    other.rpc.terminate('the page closed')
    await expect(call).rejects.toThrow('The test worker stopped: the page closed')
  })

  it('gives messages without an id to the listeners registered once', async () => {
    const { rpc, heard } = rig()
    rpc.send({ type: 'note', text: 'epoch 1' })
    rpc.send({ type: 'boom' })
    rpc.send({ type: 'note', text: 'epoch 2' })
    await sleep(30)
    expect(heard.events).toEqual([
      { type: 'noted', text: 'epoch 1' },
      { type: 'noted', text: 'epoch 2' },
    ])
    expect(heard.errors).toEqual(['no dataset yet'])
  })

  it('times out one call without ending the worker', async () => {
    const { rpc, heard } = rig()
    await expect(rpc.request({ type: 'hang' }, [], { timeoutMs: 30 })).rejects.toThrow(
      'The test worker did not answer in time (30 ms)',
    )
    expect((await rpc.request({ type: 'echo', value: 9 })).value).toBe(9)
    expect(heard.deaths).toEqual([])
  })

  it('heartbeat: a worker that goes silent (closed itself, killed) is found dead and its calls reject', async () => {
    const ch = channel()
    ch.serveIt()
    const deaths: string[] = []
    const rpc = connect<Toy>(ch.client, {
      name: 'test',
      replies: REPLIES,
      onDead: (e) => deaths.push(e.message),
      heartbeat: { everyMs: 20, silentMs: 150 },
    })
    await rpc.ready
    // Alive: its pongs keep it so, though the handler answers nothing (a long step).
    const busy = rpc.request({ type: 'hang' })
    await sleep(400)
    expect(rpc.dead).toBeNull()
    // Gone without a word, as after self.close(): nothing answers any more.
    ch.server.onmessage = null
    await expect(busy).rejects.toThrow(
      'The test worker stopped: it stopped answering (nothing heard for 0.15 s)',
    )
    expect(deaths).toHaveLength(1)
    await expect(rpc.request({ type: 'echo', value: 1 })).rejects.toThrow('stopped answering')
  })

  it('heartbeat: time this thread spent busy is not the worker’s silence', async () => {
    const ch = channel()
    ch.serveIt()
    const rpc = connect<Toy>(ch.client, {
      name: 'test',
      replies: REPLIES,
      heartbeat: { everyMs: 20, silentMs: 150 },
    })
    await rpc.ready
    await sleep(60)
    // A long task here (the worker's pongs cannot be read meanwhile), then the late tick.
    const until = performance.now() + 400
    while (performance.now() < until);
    await sleep(60)
    expect(rpc.dead).toBeNull()
    expect((await rpc.request({ type: 'echo', value: 3 })).value).toBe(3)
  })
})
