import type { ProjectionMethod } from '../../model/projection/types'
import type { Session } from '../session'
import { stepTour } from './tour'
import {
  announce,
  camera,
  clearSelection,
  pause,
  setAutoRotate,
  setKeysOpen,
  setPresenter,
  setProjection,
  step,
  train,
} from '../session'

/** The keyboard shortcuts, in the order the key overlay lists them. */
export const SHORTCUTS: Array<{ keys: string; action: string }> = [
  { keys: 'Space', action: 'Train / pause' },
  { keys: '→', action: 'One training step' },
  { keys: 'N / Shift+N', action: 'Next / previous neighbour' },
  { keys: 'P', action: 'Next projection (PCA, UMAP, t-SNE)' },
  { keys: 'D', action: '2D / 3D' },
  { keys: 'F', action: 'Fit all points in view' },
  { keys: 'R', action: 'Auto-rotate on / off' },
  { keys: 'M', action: 'Presenter mode on / off' },
  { keys: 'Esc', action: 'Clear the selection' },
  { keys: '?', action: 'Show / hide these keys' },
]

const METHODS: ProjectionMethod[] = ['pca', 'umap', 'tsne']

/** True when the key belongs to what has focus (typing in a field, a focused button's Space). */
function ownedByFocus(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null
  if (!t?.closest) return false
  if (t.closest('input, textarea, select, [contenteditable="true"]')) return true
  return e.key === ' ' && t.closest('button, a, summary, [role="tab"]') !== null
}

/** Handles one key press; returns true when it was a shortcut (and was acted on). */
export function handleShortcut(c: Session, e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || ownedByFocus(e)) return false
  const s = c.store.getState()
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  switch (key) {
    case ' ':
      if (s.status === 'training') pause(c)
      else if (s.dataset && s.dataset.kind !== 'vectors' && s.backend)
        void train(c, s.trainFor ? { epochs: s.trainFor } : {}).catch(() => {})
      return true
    case 'ArrowRight':
      step(c)
      return true
    case 'n':
      stepTour(c, e.shiftKey ? -1 : 1)
      return true
    case 'p': {
      const next = METHODS[(METHODS.indexOf(s.method) + 1) % METHODS.length]
      setProjection(c, { method: next })
      announce(c, `Projection: ${next.toUpperCase()}`)
      return true
    }
    case 'd':
      setProjection(c, { method: s.method, dims: s.dims === 3 ? 2 : 3 })
      return true
    case 'f':
      camera(c, 'fit-data')
      return true
    case 'r':
      setAutoRotate(c, !s.autoRotate)
      return true
    case 'm':
      setPresenter(c, !s.presenter)
      return true
    case 'Escape':
      if (s.keysOpen) setKeysOpen(c, false)
      else clearSelection(c)
      return true
    case '?':
      setKeysOpen(c, !s.keysOpen)
      return true
    default:
      return false
  }
}
