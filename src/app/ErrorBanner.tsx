import { useApp, useSession } from './useSession'
import { dismissError, keepLinkedView, notify } from './session'

/**
 * The one message for the last failure (the previous dataset and view stay as they were), and
 * below it any passing notice, such as a shared link that could not be used, and while a shared
 * link is shown, that it is not kept and how to keep it instead of the kept session.
 */
export function ErrorBanner() {
  const error = useApp((s) => s.error)
  const notice = useApp((s) => s.notice)
  const linked = useApp((s) => s.linked)
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
      {linked && (
        <div className="error-banner notice-banner" role="status" data-testid="linked-notice">
          <span>
            This is a shared view: it is not kept, and your own session comes back when you reload.
          </span>
          <button onClick={() => keepLinkedView(controller)}>
            Keep this instead of your session
          </button>
        </div>
      )}
    </>
  )
}
