import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, beacon, type Endpoint } from '../../src/workers/rpc'
import type { BusyEvent, BusyRequest } from './beaconWorker'

// A worker busy in one long synchronous computation cannot answer pings. These tests run rpc.ts's
// two halves in two real threads (a Node worker thread over a MessageChannel): the computation
// blocks for 4 × silentMs; with the beacon the client hears from it and gets its answer, without
// it the client declares the worker dead (the behaviour the beacon fixes).

type Busy = { request: BusyRequest; event: BusyEvent; replies: { busy: 'done' } }
const SILENT_MS = 400
const BEACON_MS = 100

let dir = ''
let script = ''
beforeAll(async () => {
  // The worker's TypeScript (and the app's modules it imports) bundled into one plain script.
  dir = mkdtempSync(join(tmpdir(), 'beacon-'))
  script = join(dir, 'beaconWorker.mjs')
  await build({
    entryPoints: [join(__dirname, 'beaconWorker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: script,
    logLevel: 'silent',
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A worker thread serving the Busy protocol, and a supervised client on the other end. */
async function start() {
  const { port1, port2 } = new MessageChannel()
  const thread = new Worker(script, {
    workerData: { port: port2, everyMs: BEACON_MS },
    transferList: [port2 as never],
  })
  await new Promise((resolve) => thread.once('message', resolve))
  const deaths: string[] = []
  const client = connect<Busy>(port1 as unknown as Endpoint, {
    name: 'busy',
    replies: { busy: 'done' },
    heartbeat: { everyMs: 50, silentMs: SILENT_MS },
    onDead: (e) => deaths.push(e.message),
  })
  await client.ready
  return { client, deaths, stop: () => thread.terminate() }
}

describe('beacon: a busy worker is not taken for dead', () => {
  it('a computation blocking 4 × silentMs that calls the beacon is answered, not declared dead', async () => {
    const { client, deaths, stop } = await start()
    try {
      const reply = await client.request({ type: 'busy', minMs: 4 * SILENT_MS, beacon: true })
      expect(reply.ms).toBeGreaterThanOrEqual(4 * SILENT_MS)
      expect(reply.graphs).toBeGreaterThan(0)
      expect(deaths).toEqual([])
      expect(client.dead).toBeNull()
      // Still supervised: it answers pings once the computation is over.
      expect(await client.alive(1000)).toBe(true)
    } finally {
      client.terminate()
      await stop()
    }
  })

  it('without the beacon the same computation is taken for a dead worker', async () => {
    const { client, deaths, stop } = await start()
    try {
      const call = client.request({ type: 'busy', minMs: 4 * SILENT_MS, beacon: false })
      await expect(call).rejects.toThrow(/The busy worker stopped: it stopped answering/)
      expect(deaths).toHaveLength(1)
    } finally {
      await stop()
    }
  })

  it('posts at most one message per interval, read off its clock', () => {
    let t = 0
    const sent: unknown[] = []
    const tick = beacon({ postMessage: (m) => sent.push(m) }, { everyMs: 1000, now: () => t })
    for (; t < 3500; t += 10) tick()
    expect(sent).toEqual([{ type: 'alive' }, { type: 'alive' }, { type: 'alive' }])
  })
})
