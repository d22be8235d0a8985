/// <reference lib="webworker" />
import { BACKEND_ORDER } from '../model/training/backend'
import { describeBackend, registerBackends } from './backends'
import type { TrainingRequest } from './protocol'
import { createTrainingHandler } from './trainingHandler'
import { macrotask } from './yield'

registerBackends()
const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = createTrainingHandler({
  post: (msg) => scope.postMessage(msg),
  candidates: BACKEND_ORDER,
  describe: describeBackend,
  now: () => performance.now(),
  yieldToEvents: macrotask,
})
scope.onmessage = (e: MessageEvent<TrainingRequest>) => void handle(e.data)
scope.postMessage({ type: 'ready' })
