import type { LegendEntry } from '../viz/palette'
import { useApp, useController } from './useController'

/** Colour key for the attribute the points are coloured by, with a picker for another one. */
export function Legend({ title, entries }: { title: string; entries: LegendEntry[] }) {
  const c = useController()
  const dataset = useApp((s) => s.dataset)
  const attributes = dataset?.attributes ?? []
  return (
    <aside className="legend" aria-label="Colour legend">
      <label className="field">
        <span>Colour by</span>
        <select value={title} onChange={(e) => c.store.setState({ colorBy: e.target.value })}>
          {attributes
            .filter((a) => a.kind === 'categorical')
            .map((a) => (
              <option key={a.name} value={a.name}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <ul>
        {entries.map((e) => (
          <li key={e.label}>
            <span className="swatch" style={{ background: e.color }} />
            <span className="legend-label">{e.label}</span>
            <span className="count">{e.count}</span>
          </li>
        ))}
      </ul>
    </aside>
  )
}
