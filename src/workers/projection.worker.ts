/// <reference lib="webworker" />
import { createProjectionHandler } from './projectionHandler'
import type { ProjectionProtocol, SnapshotMessage } from './protocol'
import { beacon, serve } from './rpc'
import { macrotask } from './yield'

const scope = self as unknown as DedicatedWorkerGlobalScope
const handler = createProjectionHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer),
  now: () => performance.now(),
  // The next layout step without a delay comes after a MessageChannel round trip: a chain of
  // setTimeout(0) is clamped to 4 ms once nested, which would add 4 ms to every t-SNE or UMAP step.
  schedule: (fn, delayMs) => (delayMs > 0 ? setTimeout(fn, delayMs) : void macrotask().then(fn)),
  // Long synchronous loops say "still alive" about once a second (the heartbeat would not hear
  // from a thread that cannot answer its pings).
  tick: beacon(scope),
})
serve<ProjectionProtocol>(scope, (msg) => {
  // Snapshots come straight from the training worker over this port, not through the main thread.
  if (msg.type === 'init')
    msg.port.onmessage = (s: MessageEvent<SnapshotMessage>) => handler.snapshot(s.data)
  handler.request(msg)
})
