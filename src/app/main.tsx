import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startWorkers } from '../workers/client'
import { isAbortError, warmParser } from '../workers/parseClient'
import { createApi, type EmbeddingExplorerApi } from './api'
import { App } from './App'
import { ErrorBoundary } from './ErrorBoundary'
import { rememberedBackend } from './session/backendMemory'
import { onWorkerDead } from './session/supervise'
import { claimKeptSession } from './session/tabOwner'
import { keepInLibrary } from './library/library'
import {
  createSession,
  initialTheme,
  keepSession,
  loadBuiltin,
  onPositions,
  onQuality,
  onTrainingEvent,
  notify,
  restoreKept,
  type Session,
  SessionStorage,
  showError,
} from './session'
import { openSharedView } from './share'
import { SessionContext } from './useSession'
import { attachTimeline } from './classroom'
import './styles.css'

declare global {
  interface Window {
    embeddingExplorer: EmbeddingExplorerApi
  }
}

warmParser() // starts while the page opens, so the first load does not wait for it
let session: Session | null = null
const workers = startWorkers(
  {
    onTraining: (e) => session && onTrainingEvent(session, e),
    onPositions: (m) => session && onPositions(session, m),
    onQuality: (q) => session && onQuality(session, q),
    onError: (message) => session && showError(session, message),
    onDead: (worker, e) => session && onWorkerDead(session, worker, e),
  },
  rememberedBackend(),
)
const s = createSession({
  workers,
  fetchText: async (url) => {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`Could not fetch ${url}: ${res.status} ${res.statusText}`)
    return res.text()
  },
  theme: initialTheme(),
})
session = s
window.embeddingExplorer = createApi(s, __APP_VERSION__)
attachTimeline(s)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionContext.Provider value={s}>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </SessionContext.Provider>
  </StrictMode>,
)

// The page opens where the user left off (kept in IndexedDB), or on the bundled trees. A shared
// link opens beside the kept session, never over it: nothing is written while it is shown, and
// the next reload (its hash is cleared once read) brings the kept session back.
const storage = new SessionStorage((message) => notify(s, message))
const clearLink = () => {
  if (/(?:^#?|&)view(?:=|&|$)/.test(location.hash))
    history.replaceState(history.state, '', location.pathname + location.search)
}
// A link left in the address bar ("Copy link") is dropped once the user loads something else.
s.store.subscribe((st, prev) => st.dataset !== prev.dataset && !st.linked && clearLink())
let restored = false
let linked = false
// One tab keeps the session; a tab opened beside it works on its own, kept in the Library.
let owner = true
void (async () => {
  owner = await claimKeptSession()
  if (!owner) {
    const name = `Second tab, ${new Date().toLocaleString()}`
    await loadBuiltin(s, 'trees')
    notify(
      s,
      `Your session is open in another tab, which keeps it. This tab works on its own session, kept in the Library as "${name}".`,
    )
    keepInLibrary(s, name, (e) =>
      showError(s, `This tab's session could not be kept: ${String(e)}`),
    )
    return
  }
  const saved = await storage.load().catch(() => null)
  const hash = location.hash
  // A broken link shows a notice and is ignored; a long one asks first.
  const shared = await openSharedView(s, hash, (epochs) =>
    window.confirm(
      `This link trains the model for ${epochs} epochs, which can take minutes. Open it?`,
    ),
  ).catch(() => false)
  clearLink()
  if (shared) {
    linked = true
    return
  }
  if (saved) restored = await restoreKept(s, saved, (raw) => storage.keepAside(raw))
  if (!restored) await loadBuiltin(s, 'trees')
})()
  // A restore the user cancelled (or replaced by loading something else) is not a failure.
  .catch((e) => (isAbortError(e) ? undefined : loadBuiltin(s, 'trees')))
  .catch(() => {})
  .finally(() => owner && keepSession(s, storage, { restored, linked }))
