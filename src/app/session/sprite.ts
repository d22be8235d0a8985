import { createStore } from 'zustand/vanilla'
import { DatasetError } from '../../model/datasets/errors'
import {
  imageHeader,
  MAX_SPRITE_SIDE,
  type SpriteGrid,
  spriteGrid,
} from '../../model/datasets/sprite'

/**
 * A decoded sprite sheet checked against the items it belongs to. The bitmap is the full-size
 * image; the renderer downscales its own texture copy when the GPU's `MAX_TEXTURE_SIZE` is
 * smaller (checked at render time, since it depends on the WebGL context, not the file).
 */
export interface SpriteSheet {
  bitmap: ImageBitmap
  grid: SpriteGrid
  /** The file's name, for messages and labels. */
  name: string
  /** The item count the grid was validated for: the scene shows images only when it matches. */
  items: number
}

/** An image file as a script or the loader may hold it. */
export type SpriteSource = File | { name: string; bytes: Uint8Array }

/** Bytes read to find an image's size: enough for a JPEG's start-of-frame after EXIF data. */
const HEADER_BYTES = 256 * 1024

/**
 * Decodes and validates a sprite sheet for `items` points. `cell` is the config's
 * `singleImageDim` [width, height]; undefined infers it (see `spriteGrid`). Decoding uses
 * `createImageBitmap`, which browsers run off the main thread's decode path. Rejects with a
 * DatasetError naming the file (not a PNG/JPEG, undecodable, oversized, grid too small), before
 * anything is stored: the caller decides when to `setSprite`.
 */
export async function loadSprite(
  file: SpriteSource,
  cell: readonly [number, number] | undefined,
  items: number,
): Promise<SpriteSheet> {
  const { name } = file
  const blob = file instanceof Blob ? file : new Blob([file.bytes as Uint8Array<ArrayBuffer>])
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer())
  const header = imageHeader(head)
  const jpegStart = head[0] === 0xff && head[1] === 0xd8
  if (!header && !jpegStart)
    throw new DatasetError(name, 'is not a PNG or JPEG image, so it cannot be a sprite sheet')
  // Refuse an oversized sheet from its header, before the browser decodes gigabytes of pixels.
  if (header && Math.max(header.width, header.height) > MAX_SPRITE_SIDE)
    spriteGrid(name, header.width, header.height, cell?.[0], cell?.[1], items) // throws
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none' })
  } catch {
    throw new DatasetError(name, 'could not be decoded as an image (is the file damaged?)')
  }
  try {
    const grid = spriteGrid(name, bitmap.width, bitmap.height, cell?.[0], cell?.[1], items)
    return { bitmap, grid, name, items }
  } catch (e) {
    bitmap.close()
    throw e
  }
}

/** What the scene, the thumbnails and the toggle read. */
export interface SpriteState {
  /** The current dataset's sprite sheet, or null (no images). */
  sheet: SpriteSheet | null
  /** Whether points are drawn as thumbnails when a sheet is loaded. Default true. */
  showImages: boolean
}

/**
 * Module-level store, apart from the main app store so that the scene and small components can
 * subscribe without the session's slices knowing about images (and it works without React).
 */
export const spriteStore = createStore<SpriteState>(() => ({ sheet: null, showImages: true }))

/** Makes `sheet` the current one; the previous bitmap is closed to free its memory at once. */
export function setSprite(sheet: SpriteSheet): void {
  const old = spriteStore.getState().sheet
  spriteStore.setState({ sheet })
  if (old && old.bitmap !== sheet.bitmap) old.bitmap.close()
}

/** Drops the current sheet (a new dataset without images); points go back to dots. */
export function clearSprite(): void {
  const old = spriteStore.getState().sheet
  if (!old) return
  spriteStore.setState({ sheet: null })
  old.bitmap.close()
}

/** Shows points as thumbnails (true) or as plain dots (false); kept across datasets. */
export function setShowImages(showImages: boolean): void {
  spriteStore.setState({ showImages })
}
