import { DatasetError } from '../model/datasets/errors'
import type { InputFile, ParseOptions } from '../model/datasets/input'
import { checkSize } from '../model/datasets/limits'
import type { Dataset } from '../model/datasets/types'
import type { ParseEvent, ParseRequest, SerializedError } from './parseHandler'
import { assertNever } from './protocol'

/** How far a load has got. `loaded` and `total` are bytes of all files together. */
export interface LoadProgress {
  loaded: number
  total: number
  /** 'reading': bytes coming off the disk; 'parsing': all read, the worker is parsing them. */
  phase: 'reading' | 'parsing'
  /** The file being read; while parsing, every file's name, comma-separated. */
  file: string
}

export interface LoadHooks {
  /** Called at most about 10 times a second while reading, and once when parsing starts. */
  onProgress?: (p: LoadProgress) => void
  /** Aborting stops reading or ends the parse worker; the load rejects with an AbortError. */
  signal?: AbortSignal
}

/** Least time between two reading progress reports, in ms (so at most ~10 a second). */
const PROGRESS_INTERVAL_MS = 100

/** What a cancelled load rejects with: a DOMException named 'AbortError', "Loading cancelled". */
export function abortError(): DOMException {
  return new DOMException('Loading cancelled', 'AbortError')
}

/** Whether a load failed because it was cancelled (not because of the files). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError'
}

/** Rebuilds an error posted by the parse worker: a DatasetError stays one, message unchanged. */
export function reviveError(s: SerializedError): Error {
  if (s.dataset) {
    const { line, column, code, suggestion } = s
    const e = new DatasetError(s.file ?? '', '', { line, column, code, suggestion })
    e.message = s.message
    return e
  }
  const e = s.name === 'RangeError' ? new RangeError(s.message) : new Error(s.message)
  e.name = s.name
  return e
}

function isBlob(f: File | InputFile): f is File {
  return typeof (f as Partial<File>).stream === 'function'
}

function sizeOf(f: File | InputFile): number {
  return isBlob(f) ? f.size : (f.bytes?.byteLength ?? f.text?.length ?? 0)
}

/** Reads a file chunk by chunk into one buffer of its size; `onBytes` hears of each chunk. */
async function readFile(
  file: File,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const changed = () =>
    new DatasetError(file.name, 'changed or moved while it was being read: drop it again')
  const bytes = new Uint8Array(file.size)
  const reader = file.stream().getReader()
  // Cancelling the reader ends a pending read() at once, with done: true.
  const cancel = () => void reader.cancel().catch(() => {})
  signal?.addEventListener('abort', cancel, { once: true })
  let at = 0
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch {
        if (signal?.aborted) throw abortError()
        throw changed()
      }
      if (signal?.aborted) throw abortError()
      if (chunk.done) break
      if (at + chunk.value.byteLength > bytes.length) throw changed()
      bytes.set(chunk.value, at)
      at += chunk.value.byteLength
      onBytes(chunk.value.byteLength)
    }
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
  if (at !== bytes.length) throw changed()
  return bytes
}

/**
 * Checks the size limit (before reading anything), then reads every File into bytes, reporting
 * progress. Returns the files as InputFiles and the buffers this read made, which may be
 * transferred; a caller's own InputFile bytes are never listed, so they are copied and stay usable.
 */
async function readAll(files: Array<File | InputFile>, hooks: LoadHooks) {
  const { onProgress, signal } = hooks
  if (signal?.aborted) throw abortError()
  checkSize(files.map((f) => ({ name: f.name, size: sizeOf(f) })))
  const total = files.reduce((sum, f) => sum + sizeOf(f), 0)
  let loaded = 0
  let last = -Infinity
  const inputs: InputFile[] = []
  const transfer: ArrayBuffer[] = []
  for (const f of files) {
    const report = () => {
      const now = performance.now()
      if (now - last < PROGRESS_INTERVAL_MS) return
      last = now
      onProgress?.({ loaded, total, phase: 'reading', file: f.name })
    }
    report()
    if (!isBlob(f)) {
      loaded += sizeOf(f)
      inputs.push(f)
      continue
    }
    const bytes = await readFile(f, signal, (n) => {
      loaded += n
      report()
    })
    inputs.push({ name: f.name, bytes })
    transfer.push(bytes.buffer)
  }
  if (signal?.aborted) throw abortError()
  const parsing: LoadProgress = {
    loaded: total,
    total,
    phase: 'parsing',
    file: files.map((f) => f.name).join(', '),
  }
  return { inputs, transfer, parsing }
}

