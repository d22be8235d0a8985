import { COMPARE_REPLIES, type CompareProtocol } from './protocol'
import {
  type Answered,
  type CallOf,
  connect,
  type Endpoint,
  type ReplyOf,
  type RpcClient,
} from './rpc'

/**
 * The compare worker, started on the first request and ended to stop a long measurement (its
 * requests run one after another and cannot be interrupted from inside).
 */

let makeWorker = (): Endpoint =>
  new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' })
let client: RpcClient<CompareProtocol> | null = null

/** Replaces how the worker is made (tests serve the handler on a MessageChannel); ends the current one. */
export function setCompareWorkerFactory(factory: () => Endpoint): void {
  stopCompareWorker()
  makeWorker = factory
}

/** Ends the worker; whatever it was still working on rejects with a message ending in `reason`. */
export function stopCompareWorker(reason = 'Stopped.'): void {
  client?.terminate(reason)
  client = null
}

/** How many requests the worker has not answered yet. */
export function comparePending(): number {
  return client?.pending ?? 0
}

/** Sends a request to the worker (started if need be); `onProgress` hears its progress (0–1). */
export function askCompare<K extends Answered<CompareProtocol>>(
  msg: CallOf<CompareProtocol, K>,
  transfer: Transferable[],
  onProgress?: (share: number) => void,
): Promise<ReplyOf<CompareProtocol, K>> {
  if (!client || client.dead) {
    const c = connect<CompareProtocol>(makeWorker(), {
      name: 'comparison',
      replies: COMPARE_REPLIES,
      // A worker that died is replaced by a fresh one at the next request.
      onDead: () => {
        if (client === c) client = null
      },
    })
    client = c
  }
  return client.request(msg, transfer, {
    onEvent: (e) => e.type === 'progress' && onProgress?.(e.share),
  })
}
