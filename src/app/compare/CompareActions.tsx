import { describeRun, keepAsReference } from './compare'
import { KeepRunButton } from './KeepRunButton'
import { useApp, useSession } from '../useSession'
import { trainOnMetadata } from '../session'

/**
 * Starting a comparison: for trained runs, keep this run to compare with the next one (another
 * dimension, seed or data); for loaded embeddings with metadata, train our own vectors on that
 * metadata and compare them with the loaded ones.
 */
export function CompareActions() {
  const c = useSession()
  const kind = useApp((s) => s.dataset?.kind)
  const hasMetadata = useApp((s) => (s.dataset?.attributes.length ?? 0) > 0)
  if (!kind) return null
  return (
    <section className="compare-actions" aria-label="Compare">
      <h2>Compare</h2>
      {kind === 'vectors' ? (
        <>
          <p className="small muted">
            Train the app’s own embedding on these items’ metadata and see both spaces side by side,
            with how many neighbours they share.
          </p>
          <button
            disabled={!hasMetadata}
            title={hasMetadata ? undefined : 'These embeddings came without metadata to train on'}
            onClick={
              () =>
                void trainOnMetadata(c, () => keepAsReference(c, describeRun(c))).catch(() => {}) // shown in the banner
            }
          >
            Compare with training
          </button>
        </>
      ) : (
        <>
          <p className="small muted">
            Keep this run, then change the dimension, seed or data and train again: both are shown
            side by side.
          </p>
          <KeepRunButton />
        </>
      )}
    </section>
  )
}
