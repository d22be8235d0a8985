import { TrainingHistory } from '../model/history'
import type { WorkerClient } from '../workers/client'
import type { PositionsMessage } from '../workers/protocol'
import type { LiveBuffers } from './live'
import type { AppStore } from './store'

/** Memory the replay history may use; older snapshots are thinned to stay within it. */
const HISTORY_BYTES = 64 * 2 ** 20

/**
 * The history scrubber: keeps one snapshot of the vectors per epoch while training (bounded,
 * thinned evenly as runs get long) and can lay out any of them again. The projection worker
 * warm-starts from the layout on screen, so scrubbing moves the points smoothly, and the
 * neighbour list follows the replayed vectors.
 */
export class ReplayActions {
  readonly history = new TrainingHistory(HISTORY_BYTES)

  constructor(
    private readonly store: AppStore,
    private readonly workers: WorkerClient,
    private readonly live: LiveBuffers,
    private readonly run: () => number,
  ) {}

  /** Keeps the vectors of a new snapshot (not of a replayed one). */
  record(m: PositionsMessage): void {
    const s = this.store.getState()
    if (!m.vectors || s.replay !== null || s.dataset?.kind === 'vectors') return
    if (this.history.length && this.history.at(-1)!.vectors.length !== m.vectors.length)
      this.history.clear()
    try {
      this.history.add(s.epoch, m.step, m.vectors)
      this.store.setState({ historyVersion: s.historyVersion + 1 })
    } catch {
      this.history.clear() // an older epoch after a reset: start the history again
      this.history.add(s.epoch, m.step, m.vectors)
    }
  }

  clear(): void {
    this.history.clear()
    this.store.setState((s) => ({ replay: null, historyVersion: s.historyVersion + 1 }))
  }

  /** Shows the kept snapshot nearest to `epoch` (only while training is not running). */
  show(epoch: number): void {
    const s = this.store.getState()
    if (s.status === 'training') return
    const snap = this.history.nearest(epoch)
    if (!snap) return
    const latest = this.history.at(-1)!
    const isLatest = snap === latest
    this.store.setState({ replay: isLatest ? null : { epoch: snap.epoch } })
    this.workers.projection({
      type: 'replay',
      snapshot: {
        type: 'snapshot',
        run: this.run(),
        step: snap.step,
        epoch: snap.epoch,
        loss: null,
        items: this.live.items,
        dim: snap.vectors.length / Math.max(this.live.items, 1),
        data: snap.vectors, // copied on its way to the worker: the history keeps its own
      },
    })
  }

  /** Back to the newest vectors. */
  toLive(): void {
    const latest = this.history.at(-1)
    if (latest) this.show(latest.epoch)
    this.store.setState({ replay: null })
  }
}
