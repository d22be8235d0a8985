import { useMemo, useState } from 'react'
import { attributeText } from './itemText'
import { useApp, useSession } from '../useSession'
import { reloadWith, showError } from '../session'

/** Items shown in the preview table. */
const PREVIEW_ROWS = 5

/**
 * What was loaded and how it was read: the detected format, the first items with their
 * attributes, duplicate labels, and for tables the label column and which columns are learned
 * from, which the user can change (the data is parsed again; training starts over).
 */
export function DataPreview() {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const epoch = useApp((s) => s.epoch)
  const [draft, setDraft] = useState<{ label: string; exclude: string[] } | null>(null)
  const [keep, setKeep] = useState('')
  const duplicates = useMemo(() => {
    const seen = new Map<string, number>()
    for (const l of dataset?.labels ?? []) seen.set(l, (seen.get(l) ?? 0) + 1)
    return [...seen].filter(([, n]) => n > 1)
  }, [dataset])
  if (!dataset) return null
  const table = dataset.kind === 'table' ? dataset : null
  const left = new Set(table?.ignored.filter((i) => i.reason === 'left out').map((i) => i.column))
  const columns = table
    ? [
        table.labelColumn,
        ...table.attributes.map((a) => a.name),
        ...table.ignored.map((i) => i.column),
      ]
    : []
  const current = { label: table?.labelColumn ?? '', exclude: [...left] }
  const d = draft ?? current
  const changed = draft !== null && JSON.stringify(draft) !== JSON.stringify(current)
  const attrs = dataset.attributes.slice(0, 4)
  return (
    <details className="data-preview" data-testid="data-preview">
      <summary>
        {dataset.format} · {dataset.labels.length.toLocaleString('en')} items
        {duplicates.length > 0 && ' · duplicate labels'}
      </summary>
      {duplicates.length > 0 && (
        <p className="small warn" data-testid="duplicates">
          {duplicates.length} label{duplicates.length === 1 ? '' : 's'} appear more than once (kept
          apart as separate items):{' '}
          {duplicates
            .slice(0, 5)
            .map(([l, n]) => `“${l}” ×${n}`)
            .join(', ')}
          {duplicates.length > 5 ? ', …' : ''}
        </p>
      )}
      <table className="preview-table">
        <thead>
          <tr>
            <th scope="col">{table?.labelColumn ?? 'label'}</th>
            {attrs.map((a) => (
              <th scope="col" key={a.name}>
                {a.name}{' '}
                <span className="muted">({a.kind === 'numeric' ? 'number' : 'category'})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dataset.labels.slice(0, PREVIEW_ROWS).map((l, i) => (
            <tr key={i}>
              <th scope="row">{l}</th>
              {attrs.map((a) => (
                <td key={a.name}>{attributeText(a, i)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {dataset.kind === 'vectors' && /^(GloVe|word2vec)/.test(dataset.format) && (
        <form
          className="columns-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            const n = Number(keep)
            if (!Number.isInteger(n) || n < 2)
              return showError(c, 'Keep at least 2 words: give a whole number.')
            reloadWith(c, { maxItems: n }).catch(() => {}) // the message is in the banner
          }}
        >
          <label className="field">
            <span>Keep only the first … words (these files list the most frequent first)</span>
            <input
              type="number"
              step="any"
              min={2}
              value={keep}
              placeholder={String(Math.min(dataset.labels.length, 10_000))}
              onChange={(e) => setKeep(e.target.value)}
            />
          </label>
          <button type="submit" disabled={keep === ''}>
            Reload
          </button>
        </form>
      )}
      {table && (
        <form
          className="columns-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (!draft) return
            reloadWith(c, { table: { labelColumn: draft.label, exclude: draft.exclude } }).then(
              () => setDraft(null),
              () => {}, // shown in the banner; the dataset before stays
            )
          }}
        >
          <label className="field">
            <span>Label column</span>
            <select value={d.label} onChange={(e) => setDraft({ ...d, label: e.target.value })}>
              {columns.map((col) => (
                <option key={col} value={col}>
                  {col}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Learn from</legend>
            {columns
              .filter((col) => col !== d.label)
              .map((col) => {
                const ignored = table.ignored.find(
                  (i) => i.column === col && i.reason !== 'left out',
                )
                return (
                  <label key={col} className="inline column-choice">
                    <input
                      type="checkbox"
                      disabled={ignored !== undefined}
                      checked={!ignored && !d.exclude.includes(col)}
                      onChange={(e) =>
                        setDraft({
                          ...d,
                          exclude: e.target.checked
                            ? d.exclude.filter((x) => x !== col)
                            : [...d.exclude, col],
                        })
                      }
                    />
                    <span>
                      {col}
                      {ignored && <span className="muted"> — {ignored.reason}</span>}
                    </span>
                  </label>
                )
              })}
          </fieldset>
          <button type="submit" disabled={!changed}>
            {epoch > 0 ? 'Apply (training starts over)' : 'Apply'}
          </button>
        </form>
      )}
    </details>
  )
}
