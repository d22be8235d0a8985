import { useDeferredValue, useMemo, useState } from 'react'
import { useApp, useController } from './useController'

/** Rows rendered at once; a longer match list asks the user to narrow the search. */
const MAX_ROWS = 300

/** Every item by label, with a filter box; clicking one selects it. */
export function ItemList() {
  const c = useController()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const embeddings = useApp((s) => s.embeddings)
  const [query, setQuery] = useState('')
  const deferred = useDeferredValue(query)
  const matches = useMemo(() => {
    const labels = dataset?.labels ?? []
    const q = deferred.trim().toLowerCase()
    const all = labels.map((label, index) => ({ label, index }))
    return q ? all.filter((x) => x.label.toLowerCase().includes(q)) : all
  }, [dataset, deferred])

  return (
    <nav className="items" aria-label="Items">
      {embeddings && (
        <label className="field embedding-choice">
          <span>Embedding (from projector_config.json)</span>
          <select
            value={embeddings.current}
            onChange={(e) => void c.chooseEmbedding(e.target.value).catch(() => {})}
          >
            {embeddings.names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Find an item ({dataset?.labels.length ?? 0})</span>
        <input
          type="search"
          value={query}
          placeholder="e.g. redwood"
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <ul>
        {matches.slice(0, MAX_ROWS).map(({ label, index }) => (
          <li key={index}>
            <button
              className={index === selected ? 'item selected' : 'item'}
              aria-pressed={index === selected}
              onClick={() => c.selectIndex(index === selected ? null : index)}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
      {matches.length > MAX_ROWS && (
        <p className="more">{matches.length - MAX_ROWS} more: type to narrow the list.</p>
      )}
      {matches.length === 0 && <p className="more">No item matches “{deferred}”.</p>}
    </nav>
  )
}
