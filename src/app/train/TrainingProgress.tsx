import { metricLabel } from '../explore'
import { useApp } from '../useSession'
import { compact, duration, progressFigures } from './progress'

const UNIT = { groups: 'pairs', table: 'rows', pairs: 'interactions', vectors: '' } as const
/** The held-out figure shown beside the speed: the first the objective reports. */
const HELD_OUT = ['heldOutCosineAuc', 'heldOutAuc', 'heldOutRmse']

/**
 * What was chosen for this dataset and why, then the live speed (examples a second), epoch n of N
 * with time left, and the held-out score: the figures that say how a long run is going.
 */
export function TrainingProgress() {
  const fitted = useApp((s) => s.fitted)
  const params = useApp((s) => s.params)
  const kind = useApp((s) => s.dataset?.kind ?? 'table')
  const status = useApp((s) => s.status)
  const epoch = useApp((s) => s.epoch)
  const step = useApp((s) => s.step)
  const stepsPerSecond = useApp((s) => s.stepsPerSecond)
  const stepsPerEpoch = useApp((s) => s.stepsPerEpoch)
  const metrics = useApp((s) => s.metrics)
  if (kind === 'vectors') return null
  const f = progressFigures(params, { step, stepsPerSecond, stepsPerEpoch, trainTarget: null })
  const heldOut = HELD_OUT.find((k) => metrics[k] !== undefined)
  const running = status === 'training' && f.examplesPerSecond > 0
  return (
    <div className="training-progress">
      {fitted && (
        <p className="small" data-testid="fitted-reason">
          Chosen for this dataset: {fitted.reason} Every value can be changed below.
        </p>
      )}
      <p className="small" data-testid="training-progress" aria-live="off">
        Epoch {epoch}
        {f.ofEpochs !== null && ` of ${f.ofEpochs}`}
        {running && ` · ${compact(f.examplesPerSecond)} ${UNIT[kind]}/s`}
        {running &&
          f.secondsLeft !== null &&
          f.secondsLeft > 0 &&
          ` · ${duration(f.secondsLeft)} left`}
        {heldOut && ` · ${metricLabel(heldOut)} ${metrics[heldOut].toFixed(3)}`}
      </p>
    </div>
  )
}
