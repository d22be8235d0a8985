// Pure scene math for drawing points as sprite-sheet thumbnails (no three, no DOM).
import { cellUv, type SpriteGrid } from '../model/datasets/sprite'

/**
 * Pixels trimmed from each side of a thumbnail's texture rect: half a texel, so linear filtering
 * at a point's edge never mixes in the neighbouring thumbnail.
 */
export const CELL_INSET_PX = 0.5

/** How much larger a point is drawn when it shows its thumbnail (1 = plain dot size). */
export const SPRITE_POINT_SCALE = 3

/**
 * The per-point `aCell` attribute: for each of `n` points its thumbnail's [u0, v0, u1, v1]
 * (v = 0 at the image's top, see `cellUv`), inset by `insetPx`. Points beyond the grid's
 * capacity get an empty rect (all zeros), which the shader treats as "no thumbnail".
 */
export function spriteCells(grid: SpriteGrid, n: number, insetPx = CELL_INSET_PX): Float32Array {
  const out = new Float32Array(n * 4)
  const capacity = grid.cols * grid.rows
  for (let i = 0; i < Math.min(n, capacity); i++) out.set(cellUv(grid, i, insetPx), i * 4)
  return out
}

/**
 * The size to upload a `width` × `height` sheet at when the GPU's largest texture side is
 * `maxSide`: unchanged when it fits, else scaled by one factor on both axes (so every thumbnail
 * keeps its proportions) and floored to whole pixels. Normalised UVs stay valid either way,
 * because the whole image is scaled.
 */
export function fitTexture(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / width, maxSide / height)
  if (scale >= 1) return { width, height, scale: 1 }
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
    scale,
  }
}
