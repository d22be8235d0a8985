import { METHOD_NAMES } from '../model/projection/types'
import { useApp, useController } from './useController'

/** Over the plot: the projection in use, how much variance its axes keep, and a 2D/3D switch. */
export function ViewControls() {
  const c = useController()
  const method = useApp((s) => s.method)
  const dims = useApp((s) => s.dims)
  const explained = useApp((s) => s.explained)
  const kept = explained.reduce((a, b) => a + b, 0)
  return (
    <div className="view-controls">
      <p className="projection-info" data-testid="projection-info">
        {METHOD_NAMES[method]} {dims}D
        {explained.length > 0 && (
          <span className="muted">
            {' '}
            · axes keep {(kept * 100).toFixed(0)}% of the variance (
            {explained.map((e) => `${(e * 100).toFixed(0)}%`).join(' / ')})
          </span>
        )}
      </p>
      <div className="segmented" role="group" aria-label="Dimensions">
        {([3, 2] as const).map((d) => (
          <button
            key={d}
            aria-pressed={dims === d}
            onClick={() => c.setProjection({ method, dims: d })}
          >
            {d}D
          </button>
        ))}
      </div>
    </div>
  )
}
