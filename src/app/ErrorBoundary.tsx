import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | null
}

/**
 * Catches a render error anywhere in the page and shows what happened instead of a blank page.
 * Only the display is lost: the session core (dataset, vectors, workers, saving) lives outside
 * React and goes on, so a reload opens the kept session where the user left off.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(e: unknown): State {
    return { error: e instanceof Error ? e : new Error(String(e)) }
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for a bug report; the panel shows the message only.
    console.error('Embedding Explorer: the page stopped drawing', error, info.componentStack)
  }

  render() {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="crash-panel" role="alert" data-testid="crash-panel">
        <h1>Part of the page stopped working</h1>
        <p>
          The display hit an error it could not recover from. Your work — the dataset, the trained
          vectors, the training and its history — is held outside the display and is still kept in
          this browser. Reloading the page opens it again where you left off.
        </p>
        <button type="button" onClick={() => location.reload()}>
          Reload — your work is kept
        </button>
        <p>What went wrong:</p>
        <pre>{error.message || error.name}</pre>
      </div>
    )
  }
}
