// The scene's contract with whoever hosts it: what goes in (a source of buffers, a sprite sheet,
// camera requests) and what comes back (a handle). Types only, so the app can import them
// without pulling in three.
import type { SpriteGrid } from '../model/datasets/sprite'
import type { CameraPose } from './camera'

/**
 * The newest layout and the vectors it came from. The arrays are replaced (not mutated) when new
 * ones arrive, up to 30 times a second; the scene reads them in `useFrame`, never through React.
 */
export interface SceneFrame {
  /** Training run the buffers belong to. */
  readonly run: number
  /** Training step of the vectors. */
  readonly step: number
  /** How many items the buffers hold (0 before the first layout). */
  readonly items: number
  /** Length of each vector. */
  readonly dim: number
  /** Dimensions of the layout: 2 keeps z at 0. */
  readonly dims: 2 | 3
  /** Item vectors, `items · dim` numbers. */
  readonly vectors: Float32Array
  /** Projected positions, `items · 3` numbers (x, y, z per item). */
  readonly positions: Float32Array
  /** Per-item neighbour recall of the last quality measurement, or null. */
  readonly pointRecall: Float32Array | null
}

/** Where the scene gets its buffers: the newest frame on demand, and word when it changes. */
export interface SceneSource {
  current(): SceneFrame
  /** Calls `listener` after each new frame; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** What the host can ask the drawn scene; handed out through the Scene's `onReady` prop. */
export interface SceneHandle {
  /** Where item `index` is drawn now, in CSS px from the canvas's top-left; null when hidden or behind the camera. */
  project(index: number): [number, number] | null
  /** Draws now and returns the canvas, to be read in the same task (the buffer is not kept). */
  capture(): HTMLCanvasElement | null
  /** Frames drawn so far (for frame-rate measurements). */
  frames(): number
  /** The camera as last drawn (scene units), or null before the first frame. */
  camera(): CameraPose | null
}

/** A one-off request to move the camera; `nonce` makes a repeated request a new one. */
export interface CameraRequest {
  kind: 'fit-data' | 'fit-selection' | 'reset' | 'set'
  nonce: number
  /** For 'set': where the camera goes (a shared link's camera). */
  position?: [number, number, number]
  target?: [number, number, number]
}

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

/** The 2D drag gesture: draw a lasso or a box to select. */
export type SelectTool = 'lasso' | 'box'
