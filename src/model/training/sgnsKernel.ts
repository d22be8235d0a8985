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
 * Largest difference between `tableSigmoid(x)` and σ(x) for any x: the nearest entry is at most
 * half a step (1/256) away and σ' ≤ 1/4, and σ(±8) is within 3.4e-4 of the 1 or 0 used beyond.
 */
export const SIGMOID_TABLE_ERROR = 1e-3

/** The table entry nearest x, for −MAX_EXP < x < MAX_EXP. */
function tableIndex(x: number): number {
  return ((x + MAX_EXP) * SCALE + 0.5) | 0
}

/** σ(x) as the kernel reads it: the nearest table entry, 0 or 1 beyond ±MAX_EXP. */
export function tableSigmoid(x: number): number {
  if (x >= MAX_EXP) return 1
  if (x <= -MAX_EXP) return 0
  return SIGMOID[tableIndex(x)]
}

/** Longest vector `sgnsStep` trains (the Model tab allows up to 64). */
export const KERNEL_MAX_DIM = 1024
/**
 * The center's row in float64 and its summed change Δu. Module constants, not arguments: V8 then
 * knows each array's storage and length when it compiles the loops (measured 1.4× faster than the
 * same arrays passed in), and a step allocates nothing.
 */
const ROW = new Float64Array(KERNEL_MAX_DIM)
const DELTA = new Float64Array(KERNEL_MAX_DIM)

/** u·v_t, with u in ROW and v_t the output row at offset `v`. */
function dot(output: Float32Array, v: number, dim: number, dim4: number): number {
  const uu = ROW
  // Four running sums: shorter dependency chains than one.
  let f0 = 0
  let f1 = 0
  let f2 = 0
  let f3 = 0
  let j = 0
  for (; j < dim4; j += 4) {
    f0 += uu[j] * output[v + j]
    f1 += uu[j + 1] * output[v + j + 1]
    f2 += uu[j + 2] * output[v + j + 2]
    f3 += uu[j + 3] * output[v + j + 3]
  }
  for (; j < dim; j++) f0 += uu[j] * output[v + j]
  return f0 + f1 + f2 + f3
}

/** Δu += g·v_t and v_t += g·u, for the output row at offset `v`. */
function update(output: Float32Array, v: number, g: number, dim: number, dim4: number): void {
  const uu = ROW
  const du = DELTA
  let j = 0
  for (; j < dim4; j += 4) {
    const o0 = output[v + j]
    const o1 = output[v + j + 1]
    const o2 = output[v + j + 2]
    const o3 = output[v + j + 3]
    du[j] += g * o0
    du[j + 1] += g * o1
    du[j + 2] += g * o2
    du[j + 3] += g * o3
    output[v + j] = o0 + g * uu[j]
    output[v + j + 1] = o1 + g * uu[j + 1]
    output[v + j + 2] = o2 + g * uu[j + 2]
    output[v + j + 3] = o3 + g * uu[j + 3]
  }
  for (; j < dim; j++) {
    const o = output[v + j]
    du[j] += g * o
    output[v + j] = o + g * uu[j]
  }
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
): number {
  if (dim > KERNEL_MAX_DIM)
    throw new RangeError(`the kernel trains at most ${KERNEL_MAX_DIM} dimensions`)
  const k1 = 1 + negatives
  const { centers, targets, count } = batch
  const decay = 1 - 2 * rate * l2
  const dim4 = dim - (dim % 4)
  const uu = ROW
  const du = DELTA
  let loss = 0
  for (let i = 0; i < count; i++) {
    const u = centers[i] * dim
    let sq = 0
    for (let j = 0; j < dim; j++) {
      const x = input[u + j]
      uu[j] = x
      du[j] = 0
      sq += x * x
    }
    loss += l2 * sq
    const row = i * k1
    let v = targets[row] * dim
    let f = dot(output, v, dim, dim4)
    for (let k = 0; k < k1; k++) {
      if (f !== f) return NaN
      const next = k + 1 < k1 ? targets[row + k + 1] * dim : -1
      // The label's score: f for the context, −f for a negative; the loss is softplus(−score).
      const score = k === 0 ? f : -f
      // g stays 0 for score ≥ MAX_EXP: σ counts as 1 there, nothing to learn and no loss.
      let g = 0
      if (score <= -MAX_EXP) {
        loss -= score
        g = rate
      } else if (score < MAX_EXP) {
        const idx = tableIndex(score)
        loss += SOFTPLUS_NEG[idx]
        g = (1 - SIGMOID[idx]) * rate
      }
      if (k !== 0) g = -g
      // The next row's score is taken after this row's update, as word2vec does: so when it is
      // the same row, it reads the updated numbers.
      if (g === 0 || next < 0 || next === v) {
        if (g !== 0) update(output, v, g, dim, dim4)
        if (next >= 0) f = dot(output, next, dim, dim4)
        v = next
        continue
      }
      // Else `update` of this row and `dot` of the next in one pass, reading u once for both
      // (about 10% faster than the two loops), with the same sums in the same order. Written out
      // here: as a function it is too long for V8 to inline, and the call costs more than it saves.
      let f0 = 0
      let f1 = 0
      let f2 = 0
      let f3 = 0
      let j = 0
      for (; j < dim4; j += 4) {
        const u0 = uu[j]
        const u1 = uu[j + 1]
        const u2 = uu[j + 2]
        const u3 = uu[j + 3]
        const o0 = output[v + j]
        const o1 = output[v + j + 1]
        const o2 = output[v + j + 2]
        const o3 = output[v + j + 3]
        du[j] += g * o0
        du[j + 1] += g * o1
        du[j + 2] += g * o2
        du[j + 3] += g * o3
        output[v + j] = o0 + g * u0
        output[v + j + 1] = o1 + g * u1
        output[v + j + 2] = o2 + g * u2
        output[v + j + 3] = o3 + g * u3
        f0 += u0 * output[next + j]
        f1 += u1 * output[next + j + 1]
        f2 += u2 * output[next + j + 2]
        f3 += u3 * output[next + j + 3]
      }
      for (; j < dim; j++) {
        const o = output[v + j]
        du[j] += g * o
        output[v + j] = o + g * uu[j]
        f0 += uu[j] * output[next + j]
      }
      f = f0 + f1 + f2 + f3
      v = next
    }
    for (let j = 0; j < dim; j++) input[u + j] = uu[j] * decay + du[j]
  }
  return loss
}
