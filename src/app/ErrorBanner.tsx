import { useApp, useController } from './useController'

/**
 * The one message for the last failure (the previous dataset and view stay as they were), and
 * below it any passing notice, such as a shared link that could not be used.
 */
export function ErrorBanner() {
  const error = useApp((s) => s.error)
  const notice = useApp((s) => s.notice)
  const controller = useController()
  return (
    <>
      {error && (
        <div className="error-banner" role="alert">
          <span>{error}</span>
          <button
            onClick={() => controller.store.setState({ error: null })}
            aria-label="Dismiss message"
          >
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="error-banner notice-banner" role="status" data-testid="notice">
          <span>{notice}</span>
          <button onClick={() => controller.view.notify(null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
    </>
  )
}
