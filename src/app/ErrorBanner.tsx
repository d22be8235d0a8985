import { useApp, useController } from './useController'

/** The one message for the last failure; the previous dataset and view stay as they were. */
export function ErrorBanner() {
  const error = useApp((s) => s.error)
  const controller = useController()
  if (!error) return null
  return (
    <div className="error-banner" role="alert">
      <span>{error}</span>
      <button
        onClick={() => controller.store.setState({ error: null })}
        aria-label="Dismiss message"
      >
        ×
      </button>
    </div>
  )
}
