import * as tf from '@tensorflow/tfjs'
import type { PairsDataset } from '../datasets/types'
import { gatherPlain, gatherRows } from './gather'
import { createOptimizer, type Objective, type ObjectiveOptions } from './objective'
import type { TrainParams } from './params'
import { mulberry32, shuffledIndices } from './random'
import { auc } from './skipgram'
import { startVectors } from './table'

/** Share of interactions held out of training to score the model (about 10%). */
export const PAIRS_HOLDOUT_FRACTION = 0.1
/** Below this many interactions nothing is held out: every one is needed for training. */
export const MIN_INTERACTIONS_FOR_HOLDOUT = 20
/** At most this many held-out interactions are scored by `metrics()`. */
export const MAX_SCORED_INTERACTIONS = 2000
/** Redraws of a negative the user did interact with before it is accepted anyway. */
const NEGATIVE_RETRIES = 3

/**
 * Matrix factorisation on user–item interactions. Users and items are rows of ONE table (users
 * first, as in `PairsDataset`), so both live in one space; each row also has a bias, plus one
 * global bias. With ratings it predicts rating = u·v + b_u + b_i + g (g starts at the mean
 * training rating and is trained) with squared error. Without ratings (implicit feedback) it
 * scores each interaction against `negatives` items drawn uniformly from the items the user has
 * not interacted with, with the logistic loss: uniform rather than popularity-weighted, so the
 * item bias absorbs popularity and the held-out AUC (also against uniform items) measures what
 * was trained. About 10% of interactions are held out: `heldOutRmse` or `heldOutAuc`.
 */
export class PairsObjective implements Objective {
  readonly items: number
  readonly dim: number
  readonly stepsPerEpoch: number
  /** Interactions per step: `batchSize`, or fewer when there are fewer training interactions. */
  readonly batchSize: number
  /** True without ratings: logistic loss with sampled negatives. */
  readonly implicit: boolean
  private readonly table: tf.Variable<tf.Rank.R2>
  private readonly bias: tf.Variable<tf.Rank.R1>
  private readonly globalBias: tf.Variable<tf.Rank.R0>
  private readonly signs: tf.Tensor2D
  readonly optimizer: tf.Optimizer
  private readonly gather: typeof gatherRows
  private readonly negatives: number
  private readonly l2: number
  private readonly itemCount: number
  /** user · itemCount + item index, for every interaction (implicit only). */
  private readonly seen = new Set<number>()
  private readonly train: Int32Array
  private readonly heldOut: Int32Array
  /** One sampled negative item row per scored held-out interaction (implicit only). */
  private readonly heldOutNegatives: Int32Array
  private readonly random: () => number
  private order: Int32Array = new Int32Array(0)
  private cursor = 0
  /** RMSE of always predicting the mean training rating on the held-out ratings (explicit). */
  readonly baselineRmse: number | null = null

  constructor(
    private readonly ds: PairsDataset,
    p: TrainParams,
    opts: ObjectiveOptions = {},
  ) {
    this.items = ds.labels.length
    this.itemCount = this.items - ds.users
    if (ds.users < 1 || this.itemCount < 1 || ds.userRows.length === 0)
      throw new Error(`${ds.name} needs at least one user, one item and one interaction.`)
    this.dim = p.dim
    this.implicit = ds.ratings === null
    this.negatives = this.implicit ? p.negatives : 0
    this.l2 = p.l2
    this.gather = opts.plainGather ? gatherPlain : gatherRows
    this.random = mulberry32(p.seed ^ 0x5bd1e995)
    if (this.implicit) {
      for (let k = 0; k < ds.userRows.length; k++) this.seen.add(this.key(k))
    }
    const split = this.split(p.seed)
    this.train = split.train
    this.heldOut = split.heldOut.slice(0, MAX_SCORED_INTERACTIONS)
    const negRandom = mulberry32(p.seed ^ 0x7f4a7c15)
    this.heldOutNegatives = this.implicit
      ? Int32Array.from(this.heldOut, (k) => this.drawNegative(ds.userRows[k], negRandom))
      : new Int32Array(0)
    this.batchSize = Math.min(p.batchSize, this.train.length)
    this.stepsPerEpoch = Math.ceil(this.train.length / this.batchSize)

    let mean = 0
    if (ds.ratings) {
      for (const k of this.train) mean += ds.ratings[k]
      mean /= this.train.length
      if (this.heldOut.length > 0) {
        let se = 0
        for (const k of this.heldOut) se += (ds.ratings[k] - mean) ** 2
        this.baselineRmse = Math.sqrt(se / this.heldOut.length)
      }
    }
    this.table = tf.tidy(() =>
      tf.variable(tf.tensor2d(startVectors(this.items, p, opts.start), [this.items, p.dim])),
    )
    this.bias = tf.tidy(() => tf.variable(tf.zeros([this.items])))
    this.globalBias = tf.tidy(() => tf.variable(tf.scalar(mean)))
    const signs = new Float32Array(1 + this.negatives).fill(-1)
    signs[0] = 1
    this.signs = tf.tensor2d(signs, [1, 1 + this.negatives])
    this.optimizer = createOptimizer(p.optimizer, p.learningRate)
  }

