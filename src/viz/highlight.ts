/** Base point size in scene units; highlighted points are drawn larger. */
export const POINT_SIZE = 0.055
const NEIGHBOUR_SCALE = 1.8
const SELECTED_SCALE = 2.6
const HOVER_SCALE = 2.0
/** How far non-highlighted points fade towards the background when something is selected. */
const DIM = 0.72
const BACKGROUND = [0.063, 0.075, 0.102]

/**
 * Per-point colour and size for drawing: the base colours, with the selection (first of
 * `highlighted`) and its neighbours enlarged, false neighbours (`misleading`) kept bright, and
 * everything else faded while a selection exists.
 */
export function styleItems(
  base: Float32Array,
  n: number,
  highlighted: number[],
  hovered: number | null,
  misleading: number[] = [],
): { colors: Float32Array; sizes: Float32Array } {
  const colors = new Float32Array(n * 3)
  const sizes = new Float32Array(n).fill(POINT_SIZE)
  const fade = highlighted.length > 0
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) {
      const c = base[i * 3 + k] ?? 0.6
      colors[i * 3 + k] = fade ? c + (BACKGROUND[k] - c) * DIM : c
    }
  highlighted.forEach((index, rank) => {
    if (index < 0 || index >= n) return
    for (let k = 0; k < 3; k++)
      colors[index * 3 + k] = rank === 0 ? 1 : (base[index * 3 + k] ?? 0.6)
    sizes[index] = POINT_SIZE * (rank === 0 ? SELECTED_SCALE : NEIGHBOUR_SCALE)
  })
  // False neighbours keep their colour (not faded) at neighbour size, so the eye finds them.
  for (const index of misleading) {
    if (index < 0 || index >= n || highlighted.includes(index)) continue
    for (let k = 0; k < 3; k++) colors[index * 3 + k] = base[index * 3 + k] ?? 0.6
    sizes[index] = POINT_SIZE * NEIGHBOUR_SCALE
  }
  if (hovered !== null && hovered >= 0 && hovered < n)
    sizes[hovered] = Math.max(sizes[hovered], POINT_SIZE * HOVER_SCALE)
  return { colors, sizes }
}
