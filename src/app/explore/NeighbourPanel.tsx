import type { Metric } from '../../model/neighbours'
import { Thumb } from './Thumb'
import { useApp, useSession } from '../useSession'
import { useSelectionNeighbours } from './useSelectionNeighbours'
import { MAX_NEIGHBOURS, MIN_NEIGHBOURS } from '../session/view'
import { camera, clearSelection, isolate, select, setNeighbours } from '../session'

const K_CHOICES = [5, 10, 20, 50, 100].filter((k) => k >= MIN_NEIGHBOURS && k <= MAX_NEIGHBOURS)

/** Selection actions: how many are selected, isolate / show all, fit the camera, clear. */
function SelectionBar() {
  const c = useSession()
  const selection = useApp((s) => s.selection)
  const isolated = useApp((s) => s.isolated)
  if (selection.length === 0 && !isolated) return null
  return (
    <div className="selection-bar" role="group" aria-label="Selection">
      <span data-testid="selection-count">
        {selection.length} selected{isolated ? ` · ${isolated.length} shown` : ''}
      </span>
      {isolated ? (
        <button onClick={() => isolate(c, false)}>Show all</button>
      ) : (
        <button
          onClick={() => isolate(c)}
          title="Hide every point but the selection and its neighbours"
        >
          Isolate
        </button>
      )}
      <button onClick={() => camera(c, 'fit-selection')} title="Zoom to the selection">
        Fit
      </button>
      <button onClick={() => clearSelection(c)}>Clear</button>
    </div>
  )
}

/** The selected item and its nearest neighbours in the embedding space (cosine or euclidean). */
export function NeighbourPanel() {
  const c = useSession()
  const { neighbours, misleading } = useSelectionNeighbours()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const epoch = useApp((s) => s.epoch)
  const k = useApp((s) => s.neighbourK)
  const metric = useApp((s) => s.metric)
  if (!dataset || selected === null)
    return (
      <aside className="neighbours empty" aria-label="Nearest neighbours">
        <SelectionBar />
        <h2>Nearest neighbours</h2>
        <p>
          Click a point or pick an item from the list to see the items whose vectors are most
          similar to it. Shift-click adds to the selection; in 2D, drag to lasso.
        </p>
      </aside>
    )
  const label = dataset.labels[selected]
  const cosine = metric === 'cosine'
  return (
    <aside className="neighbours" aria-label="Nearest neighbours" data-testid="neighbour-panel">
      <SelectionBar />
      <h2>
        <Thumb index={selected} label={label} size={56} />
        <span className="muted">Nearest to</span> {label}
      </h2>
      <div className="neighbour-options">
        <label className="inline">
          <span>Show</span>
          <select
            value={k}
            aria-label="Number of neighbours"
            onChange={(e) => setNeighbours(c, { k: Number(e.target.value) })}
          >
            {K_CHOICES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented small" role="group" aria-label="Similarity">
          {(['cosine', 'euclidean'] as Metric[]).map((m) => (
            <button
              key={m}
              aria-pressed={metric === m}
              onClick={() => setNeighbours(c, { metric: m })}
            >
              {m === 'cosine' ? 'Cosine' : 'Euclidean'}
            </button>
          ))}
        </div>
      </div>
      <p className="muted small">
        {cosine ? 'Cosine similarity' : 'Euclidean distance'} of the{' '}
        {dataset.kind === 'vectors' ? 'loaded' : 'learned'} vectors (all {c.live.dim} dimensions,
        not the plot){dataset.kind === 'vectors' ? '.' : `, epoch ${epoch}.`}
      </p>
      <ol data-testid="neighbour-list">
        {neighbours.map((n) => (
          <li key={n.index}>
            <button className="neighbour" onClick={() => select(c, n.index)}>
              <Thumb index={n.index} label={n.label} size={40} />
              <span className="name">{n.label}</span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${Math.max(0, n.similarity) * 100}%` }} />
              </span>
              <span className="value">
                {cosine ? n.similarity.toFixed(2) : n.distance.toPrecision(3)}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {misleading.length > 0 && (
        <div className="misleading" data-testid="false-neighbours">
          <h3>Looks close, but isn’t</h3>
          <p className="small muted">
            Near {label} on screen, yet not among its {neighbours.length} nearest in the vectors:
          </p>
          <ul>
            {misleading.map((m) => (
              <li key={m.index}>
                <button className="neighbour misleading-item" onClick={() => select(c, m.index)}>
                  <span className="name">{dataset.labels[m.index]}</span>
                  <span className="value">#{m.originalRank}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  )
}
