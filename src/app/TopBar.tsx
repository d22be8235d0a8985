import { trainingBackend } from '../model/training/backendNames'
import { useEffect } from 'react'
import { useStore } from 'zustand'
import { BUILTINS } from './session/builtins'
import { libraryState, openRun, refreshLibrary, showLibrary } from './library'
import { ExportMenu } from './export'
import { OpenFiles } from './data'
import { useApp, useSession } from './useSession'
import { loadBuiltin, pause, reset, showError, step, trainButton } from './session'

/** Values of the dataset menu's entries that are not bundled datasets. */
const LIBRARY = '__library__'
const RUN = '__run__:'

function formatLoss(loss: number | null): string {
  return loss === null ? '–' : loss.toFixed(3)
}

/** Dataset choice, training controls and the live training status. */
export function TopBar() {
  const c = useSession()
  const status = useApp((s) => s.status)
  const builtin = useApp((s) => s.builtin)
  const summary = useApp((s) => s.summary)
  const epoch = useApp((s) => s.epoch)
  const loss = useApp((s) => s.loss)
  const stepsPerSecond = useApp((s) => s.stepsPerSecond)
  // The backend that trains this dataset (a 'js' choice trains tables and pairs on its tfjs companion).
  const backend = useApp((s) =>
    trainingBackend(s.backend, s.backendTf, s.summary?.kind, s.params.optimizer),
  )
  const reason = useApp((s) => s.backendReason)
  const runs = useStore(libraryState, (l) => l.entries)
  useEffect(() => {
    refreshLibrary().catch(() => {}) // an unavailable library just lists nothing
  }, [])
  const training = status === 'training'
  // Training can be asked for at once: the worker starts on the first backend that passes its check.
  const canTrain = summary !== null && summary.kind !== 'vectors'

  return (
    <header className="topbar">
      <h1>Embedding Explorer</h1>
      <label className="field">
        <span>Dataset</span>
        <select
          value={builtin ?? ''}
          onChange={(e) => {
            const v = e.target.value
            if (v === LIBRARY) showLibrary(true)
            else if (v.startsWith(RUN))
              openRun(c, v.slice(RUN.length)).catch((err) =>
                showError(c, String(err?.message ?? err)),
              )
            else void loadBuiltin(c, v).catch(() => {})
          }}
          disabled={training}
        >
          {builtin === null && <option value="">{summary?.name ?? 'choose…'}</option>}
          <optgroup label="Bundled">
            {BUILTINS.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </optgroup>
          {runs.length > 0 && (
            <optgroup label="Saved runs">
              {runs.slice(0, 20).map((r) => (
                <option key={r.id} value={RUN + r.id}>
                  {r.name}
                </option>
              ))}
            </optgroup>
          )}
          <option value={LIBRARY}>Library…</option>
        </select>
      </label>
      <div className="pm-hide">
        <OpenFiles />
      </div>
      <button
        className="primary"
        disabled={!canTrain}
        onClick={() => (training ? pause(c) : void trainButton(c).catch(() => {}))}
      >
        {training ? 'Pause' : epoch > 0 ? 'Resume' : 'Train'}
      </button>
      <button
        className="pm-hide"
        disabled={!canTrain || training}
        onClick={() => step(c)}
        title="Train one batch, then stop"
      >
        Step
      </button>
      <button
        className="pm-hide"
        disabled={!summary}
        onClick={() => reset(c)}
        title="New random starting vectors (new seed)"
      >
        Reset
      </button>
      <div className="pm-hide">
        <ExportMenu />
      </div>
      <dl className="stats" aria-live="off">
        <div>
          <dt>Epoch</dt>
          <dd data-testid="epoch">{epoch}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="loss">{formatLoss(loss)}</dd>
        </div>
        <div className="pm-hide">
          <dt>Steps/s</dt>
          <dd>{training ? Math.round(stepsPerSecond) : '–'}</dd>
        </div>
        <div title={reason} className="pm-hide">
          <dt>Backend</dt>
          <dd data-testid="backend">{backend ?? 'choosing…'}</dd>
        </div>
      </dl>
    </header>
  )
}
