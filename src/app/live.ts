/**
 * The newest per-frame buffers: projected positions and the vectors they came from. They change
 * up to 30 times a second, so they live here, outside React state; the store only bumps a version.
 */
export interface LiveBuffers {
  run: number
  step: number
  items: number
  dim: number
  dims: 2 | 3
  vectors: Float32Array
  positions: Float32Array
  /** Per-point neighbour recall of the last quality measurement, or null. */
  pointRecall: Float32Array | null
}

export function emptyBuffers(): LiveBuffers {
  return {
    run: -1,
    step: -1,
    items: 0,
    dim: 0,
    dims: 3,
    vectors: new Float32Array(0),
    positions: new Float32Array(0),
    pointRecall: null,
  }
}
