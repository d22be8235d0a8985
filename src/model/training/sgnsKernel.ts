/**
 * Word2vec's skip-gram negative-sampling update over plain Float32Arrays: for each
 * (center, target) of a batch, only the rows in play are read and written, so one pair costs
 * (1 + negatives) dot products and row updates of length `dim` instead of a TensorFlow.js dispatch.
 * This is the rule of word2vec.c and gensim (plain SGD, no optimiser state):
 *
 *   g = (label − σ(u·v_t)) · rate;  Δu += g·v_t;  v_t += g·u;  then u += Δu (− rate·2·l2·u)
 *
 * Pure: no tfjs, no DOM; tested and benchmarked in Node.
 */

/** Arguments of one batch. `targets` holds, per center, its context then its negatives. */
export interface SgnsBatch {
  centers: Int32Array
  /** centers.length × (1 + negatives) item ids; the first of each row is the positive context. */
  targets: Int32Array
  /** Number of pairs of `centers` to train (may be smaller than its length). */
  count: number
}

/**
 * σ and softplus are read from tables over [−MAX_EXP, MAX_EXP] as word2vec.c does (its EXP_TABLE):
 * an exp and a log per target would cost more than the arithmetic of the update itself.
 * Beyond the range σ is 0 or 1 (the update vanishes, as in word2vec) and softplus is linear.
 */
const MAX_EXP = 8
const TABLE_SIZE = 2048
const SCALE = TABLE_SIZE / (2 * MAX_EXP)
/** SIGMOID[i] = σ(x_i), x_i = (i / TABLE_SIZE · 2 − 1) · MAX_EXP. */
const SIGMOID = new Float64Array(TABLE_SIZE + 1)
/** SOFTPLUS_NEG[i] = log(1 + exp(−x_i)) = −log σ(x_i). */
const SOFTPLUS_NEG = new Float64Array(TABLE_SIZE + 1)
for (let i = 0; i <= TABLE_SIZE; i++) {
  const x = ((i / TABLE_SIZE) * 2 - 1) * MAX_EXP
  SIGMOID[i] = 1 / (1 + Math.exp(-x))
  SOFTPLUS_NEG[i] = Math.log1p(Math.exp(-x))
}

/**
 * Trains one batch in place on `input` (centers' vectors) and `output` (context vectors), both
 * items × dim row-major, with `dim` a multiple of 4 or not. Returns the summed loss
 * −log σ(u·v) − Σ log σ(−u·v_neg) (plus l2·|u|², as the TensorFlow.js objective has it) over the
 * batch's pairs, each measured before its pair's update; NaN as soon as a score is not a number
 * (a diverged run), leaving the rest of the batch untrained.
 */
export function sgnsStep(
  input: Float32Array,
  output: Float32Array,
  dim: number,
  batch: SgnsBatch,
  negatives: number,
  rate: number,
  l2: number,
  /** Scratch row of length ≥ dim (Δu); passed in so a step allocates nothing. */
  scratch: Float32Array,
): number {
  const k1 = 1 + negatives
  const { centers, targets, count } = batch
  const decay = 1 - 2 * rate * l2
  const dim4 = dim - (dim % 4)
  let loss = 0
  for (let i = 0; i < count; i++) {
    const u = centers[i] * dim
    scratch.fill(0, 0, dim)
    if (l2 > 0) {
      let sq = 0
      for (let j = 0; j < dim; j++) sq += input[u + j] * input[u + j]
      loss += l2 * sq
    }
    const row = i * k1
    for (let k = 0; k < k1; k++) {
      const v = targets[row + k] * dim
      // Four running sums: shorter dependency chains than one.
      let f0 = 0
      let f1 = 0
      let f2 = 0
      let f3 = 0
      let j = 0
      for (; j < dim4; j += 4) {
        f0 += input[u + j] * output[v + j]
        f1 += input[u + j + 1] * output[v + j + 1]
        f2 += input[u + j + 2] * output[v + j + 2]
        f3 += input[u + j + 3] * output[v + j + 3]
      }
      for (; j < dim; j++) f0 += input[u + j] * output[v + j]
      const f = f0 + f1 + f2 + f3
      if (f !== f) return NaN
      // The label's score: f for the context, −f for a negative; the loss is softplus(−score).
      const score = k === 0 ? f : -f
      let g: number
      if (score >= MAX_EXP) continue // σ(score) = 1: nothing to learn, no loss
      if (score <= -MAX_EXP) {
        loss -= score
        g = rate
      } else {
        const idx = ((score + MAX_EXP) * SCALE) | 0
        loss += SOFTPLUS_NEG[idx]
        g = (1 - SIGMOID[idx]) * rate
      }
      if (k !== 0) g = -g
      for (let j = 0; j < dim; j++) {
        scratch[j] += g * output[v + j]
        output[v + j] += g * input[u + j]
      }
    }
    if (l2 > 0) for (let j = 0; j < dim; j++) input[u + j] = input[u + j] * decay + scratch[j]
    else for (let j = 0; j < dim; j++) input[u + j] += scratch[j]
  }
  return loss
}
