import type { Attribute, CategoricalAttribute, IgnoredColumn, NumericAttribute } from './types'

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

/** Distinct colours the plot's categorical palette has (src/viz/palette.ts); more categories share grey. */
export const COLOR_CATEGORIES = 12

/** Column names that usually hold a good top-level grouping. */
const PREFERRED = ['group', 'category', 'class', 'type', 'kind']

/** The attribute to colour by at first: a preferred name, else the categorical one with 3–12 values and fewest categories, else the first categorical one, else the first numeric one. */
export function defaultColorAttribute(attributes: Attribute[]): string | null {
  const cats = attributes.filter((a): a is CategoricalAttribute => a.kind === 'categorical')
  const named = cats.find((a) => PREFERRED.includes(a.name.toLowerCase()))
  if (named) return named.name
  const fits = cats
    .filter((a) => a.categories.length >= 3 && a.categories.length <= COLOR_CATEGORIES)
    .sort((a, b) => a.categories.length - b.categories.length)
  // No categorical attribute (word frequencies, say): a numeric one as a gradient beats grey.
  return (fits[0] ?? cats[0] ?? attributes[0])?.name ?? null
}

/**
 * The Projector colours a column by category while it has at most this many distinct values
 * (`NUM_COLORS_COLOR_MAP` in its data-provider.ts), numbers included.
 */
export const CATEGORICAL_COLOR_LIMIT = 50

/** The shortest decimal that reads back as this float32 (for a category name). */
function float32Text(x: number): string {
  for (let p = 1; p < 9; p++) {
    const t = String(Number(x.toPrecision(p)))
    if (Math.fround(Number(t)) === x) return t
  }
  return String(x)
}

/**
 * A numeric column as categories (for colouring): its distinct values in numeric order, each
 * written as the shortest decimal of its float32 value; NaN is missing. With `limit`, null when
 * there are more distinct values than that.
 */
export function numericCategories(
  attr: NumericAttribute,
  limit = Infinity,
): CategoricalAttribute | null {
  const distinct = new Set<number>()
  for (const v of attr.values)
    if (!Number.isNaN(v)) {
      distinct.add(v)
      if (distinct.size > limit) return null
    }
  const sorted = [...distinct].sort((a, b) => a - b)
  const index = new Map(sorted.map((v, i) => [v, i]))
  return {
    kind: 'categorical',
    name: attr.name,
    categories: sorted.map(float32Text),
    codes: Int32Array.from(attr.values, (v) => (Number.isNaN(v) ? -1 : (index.get(v) ?? -1))),
  }
}
