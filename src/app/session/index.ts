// The session core's front door: everything outside src/app/session imports from here.
export * from './bookmarkStore'
export { BUILTINS } from './builtins'
export * from './dataset'
export type { LiveBuffers, Live } from './live'
export type { ReadResult } from './loading'
export * from './neighbours'
export {
  keepLinkedView,
  keepSession,
  keptWhole,
  primaryFirst,
  sessionSnapshot,
} from './persistence'
export * from './projection'
export * from './replay'
export { type RawKept, restoreKept } from './restoreKept'
export {
  createSession,
  dismissError,
  fail,
  type Session,
  type SessionDeps,
  showError,
  waitForPositions,
} from './session'
export * from './sprite'
export { type SavedSource, type SavedState, SessionStorage } from './storage'
export type { KeptRead } from './keptFormat'
export * from './store'
export * from './training'
export * from './view'
