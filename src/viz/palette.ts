import { CATEGORICAL_COLOR_LIMIT, numericCategories } from '../model/datasets/attributes'
import type { Attribute, CategoricalAttribute } from '../model/datasets/types'

/**
 * Okabe–Ito (colour-blind safe) followed by Paul Tol's muted scheme, tuned to read on a dark
 * background. Categories past the end share the "other" grey and the legend says so.
 */
export const CATEGORY_COLORS = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#88CCEE',
  '#44AA99',
  '#DDCC77',
  '#CC6677',
  '#AA4499',
]
export const OTHER_COLOR = '#8a8f98'

/** The attribute to colour by at first (it lives with the attributes: the session picks it). */
export { defaultColorAttribute } from '../model/datasets/attributes'

export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16)
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255]
}

export interface LegendEntry {
  label: string
  color: string
  count: number
}

/**
 * Colours for a categorical attribute, most frequent category first so the common ones get the
 * distinct colours. Returns the per-item colour index into `legend`.
 */
export function categoricalColors(attr: CategoricalAttribute): {
  legend: LegendEntry[]
  itemEntry: Int32Array
} {
  const counts = new Array<number>(attr.categories.length).fill(0)
  let missing = 0
  for (const c of attr.codes) {
    if (c >= 0) counts[c]++
    else missing++
  }
  const order = counts.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b)
  const rank = new Int32Array(attr.categories.length)
  order.forEach((cat, r) => (rank[cat] = r))
  const named = Math.min(order.length, CATEGORY_COLORS.length)
  const needsOther = order.length > named || missing > 0
  const legend: LegendEntry[] = order.slice(0, named).map((cat, r) => ({
    label: attr.categories[cat],
    color: CATEGORY_COLORS[r],
    count: counts[cat],
  }))
  if (needsOther) {
    const otherCount = order.slice(named).reduce((s, cat) => s + counts[cat], 0) + missing
    legend.push({
      label: order.length > named ? 'other' : '(missing)',
      color: OTHER_COLOR,
      count: otherCount,
    })
  }
  const itemEntry = Int32Array.from(attr.codes, (c) =>
    c >= 0 && rank[c] < named ? rank[c] : named,
  )
  return { legend, itemEntry }
}

/**
 * Colour-blind-safe sequential ramp: viridis from its 15% point (the darkest purple vanishes on the
 * dark background at a projector) to yellow.
 */
const RAMP_HEX = ['#414487', '#2a788e', '#22a884', '#7ad151', '#fde725']
const RAMP = RAMP_HEX.map(hexToRgb)

/** The ramp's colour at t in [0, 1] (clamped; NaN gives the "missing" grey). */
export function rampColor(t: number): [number, number, number] {
  if (!Number.isFinite(t)) return hexToRgb(OTHER_COLOR)
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1)
  const i = Math.min(Math.floor(x), RAMP.length - 2)
  const f = x - i
  return [0, 1, 2].map((k) => RAMP[i][k] + (RAMP[i + 1][k] - RAMP[i][k]) * f) as [
    number,
    number,
    number,
  ]
}

/** CSS gradient of the ramp, for the legend. */
export const RAMP_CSS = `linear-gradient(to right, ${RAMP_HEX.join(', ')})`

/**
 * Each value's rank as a share in [0, 1] (ties share their mean rank; NaN stays NaN), so a skewed
 * attribute such as word frequency spreads over the whole ramp instead of piling up at one end.
 */
export function quantileRanks(values: ArrayLike<number>): Float32Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) =>
    Number.isFinite(values[i]),
  )
  idx.sort((a, b) => values[a] - values[b])
  const out = new Float32Array(values.length).fill(NaN)
  const last = Math.max(idx.length - 1, 1)
  for (let i = 0; i < idx.length;) {
    let j = i
    while (j + 1 < idx.length && values[idx[j + 1]] === values[idx[i]]) j++
    const t = (i + j) / 2 / last
    for (let k = i; k <= j; k++) out[idx[k]] = idx.length === 1 ? 0.5 : t
    i = j + 1
  }
  return out
}

/**
 * The attribute as it is coloured: a categorical one as it is; a numeric one as categories when
 * `as` is 'categories', or 'auto' and it has at most 50 distinct values (the Projector's rule),
 * else null (a ramp).
 */
export function colorCategories(
  attr: Attribute,
  as: 'auto' | 'categories' | 'numbers',
): CategoricalAttribute | null {
  if (attr.kind === 'categorical') return attr
  if (as === 'numbers') return null
  return numericCategories(attr, as === 'categories' ? Infinity : CATEGORICAL_COLOR_LIMIT)
}
