/// <reference lib="webworker" />
import { type CompareRequest, createCompareHandler } from './compareHandler'

// Requests run one after another; the client ends this worker to stop a long measurement.
const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = createCompareHandler({
  post: (msg, transfer) => scope.postMessage(msg, transfer),
})
scope.onmessage = (e: MessageEvent<CompareRequest>) => handle(e.data)
scope.postMessage({ type: 'ready' })
