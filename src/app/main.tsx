import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startWorkers } from '../workers/client'
import { isAbortError, warmParser } from '../workers/parseClient'
import { createApi, type EmbeddingExplorerApi } from './api'
import { App } from './App'
import { ErrorBoundary } from './ErrorBoundary'
import { rememberedBackend } from './session/backendMemory'
import {
  createSession,
  initialTheme,
  keepSession,
  loadBuiltin,
  onPositions,
  onQuality,
  onTrainingEvent,
  restore,
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

// The page opens where the user left off (kept in IndexedDB), or on the bundled trees.
const storage = new SessionStorage()
let restored = false
void storage
  .load()
  .catch(() => null)
  .then(async (saved) => {
    // A shared link wins over the kept session; a broken one shows a notice and is ignored.
    const shared = await openSharedView(s, location.hash).catch(() => false)
    if (shared) return
    if (saved) {
      await restore(s, saved)
      restored = true
    } else await loadBuiltin(s, 'trees')
  })
  // A restore the user cancelled (or replaced by loading something else) is not a failure.
  .catch((e) => (isAbortError(e) ? undefined : loadBuiltin(s, 'trees')))
  .catch(() => {})
  .finally(() => keepSession(s, storage, restored))
