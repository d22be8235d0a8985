/// <reference lib="webworker" />
import { chooseBackend } from '../model/training/backend'
import { describeBackend, registerBackends } from './backends'
import type { ProbeProtocol } from './protocol'
import { serve } from './rpc'

// Times the backends away from the training worker, so a first visit trains at once on wasm.
registerBackends()
const scope = self as unknown as DedicatedWorkerGlobalScope
serve<ProbeProtocol>(scope, async (msg) => {
  const choice = await chooseBackend(msg.candidates, { describe: describeBackend })
  scope.postMessage({ type: 'probed', id: msg.id, choice } satisfies ProbeProtocol['event'])
})
