import { BACKEND_ORDER, type BackendName } from '../../model/training/backendNames'

const KEY = 'embedding-explorer.backend'
/** A remembered choice older than this is timed again (drivers and browsers change). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000

/**
 * The backend the automatic choice picked on an earlier visit in this browser, if it is recent
 * and the browser is the same. The next visit checks only that one, so training can start
 * seconds sooner; "Auto" in the Model tab times every backend again.
 */
export function rememberedBackend(): BackendName | undefined {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as {
      backend?: unknown
      ua?: unknown
      at?: unknown
    } | null
    if (!saved || saved.ua !== globalThis.navigator?.userAgent) return undefined
    if (typeof saved.at !== 'number' || Date.now() - saved.at > MAX_AGE_MS) return undefined
    return BACKEND_ORDER.find((b) => b === saved.backend)
  } catch {
    return undefined // unreadable or refused storage: choose afresh
  }
}

/** Keeps an automatic choice (not a forced or remembered one) for the next visit. */
export function rememberBackend(backend: BackendName): void {
  try {
    globalThis.localStorage?.setItem(
      KEY,
      JSON.stringify({ backend, ua: globalThis.navigator?.userAgent, at: Date.now() }),
    )
  } catch {
    // storage refused: the next visit times the backends again, nothing is lost
  }
}
