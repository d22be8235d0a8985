import { useApp, useSession } from '../useSession'
import { cancelLoad } from '../session'

/** Loads smaller than this finish too fast for a bar to help. */
const SHOW_FROM_BYTES = 2 * 2 ** 20

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`

/** While a big file loads: how far reading has got (or that it is being parsed), with Cancel. */
export function LoadProgressBar() {
  const c = useSession()
  const p = useApp((s) => s.loadProgress)
  if (!p || p.total < SHOW_FROM_BYTES) return null
  const reading = p.phase === 'reading'
  return (
    <div className="load-progress" role="status" data-testid="load-progress">
      <span>
        {reading
          ? `Reading ${p.file}: ${mb(p.loaded)} of ${mb(p.total)}`
          : `Parsing ${p.file} (${mb(p.total)})…`}
      </span>
      <progress
        max={reading ? p.total : undefined}
        value={reading ? p.loaded : undefined}
        aria-label="Loading progress"
      />
      <button onClick={() => cancelLoad(c)}>Cancel</button>
    </div>
  )
}
