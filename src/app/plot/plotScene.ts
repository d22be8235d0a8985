import type { SceneHandle, SceneSource } from '../../viz/types'
import type { Session } from '../session'

/** The plot's scene as app code reaches it: its handle while the plot is mounted. */
export interface PlotScene {
  handle: SceneHandle | null
}

// Keyed by session rather than held on it: the session core knows nothing of the scene (it
// sits below the UI), while the API, exports, share links and the tour all start from the
// session.
const scenes = new WeakMap<Session, PlotScene>()

/** The plot scene of `c`'s page; `handle` is null until the plot has mounted. */
export function plotScene(c: Session): PlotScene {
  let s = scenes.get(c)
  if (!s) scenes.set(c, (s = { handle: null }))
  return s
}

/**
 * The session's live buffers as the scene's source: the newest buffers on demand, and a
 * notification per positions message, without going through React.
 */
export function sceneSource(c: Session): SceneSource {
  return { current: () => c.live, subscribe: (listener) => c.live.subscribe(listener) }
}
