import { abortError, errorReply, isAbortError, reviveError } from './errors'
import type {
  AliveMessage,
  CancelMessage,
  ErrorMessage,
  PingMessage,
  PongMessage,
  Protocol,
  ReadyMessage,
} from './protocol'

/**
 * The one way the app talks to its workers. The client waits for the worker's `ready`, numbers
 * the requests that expect an answer, settles each caller's promise with the answer that carries
 * its id (or rejects it with the one error shape, revived), cancels through an AbortSignal, and
 * supervises: a worker that dies or stops answering rejects every pending call with a message
 * naming it, so nothing ever hangs. `serve` is the worker's half.
 */

/** A Worker or a MessagePort (tests use a MessageChannel): what a client talks through. */
export interface Endpoint {
  postMessage(msg: unknown, transfer: Transferable[]): void
  onmessage: ((e: MessageEvent) => void) | null
  onmessageerror?: ((e: MessageEvent) => void) | null
  /** A Worker's: its script failed to load or threw outside any handler. */
  onerror?: ((e: ErrorEvent) => void) | null
  /** A MessagePort's 'close' event: the other side closed. */
  addEventListener?(type: 'close', listener: () => void): void
  terminate?(): void
  close?(): void
}

/** A worker's global scope or a MessagePort: what `serve` listens on. */
export type ServerEndpoint = Pick<Endpoint, 'postMessage' | 'onmessage'>

/** The request types of protocol P that are answered. */
export type Answered<P extends Protocol> = Extract<keyof P['replies'], P['request']['type']>

/** A request of type K as a caller writes it: the client adds the id. */
export type CallOf<P extends Protocol, K extends Answered<P>> = Omit<
  Extract<P['request'], { type: K }>,
  'id'
> & { type: K }

/** The message that answers a request of type K. */
export type ReplyOf<P extends Protocol, K extends Answered<P>> = Extract<
  P['event'],
  { type: P['replies'][K] }
>

/** What a worker posts on its own (no id): for the listener registered when the client starts. */
export type EventOf<P extends Protocol> = Exclude<P['event'], { id: number } | ErrorMessage>

/** How a client is set up. */
export interface ClientOptions<P extends Protocol> {
  /** Names the worker in messages: 'training' gives "The training worker stopped: …". */
  name: string
  /** Request type → the type of its answer (protocol.ts's `*_REPLIES`). */
  replies: P['replies']
  /** Every event the worker posts without an id. */
  onEvent?: (e: EventOf<P>) => void
  /** Errors without an id (a failed fire-and-forget message, a failure while running). */
  onError?: (e: Error) => void
  /** The worker died (or was ended): every pending call has been rejected with `e`. */
  onDead?: (e: Error) => void
  /** A request left unanswered this long means the worker hangs: it is ended. Default: never. */
  deadAfterMs?: number
  /**
   * Liveness check: a `ping` every `everyMs`; a worker not heard from (any message) for
   * `silentMs` is dead (a worker that closed itself or was killed says nothing, so this is how it
   * is noticed). Default: none.
   */
  heartbeat?: { everyMs: number; silentMs: number; now?: () => number }
}

/** Per-call options of `request`. */
export interface RequestOptions<P extends Protocol> {
  /** Aborting rejects the call with an AbortError at once and tells the worker to stop. */
  signal?: AbortSignal
  /** Messages with this call's id before its answer (progress). */
  onEvent?: (e: Extract<P['event'], { id: number }>) => void
  /** Rejects this call alone ("did not answer in time") after so long; the worker lives on. */
  timeoutMs?: number
}

/** A started worker, seen from the main thread. */
export interface RpcClient<P extends Protocol> {
  /** Sends a message that is not answered; its failure goes to `onError`. */
  send(msg: P['request'], transfer?: Transferable[]): void
  /** Sends a request and resolves with its answer (the buffers in `transfer` move to the worker). */
  request<K extends Answered<P>>(
    msg: CallOf<P, K>,
    transfer?: Transferable[],
    opts?: RequestOptions<P>,
  ): Promise<ReplyOf<P, K>>
  /** Resolves when the worker said `ready`; rejects if it died first. */
  readonly ready: Promise<void>
  /** Why the worker is dead, or null while it lives. */
  readonly dead: Error | null
  /** Requests sent and not yet answered. */
  readonly pending: number
  /** Ends the worker; pending calls reject with "The <name> worker stopped: <reason>". */
  terminate(reason?: string): void
  /**
   * Asks whether the worker is there: resolves true on its `pong`, false when it is dead or says
   * nothing within `timeoutMs` (then it is ended: a worker that closed itself never answers).
   */
  alive(timeoutMs: number): Promise<boolean>
}

interface Call {
  type: string
  resolve(m: unknown): void
  reject(e: Error): void
  onEvent?: (e: never) => void
  cleanup(): void
}