/**
 * Reads and parses the files in this thread: the fallback where there are no Web Workers (Node,
 * unit tests). The same checks and Parquet conversion as `parseInWorker`; cancelling is honoured
 * between steps but cannot interrupt the (synchronous) parse itself.
 */
export async function parseFilesHere(
  files: Array<File | InputFile>,
  options: ParseOptions | undefined,
  hooks: LoadHooks = {},
): Promise<Dataset> {
  const { inputs, parsing } = await readAll(files, hooks)
  hooks.onProgress?.(parsing)
  const { parseAll } = await import('./parseHandler')
  const dataset = await parseAll(inputs, options)
  if (hooks.signal?.aborted) throw abortError()
  return dataset
}

let lastId = 0

/** A parse worker that has started and said it is ready. */
interface ParseWorker {
  worker: Worker
  ready: Promise<void>
}

/** One idle worker kept warm between loads, so a load does not wait for a worker to start. */
let spare: ParseWorker | null = null

function startParseWorker(): ParseWorker {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' })
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ParseEvent>) => e.data.type === 'ready' && resolve()
    worker.onerror = (e: ErrorEvent) =>
      reject(new Error(`The file parser failed: ${e.message || 'it could not start'}`))
  })
  ready.catch(() => {}) // reported to the load that uses it
  return { worker, ready }
}

/** Starts the parse worker ahead of the first load (the app calls this as it opens). */
export function warmParser(): void {
  if (typeof Worker !== 'undefined') spare ??= startParseWorker()
}

/**
 * Loads dropped files off the main thread: refuses a load over `LIMITS.fileBytes` before reading,
 * streams each File into memory with progress, then parses in the parse worker (kept warm between
 * loads; ended at once on cancel or failure, so a runaway parse never freezes the page). Resolves
 * with the Dataset; rejects with a DatasetError (bad input: the message to show), an AbortError
 * (see `isAbortError`: the user cancelled, show nothing) or an Error (the worker crashed). Falls
 * back to `parseFilesHere` where there is no `Worker`.
 */
export async function parseInWorker(
  files: Array<File | InputFile>,
  options: ParseOptions | undefined,
  hooks: LoadHooks = {},
): Promise<Dataset> {
  if (typeof Worker === 'undefined') return parseFilesHere(files, options, hooks)
  const { inputs, transfer, parsing } = await readAll(files, hooks)
  const { signal, onProgress } = hooks
  const id = ++lastId
  const pw = spare ?? startParseWorker()
  spare = null
  const { worker } = pw
  return new Promise<Dataset>((resolve, reject) => {
    const finish = (settle: () => void, keep: boolean) => {
      signal?.removeEventListener('abort', onAbort)
      worker.onmessage = null
      // A worker that answered can parse the next load; one that failed or was cancelled ends.
      if (keep && !spare) spare = pw
      else worker.terminate()
      settle()
    }
    const onAbort = () => finish(() => reject(abortError()), false)
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.onerror = (e: ErrorEvent) =>
      finish(
        () => reject(new Error(`The file parser failed: ${e.message || 'it could not start'}`)),
        false,
      )
    worker.onmessageerror = () =>
      finish(() => reject(new Error('The file parser failed: its answer could not be read')), false)
    pw.ready.then(
      () => {
        if (signal?.aborted) return
        worker.onmessage = (e: MessageEvent<ParseEvent>) => {
          const msg = e.data
          if (msg.type === 'ready' || msg.id !== id) return
          switch (msg.type) {
            case 'phase':
              return onProgress?.(parsing)
            case 'parsed':
              return finish(() => resolve(msg.dataset), true)
            case 'failed':
              return finish(() => reject(reviveError(msg.error)), true)
            default:
              assertNever(msg)
          }
        }
        worker.postMessage(
          { type: 'parse', id, files: inputs, options } satisfies ParseRequest,
          transfer,
        )
      },
      (e: unknown) => finish(() => reject(e), false),
    )
  })
}
