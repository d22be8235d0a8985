import type { Attribute, IgnoredColumn } from './types'

/** Below this many rows a column of all-distinct values is still treated as an attribute. */
const MIN_ROWS_FOR_IDENTIFIER = 20

/**
 * Attributes from columns (a table's, or a vector file's metadata): a column with one value is ignored,
 * a column of numbers is numeric, a column of strings all different (from 20 rows on) is ignored,
 * any other is categorical. Values are trimmed; '' is missing. Categories are kept in a Map, so
 * `__proto__` is an ordinary value.
 */
export function buildAttributes(
  names: string[],
  column: (index: number) => string[],
): { attributes: Attribute[]; ignored: IgnoredColumn[] } {
  const attributes: Attribute[] = []
  const ignored: IgnoredColumn[] = []
  names.forEach((name, col) => {
    const values = column(col).map((v) => v.trim())
    const present = values.filter((v) => v !== '')
    const distinct = new Set(present)
    if (distinct.size <= 1) {
      ignored.push({ column: name, reason: 'has the same value in every row' })
    } else if (present.every((v) => Number.isFinite(Number(v)))) {
      const nums = values.map((v) => (v === '' ? NaN : Number(v)))
      const finite = nums.filter(Number.isFinite)
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length
      const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length
      const values32 = Float32Array.from(nums)
      attributes.push({
        kind: 'numeric',
        name,
        values: values32,
        mean,
        std: Math.sqrt(variance) || 1,
      })
    } else if (distinct.size === present.length && present.length >= MIN_ROWS_FOR_IDENTIFIER) {
      ignored.push({
        column: name,
        reason: 'every value is different, so it cannot teach similarity',
      })
    } else {
      const categories = [...distinct].sort()
      const index = new Map(categories.map((c, i) => [c, i]))
      const codes = Int32Array.from(values, (v) => (v === '' ? -1 : (index.get(v) ?? -1)))
      attributes.push({ kind: 'categorical', name, categories, codes })
    }
  })
  return { attributes, ignored }
}
