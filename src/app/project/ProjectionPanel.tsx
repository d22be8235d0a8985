import { useState } from 'react'
import { helpText } from '../../model/paramSpec'
import { PROJECTION_PARAMS } from '../../model/projection/params'
import { METHOD_NAMES } from '../../model/projection/types'
import { useApp, useSession } from '../useSession'
import { measureQuality, setProjection } from '../session'

/** The View tab: the projection's parameters and how faithful the layout is. */
export function ProjectionPanel() {
  const c = useSession()
  // Saved coordinates on screen: the settings are those of the view's method (Apply computes it).
  const method = useApp((s) => s.savedLayout?.method ?? s.method)
  const params = useApp((s) => s.projectionParams[s.savedLayout?.method ?? s.method])
  const quality = useApp((s) => s.quality)
  const pending = useApp((s) => s.qualityPending)
  const epoch = useApp((s) => s.epoch)
  const [draft, setDraft] = useState<Record<string, string>>({})
  const docs = PROJECTION_PARAMS[method]

  return (
    <div className="training-panel">
      <h2>{METHOD_NAMES[method]} settings</h2>
      {docs.length === 0 && (
        <p className="small muted">
          {method === 'precomputed'
            ? 'The layout that came with the data (its x, y and z columns) is shown as it is: nothing to set. Choose PCA, UMAP or t-SNE to compute one from the vectors.'
            : 'PCA has no settings: it rotates the vectors so the first axes keep as much of their spread as possible.'}
        </p>
      )}
      {docs.length > 0 && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            const next = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)]))
            try {
              setProjection(c, { method, params: next })
              setDraft({})
            } catch {
              // Shown in the error banner; the draft stays for fixing.
            }
          }}
        >
          {docs.map((d) => (
            <label key={d.key} className="param" title={helpText(d)}>
              <span className="param-name">{d.label}</span>
              <input
                aria-label={d.label}
                type="number"
                min={d.min}
                max={d.max}
                step={d.integer ? 1 : 'any'}
                value={draft[d.key] ?? String(params[d.key])}
                onChange={(e) => setDraft({ ...draft, [d.key]: e.target.value })}
              />
            </label>
          ))}
          <div className="form-actions">
            <button type="submit" disabled={Object.keys(draft).length === 0}>
              Apply
            </button>
          </div>
        </form>
      )}

      <h3>How faithful is this picture?</h3>
      <p className="small muted">
        A 2D or 3D picture cannot keep every neighbourhood of the original vectors. These figures
        say how much it keeps.
      </p>
      <button className="secondary" onClick={() => measureQuality(c, 10)} disabled={pending}>
        {pending ? 'Measuring…' : 'Measure now'}
      </button>
      {quality && (
        <dl className="metrics quality" data-testid="quality">
          <div title="Share of each item's 10 nearest neighbours in the vectors that are also among its 10 nearest on screen.">
            <dt>Neighbours kept (recall@{quality.k})</dt>
            <dd>{(quality.recall * 100).toFixed(1)}%</dd>
          </div>
          <div title="Trustworthiness: 1 when every item's on-screen neighbours are also close in the vectors; it drops when strangers look close.">
            <dt>Trustworthiness T({quality.k})</dt>
            <dd>{quality.trustworthiness.toFixed(3)}</dd>
          </div>
          {quality.graph && (
            <div
              data-testid="graph-recall"
              title="UMAP and t-SNE lay out a graph of each item's nearest neighbours. At this size it is found approximately (NN-descent); this is the share of true neighbours it holds, checked exactly on a sample. The neighbour list beside the plot is always exact."
            >
              <dt>
                {quality.graph.approximate ? 'Approximate' : 'Exact'} {quality.graph.k}-NN graph
              </dt>
              <dd>
                {quality.graph.approximate
                  ? `${(quality.graph.recall * 100).toFixed(1)}% recall (${quality.graph.sample} items checked)`
                  : 'exact'}
              </dd>
            </div>
          )}
          <div>
            <dt>Measured at</dt>
            <dd>
              epoch {quality.epoch}
              {quality.epoch !== epoch && ' (training has moved on)'}
            </dd>
          </div>
        </dl>
      )}
      <p className="small muted">
        Colour the points by “neighbour preservation” in the legend to see where the picture is
        honest and where it is not.
      </p>
    </div>
  )
}
