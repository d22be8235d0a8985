import { isSpriteImage, type LoadExtras } from '../model/datasets/extras'
import { DatasetError } from '../model/datasets/errors'
import type { InputFile, ParseOptions } from '../model/datasets/input'
import { checkSize, isParquet } from '../model/datasets/limits'
import type { Dataset } from '../model/datasets/types'
import { abortError, isAbortError } from './errors'
import { Pacer } from './fileSlices'
import { PARSE_REPLIES, type ParseProtocol } from './protocol'
import { connect, type RpcClient } from './rpc'

export { abortError, isAbortError, reviveError } from './errors'

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
  // Chunks that are already there resolve one after another in microtasks, which never let the
  // page draw: a 58 MB file was one long task. Yield every few ms instead.
  const pacer = new Pacer()
  try {
    for (;;) {
      await pacer.pace()
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
): Promise<Parsed> {
  const { data, otherNames } = splitImages(files)
  const { inputs, parsing } = await readAll(data, hooks)
  hooks.onProgress?.(parsing)
  const { parseLoad } = await import('./parseHandler')
  const parsed = await parseLoad(inputs, options, otherNames)
  if (hooks.signal?.aborted) throw abortError()
  return parsed
}

/** A parsed load: the dataset and the files the app reads besides it (sprite, bookmarks). */
export interface Parsed {
  dataset: Dataset
  extras: LoadExtras
}

/** Images are never parsed as data: only their names go to the parser (a config may name one). */
function splitImages(files: Array<File | InputFile>) {
  return {
    data: files.filter((f) => !isSpriteImage(f.name)),
    otherNames: files.filter((f) => isSpriteImage(f.name)).map((f) => f.name),
  }
}

/** One idle worker kept warm between loads, so a load does not wait for a worker to start. */
let spare: RpcClient<ParseProtocol> | null = null

/**
 * A worker that decoded more Parquet than this is ended after its load and a fresh one warmed:
 * parquet-wasm's WebAssembly memory grows to the file's size and is never given back.
 */
const PARQUET_RETIRE_BYTES = 32 * 2 ** 20

/** How long a warm worker has to answer a ping before a load is given to it. */
const SPARE_PING_MS = 1000

/**
 * A parse blocks its worker (it is synchronous), so the heartbeat only catches a worker that is
 * silent far longer than any parse within the size limit takes.
 */
const PARSE_HEARTBEAT = { everyMs: 1000, silentMs: 30_000 }

function startParseWorker(): RpcClient<ParseProtocol> {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' })
  return connect<ParseProtocol>(worker, {
    name: 'file parser',
    replies: PARSE_REPLIES,
    heartbeat: PARSE_HEARTBEAT,
    // A spare that dies is simply not used: the next load starts a fresh worker.
    onDead: () => {
      if (spare?.dead) spare = null
    },
  })
}

/** Starts the parse worker ahead of the first load (the app calls this as it opens). */
export function warmParser(): void {
  if (typeof Worker !== 'undefined') spare ??= startParseWorker()
}

/**
 * Loads dropped files off the main thread: refuses a load over the limits (`checkSize`) before reading,
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
  return (await parseLoadInWorker(files, options, hooks)).dataset
}

/** `parseInWorker`, with the load's extras (a config's sprite and bookmarks files, by name). */
export async function parseLoadInWorker(
  files: Array<File | InputFile>,
  options: ParseOptions | undefined,
  hooks: LoadHooks = {},
): Promise<Parsed> {
  if (typeof Worker === 'undefined') return parseFilesHere(files, options, hooks)
  const { data, otherNames } = splitImages(files)
  const { inputs, transfer, parsing } = await readAll(data, hooks)
  const { signal, onProgress } = hooks
  const warm = spare
  spare = null
  // A warm worker may have died since (closed, killed) without a word: it must answer first;
  // otherwise the load goes to a fresh worker, once.
  const worker = warm && !warm.dead && (await warm.alive(SPARE_PING_MS)) ? warm : startParseWorker()
  // Measured before the request: transferring the bytes empties these arrays.
  const parquetBytes = inputs
    .filter((f) => isParquet(f.name))
    .reduce((sum, f) => sum + (f.bytes?.byteLength ?? 0), 0)
  let answered = false
  try {
    const request = { type: 'parse', files: inputs, options, otherNames } as const
    const reply = await worker.request(request, transfer, {
      signal,
      onEvent: (e) => e.type === 'phase' && onProgress?.(parsing),
    })
    answered = true
    return { dataset: reply.dataset, extras: reply.extras }
  } catch (e) {
    if (isAbortError(e)) throw abortError()
    // An error the worker posted (bad input) was an answer: the worker is fine.
    answered = !worker.dead
    throw e
  } finally {
    // A worker that answered can parse the next load; one that failed or was cancelled ends, and
    // so does one left holding a big Parquet file's WebAssembly memory (a fresh one is warmed).
    if (answered && !spare && parquetBytes <= PARQUET_RETIRE_BYTES) spare = worker
    else if (answered) {
      worker.terminate('it holds the memory of a large Parquet file')
      warmParser()
    } else worker.terminate('its load was cancelled or failed')
  }
}
