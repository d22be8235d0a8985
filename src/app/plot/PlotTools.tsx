import { useApp, useSession } from '../useSession'
import { camera, setAutoRotate, setKeysOpen, setPresenter, setSelectTool } from '../session'

/** Floating camera and selection tools in the plot's corner: fit, reset, rotate (3D) or lasso/box (2D). */
export function PlotTools() {
  const c = useSession()
  const dims = useApp((s) => s.dims)
  const autoRotate = useApp((s) => s.autoRotate)
  const tool = useApp((s) => s.selectTool)
  const presenter = useApp((s) => s.presenter)
  return (
    <div className="plot-tools" role="toolbar" aria-label="Camera and selection tools">
      <button onClick={() => camera(c, 'fit-data')} title="Zoom so every point shows">
        Fit all
      </button>
      <button onClick={() => camera(c, 'reset')} title="Back to the starting view">
        Reset view
      </button>
      {dims === 3 ? (
        <button
          aria-pressed={autoRotate}
          onClick={() => setAutoRotate(c, !autoRotate)}
          title="Turn the plot slowly around its centre"
        >
          Auto-rotate
        </button>
      ) : (
        (['lasso', 'box'] as const).map((t) => (
          <button
            key={t}
            aria-pressed={tool === t}
            onClick={() => setSelectTool(c, t)}
            title={`Drag on the plot to select with a ${t} (Shift adds); right-drag pans`}
          >
            {t === 'lasso' ? 'Lasso select' : 'Box select'}
          </button>
        ))
      )}
      <button
        aria-pressed={presenter}
        onClick={() => setPresenter(c, !presenter)}
        title="Large type and only the essential controls, for a projector (key M)"
      >
        Presenter
      </button>
      <button onClick={() => setKeysOpen(c, true)} title="Keyboard shortcuts (?)">
        Keys ?
      </button>
    </div>
  )
}
