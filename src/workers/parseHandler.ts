import { DatasetError } from '../model/datasets/errors'
import { type InputFile, type ParseOptions, parseFiles } from '../model/datasets/index'
import { checkItems } from '../model/datasets/limits'
import { isParquet, parseParquet } from '../model/datasets/parquet'
import type { Dataset } from '../model/datasets/types'
import { assertNever } from './protocol'

/** Main thread → parse worker. Bytes of files read by the client are transferred, not copied. */
export type ParseRequest = {
  type: 'parse'
  /** Echoed in every answer, so an answer to an older request can be told apart. */
  id: number
  files: InputFile[]
  options?: ParseOptions
}

/**
 * An error as it crosses the worker boundary: an Error's fields, plus a DatasetError's. The
 * client rebuilds a DatasetError (`dataset: true`) or a plain Error with the same `message`.
 */
export interface SerializedError {
  name: string
  message: string
  /** Whether it was a DatasetError (bad input) rather than a bug or a RangeError in options. */
  dataset: boolean
  file?: string
  line?: number
  column?: number
  code?: 'needs-dimension'
  suggestion?: number
}

/** Parse worker → main thread. */
export type ParseEvent =
  | { type: 'ready' }
  /** The files arrived and parsing began (it runs in one go: no progress within it). */
  | { type: 'phase'; id: number; phase: 'parsing' }
  | { type: 'parsed'; id: number; dataset: Dataset }
  | { type: 'failed'; id: number; error: SerializedError }

/**
 * Parses files as the app loads them: a `.parquet` file (alone) by `parseParquet`, anything else by
 * `parseFiles`; then refuses more than `LIMITS.items` items. Runs in the parse worker, and in the
 * caller's thread where there are no workers (Node).
 */
export async function parseAll(files: InputFile[], options?: ParseOptions): Promise<Dataset> {
  const parquet = files.find((f) => isParquet(f.name))
  let dataset: Dataset
  if (parquet) {
    if (files.length > 1)
      throw new DatasetError(parquet.name, 'load a .parquet file on its own, without other files')
    if (!parquet.bytes)
      throw new DatasetError(parquet.name, 'came as text: a Parquet file must be read as bytes')
    dataset = await parseParquet(parquet.name, parquet.bytes)
  } else dataset = parseFiles(files, options)
  checkItems(dataset)
  return dataset
}

/** The ArrayBuffers under a dataset's typed arrays, each once (a repeated one fails a transfer). */
export function datasetBuffers(dataset: Dataset): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  const collect = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer)
  }
  Object.values(dataset).forEach(collect)
  for (const attribute of dataset.attributes) Object.values(attribute).forEach(collect)
  return [...buffers]
}

/** An error's fields, for postMessage (an Error's own class and fields do not survive cloning). */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof DatasetError) {
    const { name, message, file, line, column, code, suggestion } = e
    return { name, message, dataset: true, file, line, column, code, suggestion }
  }
  if (e instanceof Error) return { name: e.name, message: e.message, dataset: false }
  return { name: 'Error', message: String(e), dataset: false }
}

/**
 * The parse worker's message handler, a plain function so that tests call it in Node. Every
 * request gets exactly one `parsed` or `failed` answer; nothing is thrown.
 */
export function createParseHandler(deps: {
  post(msg: ParseEvent, transfer?: Transferable[]): void
}): (msg: ParseRequest) => Promise<void> {
  return async (msg) => {
    switch (msg.type) {
      case 'parse': {
        deps.post({ type: 'phase', id: msg.id, phase: 'parsing' })
        try {
          const dataset = await parseAll(msg.files, msg.options)
          deps.post({ type: 'parsed', id: msg.id, dataset }, datasetBuffers(dataset))
        } catch (e) {
          // A parse error, or a dataset postMessage could not clone: either way one answer.
          deps.post({ type: 'failed', id: msg.id, error: serializeError(e) })
        }
        return
      }
      default:
        assertNever(msg.type)
    }
  }
}
