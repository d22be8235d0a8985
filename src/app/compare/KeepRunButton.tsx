import { describeRun, keepAsReference } from './compare'
import { useApp, useSession } from '../useSession'
import { showError } from '../session'

/**
 * "Keep this run to compare": keeps a copy of the current vectors as the reference space that
 * `ComparePanel` shows beside the main plot, named after the run ("trees, dim 12, seed 1,
 * epoch 20"). Disabled until a dataset has been drawn.
 */
export function KeepRunButton() {
  const c = useSession()
  const drawn = useApp((s) => s.dataset !== null && s.version > 0)
  const keep = () => {
    try {
      keepAsReference(c, describeRun(c))
    } catch (e) {
      showError(c, e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <button className="keep-run" disabled={!drawn} onClick={keep}>
      Keep this run to compare
    </button>
  )
}
