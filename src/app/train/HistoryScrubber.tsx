import { useApp, useSession } from '../useSession'
import { showEpoch, showLatest } from '../session'

/** Replays the training: a slider over the kept epochs that lays out the vectors of that epoch. */
export function HistoryScrubber() {
  const c = useSession()
  useApp((s) => s.historyVersion)
  const replay = useApp((s) => s.replay)
  const status = useApp((s) => s.status)
  const kind = useApp((s) => s.dataset?.kind)
  const snaps = c.live.history.snapshots()
  if (kind === 'vectors' || snaps.length < 2) return null
  const first = snaps[0].epoch
  const last = snaps[snaps.length - 1].epoch
  const shown = replay?.epoch ?? last
  const training = status === 'training'
  return (
    <section className="history" aria-label="Replay training" data-testid="history">
      <h2>Replay training</h2>
      <input
        type="range"
        min={first}
        max={last}
        step={1}
        value={shown}
        disabled={training}
        aria-label="Epoch to show"
        aria-valuetext={`epoch ${shown} of ${last}`}
        onChange={(e) => showEpoch(c, Number(e.target.value))}
      />
      <p className="small muted">
        {training
          ? 'Pause training to scrub back through it.'
          : replay
            ? `Showing epoch ${replay.epoch} of ${last}: the plot and the neighbours are as they were then.`
            : `Newest: epoch ${last}. ${snaps.length} epochs kept; drag to go back.`}
      </p>
      {replay && (
        <button className="link" onClick={() => showLatest(c)}>
          Back to epoch {last}
        </button>
      )}
    </section>
  )
}
