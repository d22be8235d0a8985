import type { LessonHost } from './lesson'
import type { PredictHost } from './prediction'
import {
  applyParams,
  camera,
  loadBuiltin,
  neighboursOf,
  reset,
  selectLabel,
  type Session,
  setColorBy,
  setProjection,
  train,
} from '../session'

/** The narrow interface the prediction puzzle needs, over the session. */
export function predictHost(s: Session): PredictHost {
  return {
    store: s.store,
    neighboursOf: (i, k, metric) => neighboursOf(s, i, k, metric),
    select: (label) => selectLabel(s, label),
  }
}

/** The narrow interface the lesson needs, over the session. */
export function lessonHost(s: Session): LessonHost {
  return {
    store: s.store,
    neighboursOf: (i, k, metric) => neighboursOf(s, i, k, metric),
    select: (label) => selectLabel(s, label),
    live: s.live,
    view: { setColorBy: (name) => setColorBy(s, name), camera: (kind) => camera(s, kind) },
    layout: { setProjection: (p) => setProjection(s, p) },
    loadBuiltin: (id) => loadBuiltin(s, id),
    train: (opts) => train(s, opts),
    reset: (seed) => reset(s, seed),
    applyParams: (p) => applyParams(s, p),
  }
}
