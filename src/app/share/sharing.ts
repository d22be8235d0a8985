import { BUILTINS } from '../session/builtins'
import type { Session } from '../session'
import { primaryFirst } from '../session/persistence'
import { plotScene } from '../plot'
import { encodeViewState, LINK_LIMITS, type ViewState } from './urlEncode'
import { applySaved, camera, isolate, loadBuiltin, notify, setProjection, train } from '../session'

/** Links that train longer than this many epochs ask before they start (minutes on a slow machine). */
export const LONG_LINK_EPOCHS = 300

/** What is on screen: projection, selection (primary first), colouring and camera. */
export function currentView(c: Session) {
  const s = c.store.getState()
  const labels = s.dataset?.labels ?? []
  const cam = plotScene(c).handle?.camera() ?? null
  // A view showing saved coordinates is of the method that made them.
  const method = s.savedLayout?.method ?? s.method
  return {
    method,
    dims: s.dims,
    params: s.projectionParams[method],
    selection: primaryFirst(s.selected, s.selection)
      .slice(0, LINK_LIMITS.items)
      .map((i) => labels[i]),
    colorBy: s.colorBy,
    labelBy: s.labelBy,
    isolate: s.isolated !== null,
    camera: cam ? { position: [...cam.position] as Vec3, target: [...cam.target] as Vec3 } : null,
  }
}

type Vec3 = [number, number, number]

/** The current view as link state, or null when the dataset is not a bundled one. */
export function currentViewState(c: Session): ViewState | null {
  const s = c.store.getState()
  if (!s.builtin || !s.dataset) return null
  const { method, dims, params, camera, ...view } = currentView(c)
  const round = (v: number) => Math.round(v * 1000) / 1000
  return {
    dataset: s.builtin,
    params: s.params,
    epoch: s.epoch,
    projection: { method, dims, params },
    ...view,
    camera: camera
      ? {
          position: camera.position.map(round) as Vec3,
          target: camera.target.map(round) as Vec3,
        }
      : null,
  }
}

/** A link to this page that reproduces the current view (bundled data only). */
export function shareUrl(c: Session, base: string): string | null {
  const state = currentViewState(c)
  if (!state) return null
  return `${base.split('#')[0]}#${encodeViewState(state)}`
}

/**
 * Opens a shared view: the bundled dataset with the link's hyperparameters, trained with the same
 * seed to the same epoch, then its projection, selection, colouring and camera. Resolves false
 * (with a notice, nothing else changed) when the hash holds a broken or hostile link, and null
 * when it holds no view at all. A link that trains for more than `LONG_LINK_EPOCHS` epochs is opened
 * only if `confirmLong` (when given: the UI asks the user, scripts do not) agrees.
 */
export async function openSharedView(
  c: Session,
  hash: string,
  confirmLong?: (epochs: number) => boolean,
): Promise<boolean | null> {
  // Most pages open without a link: the schema library loads only for one that has it.
  if (!/(?:^#?|&)view(?:=|&|$)/.test(hash)) return null
  const { decodeViewState } = await import('./urlState')
  const decoded = decodeViewState(
    hash,
    BUILTINS.map((b) => b.id),
  )
  if (decoded === null) return null
  if ('error' in decoded) {
    notify(c, `This link could not be opened, so it was ignored. ${decoded.error}.`)
    return false
  }
  const v = decoded.state
  if (v.epoch > LONG_LINK_EPOCHS && confirmLong && !confirmLong(v.epoch)) {
    notify(c, `The shared link (training to epoch ${v.epoch}) was not opened.`)
    return false
  }
  c.store.setState({ params: v.params })
  await loadBuiltin(c, v.dataset, { keepParams: true })
  setProjection(c, {
    method: v.projection.method,
    dims: v.projection.dims,
    params: v.projection.params,
  })
  if (v.epoch > 0) {
    notify(c, `Opening a shared view: training to epoch ${v.epoch} with seed ${v.params.seed}…`)
    await train(c, { epochs: v.epoch })
    notify(c, null)
  }
  applySaved(c, { selection: v.selection, colorBy: v.colorBy, labelBy: v.labelBy })
  if (v.isolate) isolate(c)
  if (v.camera) camera(c, 'set', v.camera)
  return true
}
