import { METHOD_NAMES, type ProjectionMethod } from '../../model/projection/types'
import { PROJECTOR_PROJECTION_NAMES } from '../session/projectorLayout'
import { useApp, useSession } from '../useSession'
import {
  perturbLayout,
  restartLayout,
  setLayoutRunning,
  setProjection,
  togglePanel,
} from '../session'

const METHODS: ProjectionMethod[] = ['pca', 'umap', 'tsne']

/** Folds a side panel away (or back), with its arrow pointing the way the panel will move. */
function PanelToggle({ side }: { side: 'left' | 'right' }) {
  const c = useSession()
  const collapsed = useApp((s) => s.collapsed[side])
  const what = side === 'left' ? 'the side panel' : 'the neighbour panel'
  const label = `${collapsed ? 'Show' : 'Hide'} ${what}`
  const points = (side === 'left') === collapsed ? '»' : '«'
  return (
    <button
      className={side === 'left' ? 'panel-toggle' : 'panel-toggle right'}
      aria-pressed={collapsed}
      aria-label={label}
      title={label}
      onClick={() => togglePanel(c, side)}
    >
      {points}
    </button>
  )
}

/** Over the plot: method and 2D/3D switches, the layout's progress, and what PCA's axes keep. */
export function ViewControls() {
  const c = useSession()
  const method = useApp((s) => s.method)
  const dims = useApp((s) => s.dims)
  const explained = useApp((s) => s.explained)
  const iteration = useApp((s) => s.projectionStep)
  const running = useApp((s) => s.layoutRunning)
  const axes = useApp((s) => s.axes)
  const sampled = useApp((s) => s.sampled)
  // Coordinates a saved view brought (a Projector bookmark's), shown under 'precomputed'.
  const saved = useApp((s) => s.savedLayout?.layout)
  // The 'precomputed' choice is there when the dataset brought x, y (z) columns.
  const hasLayout = useApp((s) => s.dataset?.kind === 'vectors' && s.dataset.layout !== undefined)
  const methods = hasLayout ? [...METHODS, 'precomputed' as const] : METHODS
  const layoutMethod = method === 'umap' || method === 'tsne'
  const kept = explained.reduce((a, b) => a + b, 0)
  return (
    <div className="view-controls">
      <div className="view-row">
        <PanelToggle side="left" />
        <div className="segmented" role="group" aria-label="Projection method">
          {methods.map((m) => (
            <button
              key={m}
              aria-pressed={saved ? saved.source === m : method === m}
              onClick={() => setProjection(c, { method: m })}
            >
              {METHOD_NAMES[m]}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Dimensions">
          {([3, 2] as const).map((d) => (
            <button
              key={d}
              aria-pressed={dims === d}
              onClick={() => setProjection(c, { method, dims: d })}
            >
              {d}D
            </button>
          ))}
        </div>
        {layoutMethod && (
          <div className="segmented" role="group" aria-label="Layout">
            <button
              onClick={() => setLayoutRunning(c, !running)}
              aria-pressed={!running}
              title={running ? 'Pause the layout (training goes on)' : 'Run the layout again'}
            >
              {running ? 'Pause' : 'Run'}
            </button>
            <button
              onClick={() => perturbLayout(c)}
              title="Shake the points by 10% and let the layout settle again"
            >
              Perturb
            </button>
            <button
              onClick={() => restartLayout(c)}
              title="Start the layout again from a fresh random start"
            >
              Re-run
            </button>
          </div>
        )}
        <PanelToggle side="right" />
      </div>
      <p
        className="projection-info"
        data-testid="projection-info"
        title="How the vectors are drawn. PCA: the share of the vectors' spread each axis shows."
      >
        {saved ? PROJECTOR_PROJECTION_NAMES[saved.source] : METHOD_NAMES[method]} {dims}D
        {saved && (
          <span className="muted" data-testid="saved-layout">
            {saved.computedFrom
              ? ` · from the Projector's searches (${saved.computedFrom})`
              : ' · as saved in the Projector'}
            {saved.iteration !== undefined && `, iteration ${saved.iteration}`}
          </span>
        )}
        {method === 'pca' && explained.length > 0 && (
          <span className="muted">
            {' '}
            · axes keep {(kept * 100).toFixed(0)}% of the variance (
            {explained.map((e, i) => `PC${axes[i]} ${(e * 100).toFixed(0)}%`).join(' / ')})
          </span>
        )}
        {method === 'precomputed' && !saved && (
          <span className="muted"> · the layout that came with the data</span>
        )}
        {layoutMethod && (
          <span className="muted" data-testid="projection-iteration">
            {' '}
            · iteration {iteration}
          </span>
        )}
        {sampled && (
          <span className="sample-note" data-testid="sample-note">
            {' '}
            · showing a random sample of {sampled.shown.toLocaleString('en')} of{' '}
            {sampled.total.toLocaleString('en')} points
          </span>
        )}
      </p>
    </div>
  )
}
