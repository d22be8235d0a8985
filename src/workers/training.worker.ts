/// <reference lib="webworker" />
import { BACKEND_ORDER } from '../model/training/backend'
import { describeBackend, registerBackends, watchGpuLoss } from './backends'
import type { TrainingProtocol } from './protocol'
import { serve } from './rpc'
import { createTrainingHandler } from './trainingHandler'
import { macrotask } from './yield'

registerBackends()
const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = createTrainingHandler({
  post: (msg, transfer = []) => scope.postMessage(msg, transfer),
  candidates: BACKEND_ORDER,
  describe: describeBackend,
  now: () => performance.now(),
  yieldToEvents: macrotask,
  watchGpuLoss,
})
serve<TrainingProtocol>(scope, handle)