/** Wraps `endpoint` (a Worker, or a MessagePort) in a client of protocol P. */
export function connect<P extends Protocol>(
  endpoint: Endpoint,
  options: ClientOptions<P>,
): RpcClient<P> {
  const { name, replies, deadAfterMs } = options
  let dead: Error | null = null
  let isReady = false
  let nextId = 1
  /** Messages posted before `ready`, in order; `id` marks a request that may still be cancelled. */
  const queue: { msg: unknown; transfer: Transferable[]; id?: number }[] = []
  const pending = new Map<number, Call>()
  let markReady!: () => void
  let failReady!: (e: Error) => void
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve
    failReady = reject
  })
  ready.catch(() => {}) // the same error reaches every pending call and onDead

  function post(msg: unknown, transfer: Transferable[], id?: number) {
    if (isReady) endpoint.postMessage(msg, transfer)
    else queue.push({ msg, transfer, id })
  }

  /** Callers of `alive` waiting for the next pong. */
  const pongWaiters: (() => void)[] = []
  const now = options.heartbeat?.now ?? (() => performance.now())
  let heardAt = now()
  let tickedAt = heardAt
  const beat = options.heartbeat
  const pinger = beat
    ? setInterval(() => {
        const t = now()
        const late = t - tickedAt - beat.everyMs
        tickedAt = t
        // This thread was busy (a long task, a starved machine) and the worker's answers may be
        // waiting behind it: that time is not the worker's silence.
        if (late > beat.everyMs) heardAt += late
        // Starting (loading its module) is not watched here: a script that fails says so (onerror).
        if (!isReady) heardAt = now()
        else if (now() - heardAt > beat.silentMs)
          die(`it stopped answering (nothing heard for ${beat.silentMs / 1000} s)`)
        else endpoint.postMessage({ type: 'ping' } satisfies PingMessage, [])
      }, beat.everyMs)
    : null

  function die(reason: string) {
    if (dead) return
    if (pinger) clearInterval(pinger)
    const e = new Error(`The ${name} worker stopped: ${reason}`)
    dead = e
    endpoint.onmessage = null
    if (endpoint.onmessageerror !== undefined) endpoint.onmessageerror = null
    if (endpoint.onerror !== undefined) endpoint.onerror = null
    endpoint.terminate?.()
    endpoint.close?.()
    queue.length = 0
    failReady(e)
    const calls = [...pending.values()]
    pending.clear()
    for (const call of calls) {
      call.cleanup()
      call.reject(e)
    }
    options.onDead?.(e)
  }

  function settle(id: number): Call | undefined {
    const call = pending.get(id)
    pending.delete(id)
    call?.cleanup()
    return call
  }

  endpoint.onmessage = (e: MessageEvent) => {
    heardAt = now()
    const m = e.data as P['event'] // or a ReadyMessage
    if (m.type === ('pong' satisfies PongMessage['type'])) {
      for (const w of pongWaiters.splice(0)) w()
      return
    }
    if (m.type === ('alive' satisfies AliveMessage['type'])) return // a busy worker's beacon
    if (m.type === ('ready' satisfies ReadyMessage['type'])) {
      isReady = true
      for (const q of queue.splice(0)) endpoint.postMessage(q.msg, q.transfer)
      markReady()
      return
    }
    if (m.id === undefined) {
      if (m.type === 'error') options.onError?.(reviveError((m as ErrorMessage).error))
      else options.onEvent?.(m as EventOf<P>)
      return
    }
    const call = pending.get(m.id)
    if (!call) return // the answer to a call that was cancelled or timed out
    if (m.type === 'error') settle(m.id)?.reject(reviveError((m as ErrorMessage).error))
    else if (m.type === replies[call.type]) settle(m.id)?.resolve(m)
    else call.onEvent?.(m as never)
  }
  endpoint.onmessageerror = () => die('a message from it could not be read')
  endpoint.onerror = (e: ErrorEvent) => {
    e.preventDefault?.() // reported here, as the worker's failure, not as an uncaught error
    die(e.message || 'it could not start')
  }
  endpoint.addEventListener?.('close', () => die('its channel closed'))

  function request<K extends Answered<P>>(
    msg: CallOf<P, K>,
    transfer: Transferable[] = [],
    opts: RequestOptions<P> = {},
  ): Promise<ReplyOf<P, K>> {
    const { signal, timeoutMs } = opts
    const type = (msg as { type: string }).type
    return new Promise((resolve, reject) => {
      if (dead) return reject(dead)
      if (signal?.aborted) return reject(cancelled(signal))
      const id = nextId++
      const timers: ReturnType<typeof setTimeout>[] = []
      const onAbort = () => {
        settle(id)
        const queued = queue.findIndex((q) => q.id === id)
        if (queued >= 0) queue.splice(queued, 1)
        else endpoint.postMessage({ type: 'cancel', id } satisfies CancelMessage, [])
        reject(cancelled(signal!))
      }
      pending.set(id, {
        type,
        resolve: resolve as (m: unknown) => void,
        reject,
        onEvent: opts.onEvent,
        cleanup: () => {
          timers.forEach(clearTimeout)
          signal?.removeEventListener('abort', onAbort)
        },
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      if (timeoutMs !== undefined)
        timers.push(
          setTimeout(() => {
            settle(id)
            reject(new Error(`The ${name} worker did not answer in time (${timeoutMs} ms)`))
          }, timeoutMs),
        )
      if (deadAfterMs !== undefined)
        timers.push(setTimeout(() => die(`it did not answer in ${deadAfterMs} ms`), deadAfterMs))
      post({ ...msg, id }, transfer, id)
    })
  }

  /** The AbortError a cancelled call rejects with: the signal's own reason when it is one. */
  function cancelled(signal: AbortSignal): Error {
    const reason: unknown = signal.reason
    return isAbortError(reason)
      ? (reason as Error)
      : abortError(`The ${name} request was cancelled`)
  }

  return {
    send(msg, transfer = []) {
      if (dead) options.onError?.(dead)
      else post(msg, transfer)
    },
    request,
    ready,
    get dead() {
      return dead
    },
    get pending() {
      return pending.size
    },
    terminate: (reason = 'it was ended') => die(reason),
    alive: (timeoutMs) =>
      ready.then(
        () =>
          new Promise<boolean>((resolve) => {
            if (dead) return resolve(false)
            const timer = setTimeout(() => {
              die(`it did not answer a ping in ${timeoutMs} ms`)
              resolve(false)
            }, timeoutMs)
            pongWaiters.push(() => {
              clearTimeout(timer)
              resolve(true)
            })
            endpoint.postMessage({ type: 'ping' } satisfies PingMessage, [])
          }),
        () => false,
      ),
  }
}

/** What a handler gets besides its message. */
export interface ServeContext {
  /** Aborted when the client cancels this request (only requests with an id can be). */
  signal: AbortSignal
}

/**
 * The worker's half: posts `ready`, then hands every message to `handler` (a plain function that
 * posts its own answers with their ids and transfer lists), turns a `cancel` into an abort of the
 * request's signal, and catches whatever the handler throws or rejects with into the one error
 * shape, with the request's id.
 */
export function serve<P extends Protocol>(
  endpoint: ServerEndpoint,
  handler: (msg: P['request'], ctx: ServeContext) => unknown,
): void {
  const running = new Map<number, AbortController>()
  const fail = (e: unknown, id?: number) => {
    try {
      endpoint.postMessage(errorReply(e, id), [])
    } catch (again) {
      console.error(again) // the error itself could not be cloned: nothing else is left to do
    }
  }
  endpoint.onmessage = (e: MessageEvent) => {
    if ((e.data as PingMessage).type === 'ping') {
      endpoint.postMessage({ type: 'pong' } satisfies PongMessage, [])
      return
    }
    const msg = e.data as P['request'] | CancelMessage
    if (msg.type === 'cancel' && msg.id !== undefined) {
      running.get(msg.id)?.abort()
      return
    }
    const id = msg.id
    const abort = new AbortController()
    if (id !== undefined) running.set(id, abort)
    const done = () => id !== undefined && running.delete(id)
    try {
      Promise.resolve(handler(msg as P['request'], { signal: abort.signal })).then(done, (err) => {
        done()
        fail(err, id)
      })
    } catch (err) {
      done()
      fail(err, id)
    }
  }
  endpoint.postMessage({ type: 'ready' } satisfies ReadyMessage, [])
}

/** How often a beacon posts at most: well inside every heartbeat's `silentMs` (6–30 s). */
export const BEACON_INTERVAL_MS = 1000

/**
 * The worker's "still alive" beacon for long synchronous loops: a function the loops call now and
 * then (model code takes it as an optional `tick` callback, so it imports nothing of workers). It
 * reads the clock on each call and posts an `alive` message when `everyMs` have passed since the
 * last one, so a loop that calls it every ~0.1–50 ms of work costs one clock read per call and
 * one message a second. A worker's postMessage is delivered while its thread is still busy, so
 * the client (`connect` with a heartbeat) hears from it and does not take it for dead.
 */
export function beacon(
  endpoint: Pick<ServerEndpoint, 'postMessage'>,
  opts: { everyMs?: number; now?: () => number } = {},
): () => void {
  const everyMs = opts.everyMs ?? BEACON_INTERVAL_MS
  const now = opts.now ?? (() => performance.now())
  let last = now()
  return () => {
    const t = now()
    if (t - last < everyMs) return
    last = t
    endpoint.postMessage({ type: 'alive' } satisfies AliveMessage, [])
  }
}
