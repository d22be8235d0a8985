import { SpriteToggle } from '../explore'
import { useApp, useSession } from '../useSession'
import { POINT_SCALE_RANGE } from '../session/view'
import { setLabelBy, setPointScale, setTheme } from '../session'

/** The View tab's display settings: label by, point size and the colour theme. */
export function DisplayPanel() {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const labelBy = useApp((s) => s.labelBy)
  const pointScale = useApp((s) => s.pointScale)
  const theme = useApp((s) => s.theme)
  return (
    <section className="display-panel" aria-label="Display">
      <h2>Display</h2>
      <label className="field">
        <span>Label points by</span>
        <select
          value={labelBy ?? ''}
          onChange={(e) => setLabelBy(c, e.target.value === '' ? null : e.target.value)}
        >
          <option value="">item name</option>
          {(dataset?.attributes ?? []).map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Point size ×{pointScale.toFixed(2)}</span>
        <input
          type="range"
          min={Math.log2(POINT_SCALE_RANGE[0])}
          max={Math.log2(POINT_SCALE_RANGE[1])}
          step={0.25}
          value={Math.log2(pointScale)}
          onChange={(e) => setPointScale(c, 2 ** Number(e.target.value))}
        />
      </label>
      <SpriteToggle />
      <div className="field">
        <span id="theme-label">Theme</span>
        <div className="segmented" role="group" aria-labelledby="theme-label">
          {(['dark', 'light'] as const).map((t) => (
            <button key={t} aria-pressed={theme === t} onClick={() => setTheme(c, t)}>
              {t === 'dark' ? 'Dark' : 'Light'}
            </button>
          ))}
        </div>
      </div>
    </section>
  )
}
