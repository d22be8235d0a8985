import { useEffect } from 'react'

/** Commit counts of components that should stay still, for browser tests (see useCommitCount). */
export interface RenderDebug {
  /** Commits per component name since the page opened. */
  commits: Record<string, number>
  /**
   * Test-only: the named component (e.g. 'Legend') throws on its next render, so a browser test
   * can show the error boundary. Set from a test or the console, never by the UI (crashIfAsked).
   */
  throwIn?: string
}

declare global {
  interface Window {
    embeddingExplorerDebug?: RenderDebug
  }
}

/**
 * Counts the component's commits in `window.embeddingExplorerDebug.commits[name]`. An effect
 * without dependencies runs once per commit of this component alone (a `<Profiler>` would also
 * count its children's), so a test can assert that e.g. the root does not re-render while the
 * layout runs or the pointer hovers.
 */
export function useCommitCount(name: string): void {
  useEffect(() => {
    const debug = (window.embeddingExplorerDebug ??= { commits: {} })
    debug.commits[name] = (debug.commits[name] ?? 0) + 1
  })
}
