let query: MediaQueryList | null | undefined

/**
 * True when the user asked the system for less motion (`prefers-reduced-motion: reduce`): the
 * scene then jumps to new layouts and camera poses instead of animating them. Read every frame,
 * so the media query is made once and its live `matches` read after.
 */
export function prefersReducedMotion(): boolean {
  if (query === undefined)
    query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)') ?? null
  return query?.matches ?? false
}
