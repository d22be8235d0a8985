import { useApp, useSession } from './useSession'
import { dismissError, notify } from './session'

/**
 * The one message for the last failure (the previous dataset and view stay as they were), and
 * below it any passing notice, such as a shared link that could not be used.
 */
export function ErrorBanner() {
  const error = useApp((s) => s.error)
  const notice = useApp((s) => s.notice)
  const controller = useSession()
  return (
    <>
      {error && (
        <div className="error-banner" role="alert">
          <span>{error}</span>
          <button onClick={() => dismissError(controller)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="error-banner notice-banner" role="status" data-testid="notice">
          <span>{notice}</span>
          <button onClick={() => notify(controller, null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
    </>
  )
}
