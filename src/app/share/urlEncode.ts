import { PROJECTION_PARAMS } from '../../model/projection/params'
import type { ProjectionMethod } from '../../model/projection/types'
import {
  DEFAULT_TRAIN_PARAMS,
  TRAIN_PARAM_LIST,
  type TrainParams,
} from '../../model/training/params'

// Writing a shared link's state. Reading it back (urlState.ts, with zod) is loaded only when a
// page opens with such a link, so the main bundle does not carry the schema library.

/** Everything a shared link restores: dataset, run, projection, selection and camera. */
export interface ViewState {
  /** Id of a bundled dataset (one of the builtins passed to decodeViewState). */
  dataset: string
  /** Training hyperparameters, all of them (defaults filled in). */
  params: TrainParams
  /** Epoch to train to. Default 0, range 0–10,000. */
  epoch: number
  /** Projection method, dims (default 3) and its parameters (all of them, defaults filled in). */
  projection: { method: ProjectionMethod; dims: 2 | 3; params: Record<string, number> }
  /** Selected item labels; the first is the primary item whose neighbours are shown. */
  selection: string[]
  /** Attribute the points are coloured by, or null for the app's default. */
  colorBy: string | null
  /** Attribute the labels show, or null for item labels. */
  labelBy: string | null
  /** Whether only the selection (and its neighbours) is shown. Default false. */
  isolate: boolean
  /** Camera position and target, each coordinate finite within ±1000; null to fit the data. */
  camera: { position: [number, number, number]; target: [number, number, number] } | null
}

/** Format version written as `view=1`; a link with any other version is refused. */
export const VIEW_FORMAT_VERSION = 1

/**
 * Limits on a link, which may come from anyone: hash length in characters (without '#'), length
 * of a selected label or attribute name, selected items, highest epoch, and largest absolute
 * camera coordinate. The UI can compare a link's length with `hash` before offering it.
 */
export const LINK_LIMITS = { hash: 65_536, label: 500, items: 1000, epoch: 10_000, camera: 1000 }

/** Lone UTF-16 surrogates (possible in JSON input) would make encodeURIComponent throw. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Percent-encodes a value for the hash, readably: a space becomes '+'. */
const enc = (s: string) =>
  encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD')).replace(/%20/g, '+')

/**
 * Writes a view as a readable hash (without '#'), e.g.
 * `view=1&data=trees&epoch=20&method=umap&dims=2&p.nNeighbors=10&sel=Coast+redwood&cam=0,0,5,0,0,0`
 * Values equal to their defaults are left out so links stay short.
 */
export function encodeViewState(s: ViewState): string {
  const parts = [`view=${VIEW_FORMAT_VERSION}`, `data=${enc(s.dataset)}`]
  const put = (key: string, v: string | number) => parts.push(`${key}=${enc(String(v))}`)
  const { method, dims, params } = s.projection
  if (s.epoch !== 0) put('epoch', s.epoch)
  if (method !== 'pca') put('method', method)
  if (dims !== 3) put('dims', dims)
  for (const d of PROJECTION_PARAMS[method]) {
    const v = params[d.key]
    if (v !== undefined && v !== d.default) put(`p.${d.key}`, v)
  }
  for (const [k, spec] of TRAIN_PARAM_LIST)
    if (s.params[k] !== DEFAULT_TRAIN_PARAMS[k]) put(spec.url, s.params[k])
  for (const label of s.selection) put('sel', label)
  if (s.colorBy !== null) put('color', s.colorBy)
  if (s.labelBy !== null) put('label', s.labelBy)
  if (s.isolate) put('isolate', 1)
  if (s.camera)
    parts.push(
      `cam=${[...s.camera.position, ...s.camera.target].map((n) => enc(String(n))).join(',')}`,
    )
  return parts.join('&')
}
