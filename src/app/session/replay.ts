import type { PositionsMessage } from '../../workers/protocol'
import type { Session } from './session'

// The history scrubber: one snapshot of the vectors per epoch is kept while training (bounded,
// thinned evenly as runs get long, in `live.history`) and any of them can be laid out again. The
// projection worker warm-starts from the layout on screen, so scrubbing moves the points
// smoothly, and the neighbour list follows the replayed vectors.

/** Keeps the vectors of a new snapshot (not of a replayed one). */
export function recordSnapshot(s: Session, m: PositionsMessage): void {
  const st = s.store.getState()
  const history = s.live.history
  if (!m.vectors || st.replay !== null || st.dataset?.kind === 'vectors') return
  // A table too big to keep two of within the budget is not kept at all (no scrubbing for it).
  if (2 * m.vectors.byteLength > history.budgetBytes) return
  if (history.length && history.at(-1)!.vectors.length !== m.vectors.length) history.clear()
  try {
    history.add(st.epoch, m.step, m.vectors)
  } catch {
    history.clear() // an older epoch after a reset: start the history again
    history.add(st.epoch, m.step, m.vectors)
  }
  s.store.setState({ historyVersion: st.historyVersion + 1 })
}

export function clearReplay(s: Session): void {
  s.live.history.clear()
  s.store.setState((st) => ({ replay: null, historyVersion: st.historyVersion + 1 }))
}

/** Shows the kept snapshot nearest to `epoch` (only while training is not running). */
export function showEpoch(s: Session, epoch: number): void {
  const st = s.store.getState()
  if (st.status === 'training') return
  const history = s.live.history
  const snap = history.nearest(epoch)
  if (!snap) return
  const isLatest = snap === history.at(-1)
  s.store.setState({ replay: isLatest ? null : { epoch: snap.epoch } })
  s.workers.projection({
    type: 'replay',
    snapshot: {
      type: 'snapshot',
      run: s.runtime.run,
      step: snap.step,
      epoch: snap.epoch,
      loss: null,
      items: s.live.items,
      dim: snap.vectors.length / Math.max(s.live.items, 1),
      data: snap.vectors, // copied, not transferred: the history keeps its own
    },
  })
}

/** Back to the newest vectors. */
export function showLatest(s: Session): void {
  const latest = s.live.history.at(-1)
  if (latest) showEpoch(s, latest.epoch)
  s.store.setState({ replay: null })
}
