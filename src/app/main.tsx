import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startWorkers } from '../workers/client'
import { createApi, type EmbeddingExplorerApi } from './api'
import { App } from './App'
import { Controller } from './controller'
import { ControllerContext } from './useController'
import { createAppStore } from './store'
import './styles.css'

declare global {
  interface Window {
    embeddingExplorer: EmbeddingExplorerApi
  }
}

const store = createAppStore()
let controller: Controller | null = null
const workers = startWorkers({
  onTraining: (e) => controller?.onTraining(e),
  onPositions: (m) => controller?.onPositions(m),
  onQuality: (q) => controller?.onQuality(q),
  onError: (message) => controller?.onError(message),
})
controller = new Controller(store, workers, async (url) => {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`Could not fetch ${url}: ${res.status} ${res.statusText}`)
  return res.text()
})
window.embeddingExplorer = createApi(controller, __APP_VERSION__)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
)

// The page opens on the bundled trees so there is something to look at straight away.
void controller.loadBuiltin('trees').catch(() => {})