  private key(k: number): number {
    return this.ds.userRows[k] * this.itemCount + (this.ds.itemRows[k] - this.ds.users)
  }

  /**
   * A seeded ~10% hold-out that only takes an interaction while its user and its item keep at
   * least one other in training, so every held-out row has a trained vector.
   */
  private split(seed: number): { train: Int32Array; heldOut: Int32Array } {
    const m = this.ds.userRows.length
    const target = m >= MIN_INTERACTIONS_FOR_HOLDOUT ? Math.round(PAIRS_HOLDOUT_FRACTION * m) : 0
    const left = new Int32Array(this.items)
    for (let k = 0; k < m; k++) {
      left[this.ds.userRows[k]]++
      left[this.ds.itemRows[k]]++
    }
    const held = new Uint8Array(m)
    let n = 0
    for (const k of shuffledIndices(m, mulberry32(seed ^ 0x3c6ef372))) {
      if (n >= target) break
      const u = this.ds.userRows[k]
      const i = this.ds.itemRows[k]
      if (left[u] > 1 && left[i] > 1) {
        left[u]--
        left[i]--
        held[k] = 1
        n++
      }
    }
    const train = new Int32Array(m - n)
    const heldOut = new Int32Array(n)
    for (let k = 0, a = 0, b = 0; k < m; k++) {
      if (held[k]) heldOut[b++] = k
      else train[a++] = k
    }
    return { train, heldOut }
  }

  /** A uniformly drawn item row, redrawn a few times while the user has interacted with it. */
  private drawNegative(user: number, random: () => number): number {
    let item = Math.floor(random() * this.itemCount)
    for (let r = 0; r < NEGATIVE_RETRIES && this.seen.has(user * this.itemCount + item); r++) {
      item = Math.floor(random() * this.itemCount)
    }
    return this.ds.users + item
  }

  /** Row ids per interaction: user, item, then the negatives (implicit). */
  private rowsOf(
    interactions: ArrayLike<number>,
    width: number,
    negatives: (b: number, k: number) => number,
  ): Int32Array {
    const ids = new Int32Array(interactions.length * width)
    for (let b = 0; b < interactions.length; b++) {
      const k = interactions[b]
      ids[b * width] = this.ds.userRows[k]
      ids[b * width + 1] = this.ds.itemRows[k]
      for (let j = 2; j < width; j++) ids[b * width + j] = negatives(b, k)
    }
    return ids
  }

  private nextBatch(): Int32Array {
    const batch = new Int32Array(this.batchSize)
    for (let b = 0; b < batch.length; b++) {
      if (this.cursor >= this.order.length) {
        this.order = shuffledIndices(this.train.length, this.random)
        this.cursor = 0
      }
      batch[b] = this.train[this.order[this.cursor++]]
    }
    return batch
  }

