/// <reference lib="webworker" />
import { createCompareHandler } from './compareHandler'
import type { CompareProtocol } from './protocol'
import { serve } from './rpc'

// Requests run one after another; the client ends this worker to stop a long measurement.
const scope = self as unknown as DedicatedWorkerGlobalScope
const post = (msg: CompareProtocol['event'], transfer: Transferable[]) =>
  scope.postMessage(msg, transfer)
serve<CompareProtocol>(scope, createCompareHandler({ post }))
