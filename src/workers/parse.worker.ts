/// <reference lib="webworker" />
import { type ParseRequest, createParseHandler } from './parseHandler'

// One parse per worker: the client starts a fresh worker for each load and ends it afterwards,
// so a runaway parse is stopped by terminating it.
const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = createParseHandler({
  post: (msg, transfer = []) => scope.postMessage(msg, transfer),
})
scope.onmessage = (e: MessageEvent<ParseRequest>) => void handle(e.data)
scope.postMessage({ type: 'ready' })
