import { useState } from 'react'
import { BACKEND_ORDER, type BackendName } from '../../model/training/backendNames'
import { helpText, isChoice } from '../../model/paramSpec'
import { TRAIN_PARAM_LIST, TRAIN_PARAMS, type TrainParams } from '../../model/training/params'
import { metricLabel } from '../explore'
import { useApp, useSession } from '../useSession'
import { TrainingProgress } from './TrainingProgress'
import { applyParams, setBackend, setSpeed, setTrainFor } from '../session'

/** Speeds a teacher can pick, in steps per second; null is full speed. */
const SPEEDS: { label: string; value: number | null }[] = [
  { label: 'Full speed', value: null },
  { label: '100 steps/s', value: 100 },
  { label: '20 steps/s', value: 20 },
  { label: '5 steps/s', value: 5 },
  { label: '1 step/s', value: 1 },
]

/** Hyperparameters (applied by restarting the run), backend, speed and the objective's figures. */
export function TrainingPanel() {
  const c = useSession()
  const params = useApp((s) => s.params)
  const kind = useApp((s) => s.dataset?.kind ?? 'table')
  const backend = useApp((s) => s.backend)
  const forced = useApp((s) => s.backendForced)
  const trials = useApp((s) => s.backendTrials)
  const reason = useApp((s) => s.backendReason)
  const speed = useApp((s) => s.speed)
  const trainFor = useApp((s) => s.trainFor)
  const metrics = useApp((s) => s.metrics)
  const [draft, setDraft] = useState<TrainParams>(params)
  const [editing, setEditing] = useState(false)
  const [focused, setFocused] = useState<keyof TrainParams>('dim')
  const shown = editing ? draft : params
  const changed = editing && JSON.stringify(draft) !== JSON.stringify(params)
  const edit = (p: Partial<TrainParams>) => {
    setDraft({ ...shown, ...p })
    setEditing(true)
  }

  return (
    <div className="training-panel">
      <TrainingProgress />
      {/* Validated by validateTrainParams, whose message names the bad value; the browser's own
          step/min checks would silently block the submit instead. */}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          try {
            applyParams(c, draft)
            setEditing(false)
          } catch {
            // The message is shown in the error banner; the form keeps the draft to fix.
          }
        }}
      >
        {TRAIN_PARAM_LIST.filter(([, d]) => kind !== 'vectors' && d.usedBy.includes(kind)).map(
          ([key, d]) => (
            <label key={key} className="param" title={helpText(d)}>
              <span className="param-name">{d.label}</span>
              {isChoice(d) ? (
                <select
                  aria-label={d.label}
                  aria-describedby="param-help"
                  onFocus={() => setFocused(key)}
                  value={shown[key]}
                  onChange={(e) => edit({ [key]: e.target.value })}
                >
                  {Object.entries(d.choices).map(([value, name]) => (
                    <option key={value} value={value}>
                      {name}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  aria-label={d.label}
                  aria-describedby="param-help"
                  onFocus={() => setFocused(key)}
                  type="number"
                  min={d.min}
                  max={d.max}
                  step={d.integer ? 1 : 'any'}
                  value={shown[key]}
                  onChange={(e) => edit({ [key]: Number(e.target.value) })}
                />
              )}
            </label>
          ),
        )}
        {/* Below the buttons, so its changing height never moves them under the pointer. */}
        <div className="form-actions">
          <button type="submit" disabled={!changed}>
            Apply and restart
          </button>
          {changed && (
            <button type="button" onClick={() => setEditing(false)}>
              Undo
            </button>
          )}
        </div>
        <p className="param-help" id="param-help" aria-live="polite">
          {helpText(TRAIN_PARAMS[focused])}
        </p>
      </form>

      <label
        className="param"
        title="How long the Train button trains: until you pause, or a fixed number of epochs."
      >
        <span className="param-name">Train for</span>
        <select
          aria-label="Train for"
          value={trainFor === null ? '' : String(trainFor)}
          onChange={(e) => setTrainFor(c, e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">until paused</option>
          {[10, 30, 100, 300].map((n) => (
            <option key={n} value={n}>
              {n} epochs
            </option>
          ))}
        </select>
      </label>
      <label className="param">
        <span className="param-name">Speed</span>
        <select
          aria-label="Speed"
          value={speed === null ? '' : String(speed)}
          onChange={(e) => setSpeed(c, e.target.value === '' ? null : Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s.label} value={s.value === null ? '' : String(s.value)}>
              {s.label}
            </option>
          ))}
        </select>
      </label>

      <label
        className="param"
        title="Which TensorFlow.js backend trains the model. Switching restarts the run."
      >
        <span className="param-name">Backend</span>
        <select
          aria-label="Backend"
          value={forced && backend ? backend : 'auto'}
          onChange={(e) => setBackend(c, e.target.value as BackendName | 'auto')}
        >
          <option value="auto">Automatic (fastest correct)</option>
          {BACKEND_ORDER.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <p className="small muted" data-testid="backend-reason">
        {reason || 'Trying each backend…'}
      </p>
      {trials.length > 0 && (
        <table className="trials">
          <caption className="small muted">Backend check and timing</caption>
          <tbody>
            {trials.map((t) => (
              <tr key={t.backend}>
                <th scope="row">{t.backend}</th>
                <td>{t.ok ? `${t.msPerStep!.toFixed(1)} ms/step` : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {Object.keys(metrics).length > 0 && (
        <>
          <h3>How well it has learned</h3>
          <dl className="metrics">
            {Object.entries(metrics).map(([k, v]) => (
              <div key={k}>
                <dt>{metricLabel(k)}</dt>
                <dd>{Number.isInteger(v) ? v : v.toFixed(3)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  )
}
