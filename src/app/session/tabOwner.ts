/** The Web Lock held, for as long as the tab lives, by the tab that keeps the session. */
const LOCK = 'embedding-explorer:kept-session'

/**
 * How long a tab waits for the lock: a reload's old page lets go of it as it unloads, which can
 * be a moment after the new page asks; a tab really open beside the owner waits this long once.
 */
const WAIT_MS = 1500

/**
 * Claims the kept session for this tab. Resolves true in the one tab that holds the lock (it
 * restores and writes the kept session) and false in any other tab open at the same time (it
 * works on its own session, which never overwrites the kept one). The lock goes with the tab.
 * Without Web Locks (old browsers) every tab is the owner, as before.
 */
export function claimKeptSession(): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks) return Promise.resolve(true)
  return new Promise((resolve) => {
    locks
      .request(LOCK, { signal: AbortSignal.timeout(WAIT_MS) }, () => {
        resolve(true)
        // Held until the tab closes: the promise never settles.
        return new Promise<void>(() => {})
      })
      // Not granted in time (another tab holds it), or refused: another tab keeps the session.
      .catch((e: unknown) => resolve(!(e instanceof DOMException && /Abort|Timeout/.test(e.name))))
  })
}
