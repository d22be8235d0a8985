/// <reference lib="webworker" />
import { createProjectionHandler } from './projectionHandler'
import type { ProjectionProtocol, SnapshotMessage } from './protocol'
import { serve } from './rpc'

const scope = self as unknown as DedicatedWorkerGlobalScope
const handler = createProjectionHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer),
  now: () => performance.now(),
  schedule: (fn, delayMs) => setTimeout(fn, delayMs),
})
serve<ProjectionProtocol>(scope, (msg) => {
  // Snapshots come straight from the training worker over this port, not through the main thread.
  if (msg.type === 'init')
    msg.port.onmessage = (s: MessageEvent<SnapshotMessage>) => handler.snapshot(s.data)
  handler.request(msg)
})
