/**
 * Throws while `window.embeddingExplorerDebug.throwIn` names this component: the browser tests'
 * way to make a real component fail mid-render and check the error boundary (no control sets it).
 */
export function crashIfAsked(component: string): void {
  if (globalThis.window?.embeddingExplorerDebug?.throwIn === component)
    throw new Error(`${component} was asked to fail (embeddingExplorerDebug.throwIn)`)
}
