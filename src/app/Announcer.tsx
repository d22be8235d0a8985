import { useEffect } from 'react'
import { useApp, useSession } from './useSession'
import { announce, neighboursOf } from './session'

/**
 * A polite live region for screen readers: the neighbour tour's steps, and on each new selection
 * the item and its nearest neighbour. Visually hidden.
 */
export function Announcer() {
  const c = useSession()
  const text = useApp((s) => s.announcement)
  useEffect(
    () =>
      c.store.subscribe((s, prev) => {
        if (s.selected === prev.selected || s.selected === null || !s.dataset) return
        if (s.tour?.anchor === s.selected) return // the tour announces for itself
        const label = s.dataset.labels[s.selected]
        const [top] = neighboursOf(c, s.selected, 1, s.metric)
        const near = top
          ? ` Nearest: ${top.label}, ${s.metric === 'cosine' ? `similarity ${top.similarity.toFixed(2)}` : `distance ${top.distance.toPrecision(3)}`}.`
          : ''
        announce(c, `Selected ${label}.${near}`)
      }),
    [c],
  )
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  )
}
