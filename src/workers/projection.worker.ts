/// <reference lib="webworker" />
import { createProjectionHandler } from './projectionHandler'
import type { ProjectionRequest, SnapshotMessage } from './protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope
const handler = createProjectionHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer),
  now: () => performance.now(),
  schedule: (fn, delayMs) => setTimeout(fn, delayMs),
})
scope.onmessage = (e: MessageEvent<ProjectionRequest>) => {
  const msg = e.data
  if (msg.type === 'init')
    msg.port.onmessage = (s: MessageEvent<SnapshotMessage>) => handler.snapshot(s.data)
  handler.request(msg)
}
scope.postMessage({ type: 'ready' })
