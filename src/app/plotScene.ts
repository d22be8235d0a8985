import type { SceneHandle, SceneSource } from '../viz/types'
import type { Controller } from './controller'

/** The plot's scene as app code reaches it: its handle while the plot is mounted. */
export interface PlotScene {
  handle: SceneHandle | null
}

// Keyed by controller rather than held on it: the session core knows nothing of the scene (it
// sits below the UI), while the API, exports, share links and the tour all start from the
// controller.
const scenes = new WeakMap<Controller, PlotScene>()

/** The plot scene of `c`'s page; `handle` is null until the plot has mounted. */
export function plotScene(c: Controller): PlotScene {
  let s = scenes.get(c)
  if (!s) scenes.set(c, (s = { handle: null }))
  return s
}

/**
 * The controller's live buffers as the scene's source: the newest buffers on demand, and a
 * notification per positions message (the store's `version`), without going through React.
 */
export function sceneSource(c: Controller): SceneSource {
  return {
    current: () => c.live,
    subscribe: (listener) =>
      c.store.subscribe((s, prev) => {
        if (s.version !== prev.version) listener()
      }),
  }
}
