import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startWorkers } from '../workers/client'
import { isAbortError, warmParser } from '../workers/parseClient'
import { createApi, type EmbeddingExplorerApi } from './api'
import { App } from './App'
import { rememberedBackend } from './backendMemory'
import { Controller } from './controller'
import { keepSession } from './persistence'
import { openSharedView } from './sharing'
import { SessionStorage } from './storage'
import { ControllerContext } from './useController'
import { createAppStore } from './store'
import { attachTimeline } from './timelineRecorder'
import { ViewActions } from './viewActions'
import './styles.css'

declare global {
  interface Window {
    embeddingExplorer: EmbeddingExplorerApi
  }
}

warmParser() // starts while the page opens, so the first load does not wait for it
const store = createAppStore()
let controller: Controller | null = null
const workers = startWorkers(
  {
    onTraining: (e) => controller?.onTraining(e),
    onPositions: (m) => controller?.onPositions(m),
    onQuality: (q) => controller?.layout.onQuality(q),
    onError: (message) => controller?.onError(message),
  },
  rememberedBackend(),
)
controller = new Controller(store, workers, async (url) => {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`Could not fetch ${url}: ${res.status} ${res.statusText}`)
  return res.text()
})
window.embeddingExplorer = createApi(controller, __APP_VERSION__)
attachTimeline(controller)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
)

// The page opens where the user left off (kept in IndexedDB), or on the bundled trees.
const storage = new SessionStorage()
const c = controller
let restored = false
store.setState({ theme: ViewActions.initialTheme() })
void storage
  .load()
  .catch(() => null)
  .then(async (saved) => {
    // A shared link wins over the kept session; a broken one shows a notice and is ignored.
    const shared = await openSharedView(c, location.hash).catch(() => false)
    if (shared) return
    if (saved) {
      await c.restore(saved)
      restored = true
    } else await c.loadBuiltin('trees')
  })
  // A restore the user cancelled (or replaced by loading something else) is not a failure.
  .catch((e) => (isAbortError(e) ? undefined : c.loadBuiltin('trees')))
  .catch(() => {})
  .finally(() => keepSession(c, storage, restored))
