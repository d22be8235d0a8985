import type { BackendName } from '../model/training/backendNames'
import type {
  PositionsMessage,
  QualityMessage,
  ProjectionEvent,
  ProjectionRequest,
  TrainingEvent,
  TrainingRequest,
} from './protocol'

export interface WorkerClient {
  training(msg: TrainingRequest, transfer?: Transferable[]): void
  projection(msg: ProjectionRequest, transfer?: Transferable[]): void
  terminate(): void
}

/**
 * Starts the training and projection workers and connects them with a MessageChannel, so
 * snapshots go from one to the other without passing through the main thread.
 */
export function startWorkers(
  handlers: {
    onTraining(e: TrainingEvent): void
    onPositions(e: PositionsMessage): void
    onQuality(e: QualityMessage): void
    onError(message: string): void
  },
  /** The backend an earlier visit chose, to check and use without timing all of them. */
  remembered?: BackendName,
): WorkerClient {
  const training = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' })
  const projection = new Worker(new URL('./projection.worker.ts', import.meta.url), {
    type: 'module',
  })
  const channel = new MessageChannel()
  training.onmessage = (e: MessageEvent<TrainingEvent>) => handlers.onTraining(e.data)
  projection.onmessage = (e: MessageEvent<ProjectionEvent>) => {
    const msg = e.data
    if (msg.type === 'positions') handlers.onPositions(msg)
    else if (msg.type === 'quality') handlers.onQuality(msg)
    else if (msg.type === 'error') handlers.onError(msg.message)
  }
  const crashed = (name: string) => (e: ErrorEvent) =>
    handlers.onError(`The ${name} worker failed: ${e.message || 'it could not start'}`)
  training.onerror = crashed('training')
  projection.onerror = crashed('projection')
  projection.postMessage({ type: 'init', port: channel.port2 } satisfies ProjectionRequest, [
    channel.port2,
  ])
  training.postMessage(
    { type: 'init', port: channel.port1, remembered } satisfies TrainingRequest,
    [channel.port1],
  )
  return {
    training: (msg, transfer = []) => training.postMessage(msg, transfer),
    projection: (msg, transfer = []) => projection.postMessage(msg, transfer),
    terminate: () => {
      training.terminate()
      projection.terminate()
    },
  }
}
