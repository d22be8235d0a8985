import { TrainingHistory } from '../../model/history'

/** Memory the replay history may use; older snapshots are thinned to stay within it. */
const HISTORY_BYTES = 64 * 2 ** 20

/**
 * The newest per-frame buffers: projected positions and the vectors they came from, held once on
 * the main thread. They change up to 30 times a second, so they live here, outside React state:
 * the scene reads them in `useFrame`, panels subscribe; the store only holds versions and metadata.
 */
export interface LiveBuffers {
  /** Which run (load or reset) the buffers belong to; -1 before the first layout. */
  run: number
  step: number
  items: number
  dim: number
  dims: 2 | 3
  vectors: Float32Array
  positions: Float32Array
  /** Per-point neighbour recall of the last quality measurement, or null. */
  pointRecall: Float32Array | null
  /** One snapshot of the vectors per epoch, for the replay scrubber (bounded, thinned evenly). */
  readonly history: TrainingHistory
  /** The camera as last drawn (scene units), for shared links and bookmarks. */
  camera: { position: [number, number, number]; target: [number, number, number] } | null
  /** Frames the scene has drawn so far (for the rendering benchmark). */
  frames: number
  /** Where the scene draws an item now (CSS px in the canvas), null when hidden or behind the camera; set by the scene. */
  project: ((index: number) => [number, number] | null) | null
  /** Draws the plot now and returns its canvas, for a picture of it; set by the scene. */
  capture: (() => HTMLCanvasElement) | null
}

/** The live buffers plus a way to hear when new ones arrive. */
export interface Live extends LiveBuffers {
  /** Calls `listener` after every new set of positions (and vectors); returns the unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Tells every subscriber that the buffers changed. */
  publish(): void
}

export function createLive(): Live {
  const listeners = new Set<() => void>()
  return {
    run: -1,
    step: -1,
    items: 0,
    dim: 0,
    dims: 3,
    vectors: new Float32Array(0),
    positions: new Float32Array(0),
    pointRecall: null,
    history: new TrainingHistory(HISTORY_BYTES),
    camera: null,
    frames: 0,
    project: null,
    capture: null,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    publish() {
      for (const l of [...listeners]) l()
    },
  }
}
