import type { BackendName } from '../model/training/backendNames'
import {
  type PositionsMessage,
  type ProjectionProtocol,
  type ProjectionRequest,
  type QualityMessage,
  TRAINING_REPLIES,
  type TrainingEvent,
  type TrainingProtocol,
  type TrainingRequest,
} from './protocol'
import { connect, type RpcClient } from './rpc'

/** The training and projection workers, as the app reaches them. */
export interface WorkerClient {
  /** Sends a training message that is not answered (failures go to `onError`). */
  training(msg: TrainingRequest, transfer?: Transferable[]): void
  /** Sends a projection message (failures go to `onError`). */
  projection(msg: ProjectionRequest, transfer?: Transferable[]): void
  /** Asks the training worker and resolves with its answer (`state`, `exportModel`). */
  trainingRequest: RpcClient<TrainingProtocol>['request']
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
  let ending = false
  const onError = (e: Error) => handlers.onError(e.message)
  // A worker that dies says so once; ending them on purpose (terminate) is not news.
  const onDead = (e: Error) => ending || onError(e)
  const training = connect<TrainingProtocol>(
    new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' }),
    { name: 'training', replies: TRAINING_REPLIES, onEvent: handlers.onTraining, onError, onDead },
  )
  const projection = connect<ProjectionProtocol>(
    new Worker(new URL('./projection.worker.ts', import.meta.url), { type: 'module' }),
    {
      name: 'projection',
      replies: {},
      onEvent: (msg) => {
        if (msg.type === 'positions') handlers.onPositions(msg)
        else handlers.onQuality(msg)
      },
      onError,
      onDead,
    },
  )
  const channel = new MessageChannel()
  projection.send({ type: 'init', port: channel.port2 }, [channel.port2])
  training.send({ type: 'init', port: channel.port1, remembered }, [channel.port1])
  return {
    training: (msg, transfer) => training.send(msg, transfer),
    projection: (msg, transfer) => projection.send(msg, transfer),
    trainingRequest: training.request,
    terminate: () => {
      ending = true
      training.terminate()
      projection.terminate()
    },
  }
}
