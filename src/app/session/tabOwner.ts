/** The Web Lock held, for as long as the tab lives, by the tab that keeps the session. */
const LOCK = 'embedding-explorer:kept-session'

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
      .request(LOCK, { ifAvailable: true }, (lock) => {
        resolve(lock !== null)
        // Held until the tab closes: the promise never settles.
        return lock ? new Promise<void>(() => {}) : undefined
      })
      .catch(() => resolve(true))
  })
}
