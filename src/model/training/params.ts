/** Hyperparameters of the table objective. Each has a UI control (issue 4) with this text. */
export interface TableParams {
  /** Embedding dimension: numbers per item vector. Default 12, range 2–64. */
  dim: number
  /** Adam learning rate. Default 0.03, range 0.0001–1. */
  learningRate: number
  /** Items per training step. Default 32, range 1–4096. */
  batchSize: number
  /** Weight of the L2 penalty on the item vectors (mean squared length per batch). Default 0.01, range 0–1. */
  l2: number
  /** Seed for the initial vectors and the batch order; same seed, backend and data give the same run. Default 1. */
  seed: number
}

export const DEFAULT_TABLE_PARAMS: TableParams = {
  dim: 12,
  learningRate: 0.03,
  batchSize: 32,
  l2: 0.01,
  seed: 1,
}

/** Allowed ranges, used to validate params that arrive from the UI or the automation API. */
export const TABLE_PARAM_RANGES: Record<keyof TableParams, [number, number]> = {
  dim: [2, 64],
  learningRate: [0.0001, 1],
  batchSize: [1, 4096],
  l2: [0, 1],
  seed: [0, 2 ** 31 - 1],
}

export function validateTableParams(p: Partial<TableParams>): TableParams {
  const out = { ...DEFAULT_TABLE_PARAMS, ...p }
  for (const key of Object.keys(TABLE_PARAM_RANGES) as (keyof TableParams)[]) {
    const [lo, hi] = TABLE_PARAM_RANGES[key]
    const v = out[key]
    if (!Number.isFinite(v) || v < lo || v > hi)
      throw new RangeError(`${key} must be between ${lo} and ${hi}, got ${v}`)
  }
  out.dim = Math.round(out.dim)
  out.batchSize = Math.round(out.batchSize)
  return out
}
