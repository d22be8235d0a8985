import { DatasetError } from '../model/datasets/errors'
import type { ErrorMessage, SerializedError } from './protocol'

/** An error's fields, for postMessage (an Error's own class and fields do not survive cloning). */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof DatasetError) {
    const { name, message, file, line, column, code, suggestion } = e
    return { name, message, dataset: true, file, line, column, code, suggestion }
  }
  if (e instanceof Error) return { name: e.name, message: e.message, dataset: false }
  return { name: 'Error', message: String(e), dataset: false }
}

/** The one error message every worker posts; `id` is the failed request's, if it had one. */
export function errorReply(e: unknown, id?: number): ErrorMessage {
  return id === undefined
    ? { type: 'error', error: serializeError(e) }
    : { type: 'error', id, error: serializeError(e) }
}

/** Rebuilds an error posted by a worker: a DatasetError stays one, message unchanged. */
export function reviveError(s: SerializedError): Error {
  if (s.dataset) {
    const { line, column, code, suggestion } = s
    const e = new DatasetError(s.file ?? '', '', { line, column, code, suggestion })
    e.message = s.message
    return e
  }
  const e = s.name === 'RangeError' ? new RangeError(s.message) : new Error(s.message)
  if (e.name !== s.name) e.name = s.name // e.g. 'AbortError', 'TypeError'
  return e
}

/** A DOMException named 'AbortError': what a cancelled request rejects with. */
export function abortError(message = 'Loading cancelled'): DOMException {
  return new DOMException(message, 'AbortError')
}

/** Whether a request failed because it was cancelled (not because of its input). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError'
}
