import { RAMP_CSS } from '../../viz/palette'
import { type Coloring, PRESERVATION } from './useColoring'
import { useApp, useSession } from '../useSession'
import { measureQuality, setColorAs, setColorBy } from '../session'
import { crashIfAsked } from '../crashIfAsked'

/** The key starts folded on short screens (a projector at 720 px), where it would cover the plot. */
const KEY_OPEN = (globalThis.innerHeight ?? 1080) >= 800

/** Colour key for the current colouring, with a picker for another attribute or for preservation. */
export function Legend({ coloring }: { coloring: Coloring | null }) {
  crashIfAsked('Legend')
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const colorBy = useApp((s) => s.colorBy)
  const quality = useApp((s) => s.quality)
  const colorAs = useApp((s) => s.colorAs)
  const attributes = dataset?.attributes ?? []
  const numeric = attributes.find((a) => a.name === colorBy)?.kind === 'numeric'
  const asCategories = coloring?.kind === 'categorical'
  return (
    <aside className="legend" aria-label="Colour legend">
      <label className="field">
        <span>Colour by</span>
        <select
          value={colorBy ?? ''}
          onChange={(e) => {
            setColorBy(c, e.target.value === '' ? null : e.target.value)
            if (e.target.value === PRESERVATION && !quality) measureQuality(c, 10)
          }}
        >
          <option value="">none</option>
          {attributes.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
          <option value={PRESERVATION}>neighbour preservation</option>
        </select>
      </label>
      {numeric && (
        <div className="field" role="radiogroup" aria-label="Treat the numbers as">
          <label>
            <input
              type="radio"
              name="color-as"
              checked={asCategories}
              onChange={() => setColorAs(c, 'categories')}
            />
            as categories
          </label>
          <label>
            <input
              type="radio"
              name="color-as"
              checked={!asCategories}
              onChange={() => setColorAs(c, 'numbers')}
            />
            as numbers
          </label>
          {colorAs === 'auto' && <span className="small muted">(up to 50 values: categories)</span>}
        </div>
      )}
      {coloring?.kind === 'categorical' && (
        <details open={KEY_OPEN}>
          <summary>Key</summary>
          <ul>
            {coloring.legend.map((e) => (
              <li key={e.label}>
                <span className="swatch" style={{ background: e.color }} />
                <span className="legend-label">{e.label}</span>
                <span className="count">{e.count}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {coloring?.kind === 'ramp' && (
        <div className="ramp">
          <span className="ramp-bar" style={{ background: RAMP_CSS }} />
          <span className="ramp-ends">
            <span>{coloring.low}</span>
            <span>{coloring.high}</span>
          </span>
        </div>
      )}
      {colorBy === PRESERVATION && !coloring && <p className="small muted">Measuring…</p>}
    </aside>
  )
}
