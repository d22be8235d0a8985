/**
 * The first number of `data` that is NaN or ±Infinity, or null when every one is finite. A plain
 * loop: cheap enough to run on every training snapshot and before every export.
 */
export function firstNonFinite(data: ArrayLike<number>): number | null {
  for (let i = 0; i < data.length; i++) {
    const x = data[i]
    if (!Number.isFinite(x)) return x
  }
  return null
}

/** How a non-finite number is named to the user: 'NaN' or 'Infinity' (either sign). */
export function nonFiniteName(x: number): 'NaN' | 'Infinity' {
  return Number.isNaN(x) ? 'NaN' : 'Infinity'
}
