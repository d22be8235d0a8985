// The worker thread of beacon.test.ts: rpc.ts's `serve` on a MessagePort, and a request that keeps
// the thread busy in real exact-kNN computations (one long synchronous stretch, as the projection
// worker's graph building is), with or without the beacon.
import { parentPort, workerData } from 'node:worker_threads'
import { knnGraph } from '../../src/model/projection/knn'
import { mulberry32 } from '../../src/model/training/random'
import { beacon, serve } from '../../src/workers/rpc'

export type BusyRequest = { type: 'busy'; id?: number; minMs: number; beacon: boolean }
export type BusyEvent = { type: 'done'; id: number; graphs: number; ms: number }

const port = (workerData as { port: MessagePort }).port
const tick = beacon(port, { everyMs: (workerData as { everyMs: number }).everyMs })
const n = 600
const dim = 64
const random = mulberry32(3)
const data = Float32Array.from({ length: n * dim }, () => random() - 0.5)

serve<{ request: BusyRequest; event: BusyEvent; replies: { busy: 'done' } }>(port, (msg) => {
  const t0 = performance.now()
  let graphs = 0
  // Synchronous from here to the answer: pings wait in the queue until it is over.
  while (performance.now() - t0 < msg.minMs) {
    knnGraph(data, n, dim, 10, 'cosine', msg.beacon ? tick : undefined)
    graphs++
  }
  port.postMessage({ type: 'done', id: msg.id!, graphs, ms: performance.now() - t0 })
})
parentPort?.postMessage('serving')
