import type { FalseNeighbour } from '../model/projection/quality'
import type { NeighbourRow } from './controller'
import { useApp, useController } from './useController'

/** The selected item and its nearest neighbours by cosine similarity in the embedding space. */
export function NeighbourPanel({
  neighbours,
  misleading,
}: {
  neighbours: NeighbourRow[]
  misleading: FalseNeighbour[]
}) {
  const c = useController()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const epoch = useApp((s) => s.epoch)
  if (!dataset || selected === null)
    return (
      <aside className="neighbours empty" aria-label="Nearest neighbours">
        <h2>Nearest neighbours</h2>
        <p>
          Click a point or pick an item from the list to see the items whose vectors are most
          similar to it.
        </p>
      </aside>
    )
  const label = dataset.labels[selected]
  return (
    <aside className="neighbours" aria-label="Nearest neighbours" data-testid="neighbour-panel">
      <h2>
        <span className="muted">Nearest to</span> {label}
      </h2>
      <p className="muted small">
        Cosine similarity of the learned vectors (all{' '}
        {dataset.labels.length > 0 ? `${c.live.dim}` : ''} dimensions, not the plot), epoch {epoch}.
      </p>
      <ol>
        {neighbours.map((n) => (
          <li key={n.index}>
            <button className="neighbour" onClick={() => c.selectIndex(n.index)}>
              <span className="name">{n.label}</span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${Math.max(0, n.similarity) * 100}%` }} />
              </span>
              <span className="value">{n.similarity.toFixed(2)}</span>
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
                <button
                  className="neighbour misleading-item"
                  onClick={() => c.selectIndex(m.index)}
                >
                  <span className="name">{dataset.labels[m.index]}</span>
                  <span className="value">#{m.originalRank}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <button className="link" onClick={() => c.selectIndex(null)}>
        Clear selection
      </button>
    </aside>
  )
}