  /**
   * Logits (u·v + b_u + b_v + g) of each row's user against its `width − 1` items (the item, then
   * negatives): [n, width − 1]; also the gathered vectors [n, width, d] for the L2 term.
   */
  private logits(ids: tf.Tensor1D, n: number, width: number, gather = this.gather) {
    const vectors = tf.reshape(gather(this.table, ids), [n, width, this.dim])
    const u = tf.slice(vectors, [0, 0, 0], [n, 1, this.dim])
    const v = tf.slice(vectors, [0, 1, 0], [n, width - 1, this.dim])
    const dots = tf.sum(tf.mul(v, u), 2)
    const biases = tf.reshape(gather(this.bias, ids), [n, width])
    const bu = tf.slice(biases, [0, 0], [n, 1])
    const bv = tf.slice(biases, [0, 1], [n, width - 1])
    return { logits: tf.add(tf.add(dots, tf.add(bu, bv)), this.globalBias), vectors }
  }

  private loss(ids: tf.Tensor1D, ratings: tf.Tensor1D | null, n: number): tf.Scalar {
    const { logits, vectors } = this.logits(ids, n, 2 + this.negatives)
    const loss = ratings
      ? tf.mean(tf.square(tf.sub(tf.reshape(logits, [n]), ratings)))
      : // −log σ(±s) = softplus(∓s); tf.logSigmoid's gradient crashes here (REFERENCE.md).
        tf.div(tf.sum(tf.softplus(tf.neg(tf.mul(logits, this.signs)))), n)
    if (this.l2 === 0) return loss as tf.Scalar
    // L2 on the batch's user and (positive) item vectors.
    const pair = tf.slice(vectors, [0, 0, 0], [n, 2, this.dim])
    return tf.add(loss, tf.mul(this.l2, tf.div(tf.sum(tf.square(pair)), n))) as tf.Scalar
  }

  skipSteps(steps: number): void {
    for (let i = 0; i < steps; i++) {
      const batch = this.nextBatch()
      this.rowsOf(batch, 2 + this.negatives, (_, k) =>
        this.drawNegative(this.ds.userRows[k], this.random),
      )
    }
  }

  trainStep(): tf.Scalar {
    const batch = this.nextBatch()
    const rows = this.rowsOf(batch, 2 + this.negatives, (_, k) =>
      this.drawNegative(this.ds.userRows[k], this.random),
    )
    const ratings = this.ds.ratings ? Float32Array.from(batch, (k) => this.ds.ratings![k]) : null
    return tf.tidy(() => {
      const ids = tf.tensor1d(rows, 'int32')
      const r = ratings ? tf.tensor1d(ratings) : null
      return this.optimizer.minimize(() => this.loss(ids, r, batch.length), true) as tf.Scalar
    })
  }

  variables(): tf.Variable[] {
    return [this.table, this.bias, this.globalBias]
  }

  embedding(): tf.Tensor2D {
    return this.table
  }

  /**
   * Held-out score: `heldOutRmse` (and `baselineRmse`, predicting the mean rating) with ratings;
   * `heldOutAuc` without, the share of held-out interactions scored above a random item the user
   * never interacted with (ties count half; 0.5 is chance). Empty when nothing is held out.
   */
  async metrics(): Promise<Record<string, number>> {
    const n = this.heldOut.length
    if (n === 0) return {}
    const width = this.implicit ? 3 : 2
    const rows = this.rowsOf(this.heldOut, width, (b) => this.heldOutNegatives[b])
    const ratings = this.ds.ratings
    const result = tf.tidy(() => {
      const { logits } = this.logits(tf.tensor1d(rows, 'int32'), n, width, tf.gather)
      if (!ratings) {
        return auc(tf.slice(logits, [0, 0], [n, 1]), tf.slice(logits, [0, 1], [n, 1]))
      }
      const r = tf.tensor1d(Float32Array.from(this.heldOut, (k) => ratings[k]))
      return tf.sqrt(tf.mean(tf.square(tf.sub(tf.reshape(logits, [n]), r))))
    })
    const [value] = await result.data()
    result.dispose()
    if (this.implicit) return { heldOutAuc: value }
    return { heldOutRmse: value, baselineRmse: this.baselineRmse ?? NaN }
  }

  dispose(): void {
    this.table.dispose()
    this.bias.dispose()
    this.globalBias.dispose()
    this.signs.dispose()
    this.optimizer.dispose()
  }
}
