import { useMemo } from 'react'
import { describeMatch } from '../../model/search'
import { CompareActions } from '../compare'
import { DataPreview } from '../data'
import { useApp, useSession } from '../useSession'
import { chooseEmbedding, search as runSearch, select, selectMatches } from '../session'

/** Rows rendered at once; a longer list asks the user to narrow the search. */
const MAX_ROWS = 300

/**
 * Every item by label, with a search over labels and attributes (substring or regular
 * expression). Matches are highlighted in the plot; clicking one selects it, shift-click adds it.
 */
export function ItemList() {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const selection = useApp((s) => s.selection)
  const embeddings = useApp((s) => s.embeddings)
  const search = useApp((s) => s.search)
  const labels = useMemo(() => dataset?.labels ?? [], [dataset])
  const active = search.text !== '' && !search.error
  const rows = useMemo(() => {
    if (!active) return labels.slice(0, MAX_ROWS).map((_, i) => i)
    return search.matches.slice(0, MAX_ROWS)
  }, [active, labels, search.matches])
  const total = active ? search.total : labels.length
  const chosen = useMemo(() => new Set(selection), [selection])
  const fields = ['all', 'label', ...(dataset?.attributes.map((a) => a.name) ?? [])]

  return (
    <nav className="items" aria-label="Items">
      <DataPreview />
      {dataset?.kind === 'vectors' && <CompareActions />}
      {embeddings && (
        <label className="field embedding-choice">
          <span>Embedding (from projector_config.json)</span>
          <select
            value={embeddings.current}
            onChange={(e) => void chooseEmbedding(c, e.target.value).catch(() => {})}
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
        <span>Search {labels.length.toLocaleString('en')} items</span>
        <input
          type="search"
          value={search.text}
          placeholder={search.regex ? 'e.g. ^Coast|sequoia$' : 'e.g. redwood'}
          aria-invalid={search.error !== null}
          aria-describedby="search-status"
          onChange={(e) => runSearch(c, { text: e.target.value })}
        />
      </label>
      <div className="search-options">
        <label className="inline">
          <input
            type="checkbox"
            checked={search.regex}
            onChange={(e) => runSearch(c, { regex: e.target.checked })}
          />
          <span>Regular expression</span>
        </label>
        <label className="inline">
          <span>in</span>
          <select
            value={search.field}
            aria-label="Search in"
            onChange={(e) => runSearch(c, { field: e.target.value })}
          >
            {fields.map((f) => (
              <option key={f} value={f}>
                {f === 'all' ? 'everything' : f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="search-status" className="search-status" role="status">
        {search.error ? (
          <span className="error-text">{search.error}</span>
        ) : active ? (
          <>
            {search.total.toLocaleString('en')} match{search.total === 1 ? '' : 'es'}
            {search.total > 0 && (
              <>
                {' · '}
                <button className="link" onClick={() => selectMatches(c)}>
                  Select all
                </button>
              </>
            )}
          </>
        ) : null}
      </p>
      <ul>
        {rows.map((index) => {
          const why =
            active && search.field !== 'label'
              ? describeMatch(labels, dataset?.attributes ?? [], search, index)
              : null
          return (
            <li key={index}>
              <button
                className={chosen.has(index) ? 'item selected' : 'item'}
                aria-pressed={chosen.has(index)}
                onClick={(e) =>
                  e.shiftKey
                    ? select(c, index, { add: true })
                    : select(c, chosen.has(index) && selection.length === 1 ? null : index)
                }
              >
                {labels[index]}
                {why && why.field !== 'label' && (
                  <span className="match-why">
                    {' '}
                    · {why.field}: {why.value}
                  </span>
                )}
              </button>
            </li>
          )
        })}
      </ul>
      {total > MAX_ROWS && (
        <p className="more">
          {(total - MAX_ROWS).toLocaleString('en')} more: type to narrow the list.
        </p>
      )}
      {active && search.total === 0 && <p className="more">No item matches “{search.text}”.</p>}
    </nav>
  )
}
