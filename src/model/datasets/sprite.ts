// Sprite sheets: one image holding a thumbnail per item, as the TensorFlow Embedding Projector
// reads them (`sprite: { imagePath, singleImageDim: [w, h] }`), without its square-only limit.
import { DatasetError } from './errors'

/**
 * Largest sprite side accepted, in pixels: 16384. Browsers decode images this large, but WebGL's
 * `MAX_TEXTURE_SIZE` (often 8192 or 16384, checked at render time) may be smaller; the renderer
 * then downscales the sheet to fit, so a sheet is never refused for the GPU's sake.
 */
export const MAX_SPRITE_SIDE = 16384

/**
 * How a sprite sheet is cut: thumbnails of `cellWidth` × `cellHeight` pixels in row-major order
 * (item 0 top left, then along the top row), `cols` × `rows` of them. Pixels right of the last
 * column or below the last row are ignored, as the Projector ignores them.
 */
export interface SpriteGrid {
  /** Thumbnails per row: floor(imageWidth / cellWidth), ≥ 1. */
  cols: number
  /** Rows of thumbnails: floor(imageHeight / cellHeight), ≥ 1. */
  rows: number
  /** One thumbnail's size in pixels: positive integers, at most the image's size. */
  cellWidth: number
  cellHeight: number
  /** The whole image's size in pixels: positive integers, at most MAX_SPRITE_SIDE. */
  imageWidth: number
  imageHeight: number
}

const px = (w: number, h: number) => `${w}×${h} px`

/**
 * The grid of a sprite sheet that must hold `items` thumbnails. `cellWidth`/`cellHeight` come
 * from a config's `singleImageDim`; when they are undefined (a sprite dropped without a config)
 * they follow the Projector's convention of a square grid of ceil(√items) thumbnails per side,
 * cut from an image of any aspect ratio. Throws a DatasetError naming `file` when the sizes are
 * not positive whole pixels, the image is too large, a thumbnail is larger than the image, or
 * the grid holds fewer thumbnails than there are items.
 */
export function spriteGrid(
  file: string,
  imageWidth: number,
  imageHeight: number,
  cellWidth: number | undefined,
  cellHeight: number | undefined,
  items: number,
): SpriteGrid {
  const whole = (v: number) => Number.isInteger(v) && v > 0
  if (!whole(imageWidth) || !whole(imageHeight))
    throw new DatasetError(file, `the image has no pixels (${px(imageWidth, imageHeight)})`)
  if (imageWidth > MAX_SPRITE_SIDE || imageHeight > MAX_SPRITE_SIDE)
    throw new DatasetError(
      file,
      `the image is ${px(imageWidth, imageHeight)}; a sprite sheet can be at most ` +
        `${MAX_SPRITE_SIDE} px on a side (make the thumbnails smaller)`,
    )
  const inferred = cellWidth === undefined || cellHeight === undefined
  if (inferred) {
    const side = Math.max(1, Math.ceil(Math.sqrt(items)))
    cellWidth = Math.floor(imageWidth / side)
    cellHeight = Math.floor(imageHeight / side)
    if (cellWidth < 1 || cellHeight < 1)
      throw new DatasetError(
        file,
        `a ${px(imageWidth, imageHeight)} image is too small for ${items} thumbnails in a ` +
          `${side} × ${side} grid (give the thumbnail size as singleImageDim in a projector_config.json)`,
      )
  } else if (!whole(cellWidth!) || !whole(cellHeight!))
    throw new DatasetError(
      file,
      `the thumbnail size must be positive whole pixels, not ${JSON.stringify([cellWidth, cellHeight])}`,
    )
  const w = cellWidth!
  const h = cellHeight!
  if (w > imageWidth || h > imageHeight)
    throw new DatasetError(
      file,
      `the image is ${px(imageWidth, imageHeight)}, smaller than one ${px(w, h)} thumbnail`,
    )
  const cols = Math.floor(imageWidth / w)
  const rows = Math.floor(imageHeight / h)
  if (cols * rows < items)
    throw new DatasetError(
      file,
      `a ${px(imageWidth, imageHeight)} image holds ${cols * rows} thumbnails of ${px(w, h)} ` +
        `(${cols} × ${rows}), but there are ${items} points` +
        (inferred
          ? ' (thumbnail size inferred: give singleImageDim in a projector_config.json)'
          : ''),
    )
  return { cols, rows, cellWidth: w, cellHeight: h, imageWidth, imageHeight }
}

/** Item `i`'s thumbnail in image pixels, origin at the image's top-left corner, y down. */
export function cellRect(
  grid: SpriteGrid,
  i: number,
): { x: number; y: number; w: number; h: number } {
  const col = i % grid.cols
  const row = Math.floor(i / grid.cols)
  return {
    x: col * grid.cellWidth,
    y: row * grid.cellHeight,
    w: grid.cellWidth,
    h: grid.cellHeight,
  }
}

/**
 * Item `i`'s thumbnail as normalised texture coordinates [u0, v0, u1, v1], (u0, v0) its top-left
 * corner. Convention: v = 0 is the image's TOP row and grows downwards, which is what a texture
 * uploaded with `flipY = false` (the only choice for an ImageBitmap in three.js) holds, and also
 * the direction of `gl_PointCoord` (origin top-left), so `mix(uv0, uv1, gl_PointCoord)` needs no
 * flip anywhere. `insetPx` (default 0) shrinks the rect by that many pixels on each side, so
 * linear filtering does not bleed a neighbouring thumbnail into the edge.
 */
export function cellUv(grid: SpriteGrid, i: number, insetPx = 0): [number, number, number, number] {
  const r = cellRect(grid, i)
  const W = grid.imageWidth
  const H = grid.imageHeight
  return [
    (r.x + insetPx) / W,
    (r.y + insetPx) / H,
    (r.x + r.w - insetPx) / W,
    (r.y + r.h - insetPx) / H,
  ]
}

/** What an image file's header says, read without decoding it. */
export interface ImageHeader {
  type: 'png' | 'jpeg'
  width: number
  height: number
}

/**
 * The type and pixel size of a PNG or JPEG from its first bytes, or null for anything else (or a
 * header too damaged to read). Lets a loader refuse an oversized sheet before the browser spends
 * a gigabyte decoding it. For JPEG this reads the first start-of-frame marker.
 */
export function imageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= 24 && png.every((b, i) => bytes[i] === b))
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  let at = 2
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null
    const marker = bytes[at + 1]
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2 // standalone markers carry no length
      continue
    }
    // SOF0–SOF15 carry the frame size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { type: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) }
    if (marker === 0xd9 || marker === 0xda) return null // end of image / scan before any frame
    at += 2 + view.getUint16(at + 2)
  }
  return null
}
