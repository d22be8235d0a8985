/** Base point size in scene units; highlighted points are drawn larger. */
export const POINT_SIZE = 0.055
const NEIGHBOUR_SCALE = 1.8
const SELECTED_SCALE = 2.6
const ALSO_SELECTED_SCALE = 2.1
const MATCH_SCALE = 1.6
const HOVER_SCALE = 2.0
/** How far non-highlighted points fade towards the background when something is selected. */
const DIM = 0.72

/** The plot's background and "ink" (the primary selection's colour) per theme, as linear-ish RGB 0–1. */
export const THEME_COLORS = {
  dark: { background: [0.063, 0.075, 0.102], ink: [1, 1, 1], css: '#10131a' },
  light: { background: [0.965, 0.969, 0.976], ink: [0.05, 0.05, 0.08], css: '#f6f7f9' },
} as const

/** What besides the primary selection and its neighbours changes how points are drawn. */
export interface StyleExtras {
  /** Other selected items (shift-click, box, lasso): full colour, large. */
  selection?: readonly number[]
  /** Search matches: full colour, a little larger. */
  matches?: readonly number[]
  /** Items left visible by "Isolate"; the rest get size 0 (not drawn). Null shows all. */
  visible?: Uint8Array | null
  /** Colour faded points move towards, and the primary selection's colour. */
  background?: readonly number[]
  ink?: readonly number[]
}

/**
 * Per-point colour and size for drawing: the base colours, with the selection (first of
 * `highlighted`) and its neighbours enlarged, false neighbours (`misleading`) kept bright, other
 * selected items and search matches kept in colour, everything else faded while any of those
 * exists, and isolated-away items hidden (size 0).
 */
export function styleItems(
  base: Float32Array,
  n: number,
  highlighted: number[],
  hovered: number | null,
  misleading: number[] = [],
  extras: StyleExtras = {},
): { colors: Float32Array; sizes: Float32Array } {
  const background = extras.background ?? THEME_COLORS.dark.background
  const ink = extras.ink ?? THEME_COLORS.dark.ink
  const selection = extras.selection ?? []
  const matches = extras.matches ?? []
  const colors = new Float32Array(n * 3)
  const sizes = new Float32Array(n).fill(POINT_SIZE)
  const fade = highlighted.length > 0 || selection.length > 0 || matches.length > 0
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) {
      const c = base[i * 3 + k] ?? 0.6
      colors[i * 3 + k] = fade ? c + (background[k] - c) * DIM : c
    }
  const inColour = (index: number, scale: number) => {
    if (index < 0 || index >= n) return
    for (let k = 0; k < 3; k++) colors[index * 3 + k] = base[index * 3 + k] ?? 0.6
    sizes[index] = Math.max(sizes[index], POINT_SIZE * scale)
  }
  for (const index of matches) inColour(index, MATCH_SCALE)
  for (const index of selection) inColour(index, ALSO_SELECTED_SCALE)
  highlighted.forEach((index, rank) => {
    if (index < 0 || index >= n) return
    for (let k = 0; k < 3; k++)
      colors[index * 3 + k] = rank === 0 ? ink[k] : (base[index * 3 + k] ?? 0.6)
    sizes[index] = POINT_SIZE * (rank === 0 ? SELECTED_SCALE : NEIGHBOUR_SCALE)
  })
  // False neighbours keep their colour (not faded) at neighbour size, so the eye finds them.
  for (const index of misleading) if (!highlighted.includes(index)) inColour(index, NEIGHBOUR_SCALE)
  if (hovered !== null && hovered >= 0 && hovered < n)
    sizes[hovered] = Math.max(sizes[hovered], POINT_SIZE * HOVER_SCALE)
  const visible = extras.visible
  if (visible) for (let i = 0; i < n; i++) if (!visible[i]) sizes[i] = 0
  return { colors, sizes }
}

/** The visibility mask of an isolated set (1 = drawn), or null when all are shown. */
export function visibilityMask(n: number, isolated: readonly number[] | null): Uint8Array | null {
  if (!isolated) return null
  const mask = new Uint8Array(n)
  for (const i of isolated) if (i >= 0 && i < n) mask[i] = 1
  return mask
}

/**
 * Smaller points for big clouds: the layout keeps the same size whatever the count, so 100,000
 * points at the size that suits 300 would merge into solid blobs. 1 up to 5,000 points, then
 * shrinking with the square root of the count, to a quarter at 80,000 and more.
 */
export function crowdScale(n: number): number {
  return n <= 5000 ? 1 : Math.max(0.25, Math.sqrt(5000 / n))
}
