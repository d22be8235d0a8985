import * as tf from '@tensorflow/tfjs'
import type { GroupsDataset } from '../datasets/types'
import { gatherPlain, gatherRows } from './gather'
import { createOptimizer, type Objective, type ObjectiveOptions } from './objective'
import type { TrainParams } from './params'
import { mulberry32 } from './random'
import {
  AliasSampler,
  forEachPair,
  keepProbabilities,
  pairHash,
  Reservoir,
  shufflePairs,
  unigramWeights,
} from './sampling'
import { startVectors } from './table'

/** Share of distinct pairs held out of training to score the model (about 10%). */
export const HOLDOUT_FRACTION = 0.1
/** At most this many held-out pairs are scored by `metrics()`: a steady AUC at little cost. */
export const MAX_SCORED_PAIRS = 2000
/** Below this many distinct pairs nothing is held out: every pair is needed for training. */
export const MIN_PAIRS_FOR_HOLDOUT = 50
/** Redraws of a negative that equals the positive context before it is accepted anyway. */
const NEGATIVE_RETRIES = 3

/**
 * Skip-gram with negative sampling (word2vec) on groups of co-occurring items. Each item has an
 * input vector (the embedding shown) and an output (context) vector; for every (center, context)
 * pair of a group the loss is −log σ(u·v) − Σ log σ(−u·v_neg) over `negatives` items drawn from
 * the unigram distribution raised to 0.75. About 10% of pairs are held out to score the model.
 */
export class SkipGramObjective implements Objective {
  readonly items: number
  readonly dim: number
  readonly stepsPerEpoch: number
  /** Pairs per step: `batchSize`, or fewer when an epoch has fewer pairs. */
  readonly batchSize: number
  protected readonly input: tf.Variable<tf.Rank.R2>
  protected readonly output: tf.Variable<tf.Rank.R2>
  /** [1, 1 + negatives]: +1 for the positive context, −1 for each negative. */
  private readonly signs: tf.Tensor2D
  readonly optimizer: tf.Optimizer
  private readonly gather: typeof gatherRows
  protected readonly negatives: number
  private readonly window: number
  protected readonly l2: number
  private readonly sampler: AliasSampler
  private readonly keep: Float64Array | null
  private readonly holdout: boolean
  private readonly seed: number
  private readonly shuffleRandom: () => number
  private readonly subsampleRandom: () => number
  private readonly negativeRandom: () => number
  /**
   * This epoch's training pairs, (center, context) side by side: the first `count` pairs, with
   * room for all of them.
   */
  private readonly pairs: Int32Array
  private count = 0
  private cursor = 0
  /** Held-out (center, context, negative) triples scored by `metrics()`. */
  private readonly scored: { centers: Int32Array; contexts: Int32Array; negatives: Int32Array }

  constructor(
    private readonly ds: GroupsDataset,
    p: TrainParams,
    opts: ObjectiveOptions = {},
  ) {
    this.items = ds.labels.length
    this.dim = p.dim
    this.negatives = p.negatives
    this.window = p.window
    this.l2 = p.l2
    this.seed = p.seed
    this.gather = opts.plainGather ? gatherPlain : gatherRows
    this.shuffleRandom = mulberry32(p.seed ^ 0x5bd1e995)
    this.subsampleRandom = mulberry32(p.seed ^ 0x27d4eb2f)
    this.negativeRandom = mulberry32(p.seed ^ 0x165667b1)
    this.sampler = new AliasSampler(unigramWeights(ds.counts))
    this.keep = p.subsample > 0 ? keepProbabilities(ds.counts, p.subsample) : null

    let total = 0
    forEachPair(ds, p.window, () => total++)
    if (total === 0) throw new Error(`${ds.name} has no group of two or more items to learn from.`)
    this.holdout = total / 2 >= MIN_PAIRS_FOR_HOLDOUT
    this.scored = this.drawScoredPairs()
    this.pairs = new Int32Array(2 * total)
    this.fillEpoch()
    this.batchSize = Math.min(p.batchSize, this.count)
    this.stepsPerEpoch = Math.ceil(this.count / this.batchSize)

    this.input = tf.tidy(() =>
      tf.variable(tf.tensor2d(startVectors(this.items, p, opts.start), [this.items, p.dim])),
    )
    // Output vectors start at zero as in word2vec: the first steps move them, not the inputs.
    this.output = tf.tidy(() => tf.variable(tf.zeros([this.items, p.dim])))
    const signs = new Float32Array(1 + p.negatives).fill(-1)
    signs[0] = 1
    this.signs = tf.tensor2d(signs, [1, 1 + p.negatives])
    this.optimizer = createOptimizer(p.optimizer, p.learningRate)
  }

  /** True when the pair at positions (pi, pj) is held out; both directions share the verdict. */
  private isHeldOut(pi: number, pj: number): boolean {
    if (!this.holdout) return false
    return pairHash(Math.min(pi, pj), Math.max(pi, pj), this.seed) < HOLDOUT_FRACTION
  }

  /** A seeded sample of held-out pairs, each with a negative item drawn as in training. */
  private drawScoredPairs() {
    const reservoir = new Reservoir(MAX_SCORED_PAIRS, mulberry32(this.seed ^ 0x3c6ef372))
    forEachPair(this.ds, this.window, (c, x, pi, pj) => {
      if (this.isHeldOut(pi, pj)) reservoir.add(c, x)
    })
    const n = reservoir.size
    const negatives = new Int32Array(n)
    const random = mulberry32(this.seed ^ 0x7f4a7c15)
    for (let i = 0; i < n; i++) negatives[i] = this.drawNegative(reservoir.b[i], random)
    return { centers: reservoir.a.slice(0, n), contexts: reservoir.b.slice(0, n), negatives }
  }

  private drawNegative(context: number, random: () => number): number {
    let neg = this.sampler.sample(random)
    for (let r = 0; r < NEGATIVE_RETRIES && neg === context && this.items > 1; r++) {
      neg = this.sampler.sample(random)
    }
    return neg
  }

  /**
   * Builds and shuffles the next epoch's training pairs, subsampling frequent items afresh.
   * Without subsampling every epoch trains the same pairs: they are collected once and only
   * shuffled again after (half the cost of an epoch's pairs).
   */
  private fillEpoch(): void {
    this.cursor = 0
    if (!this.keep && this.count > 0) {
      shufflePairs(this.pairs, this.count, this.shuffleRandom)
      return
    }
    const collect = (c: number, x: number, pi: number, pj: number) => {
      if (this.isHeldOut(pi, pj)) return
      this.pairs[2 * this.count] = c
      this.pairs[2 * this.count + 1] = x
      this.count++
    }
    this.count = 0
    if (this.keep) {
      const keep = { probabilities: this.keep, random: this.subsampleRandom }
      forEachPair(this.ds, this.window, collect, keep)
    }
    // Subsampling can empty a tiny dataset's epoch; then the epoch uses every pair.
    if (this.count === 0) forEachPair(this.ds, this.window, collect)
    if (this.count === 0) throw new Error(`${this.ds.name}: every pair is held out.`)
    shufflePairs(this.pairs, this.count, this.shuffleRandom)
  }

  /** The next batch: center ids, and per center the context followed by its negatives. */
  protected nextBatch(): { centers: Int32Array; targets: Int32Array } {
    const centers = new Int32Array(this.batchSize)
    const targets = new Int32Array(this.batchSize * (1 + this.negatives))
    this.fillBatch(centers, targets)
    return { centers, targets }
  }

  /** Writes the next batch into arrays of `batchSize` and `batchSize · (1 + negatives)` ids. */
  protected fillBatch(centers: Int32Array, targets: Int32Array): void {
    const k1 = 1 + this.negatives
    for (let i = 0; i < this.batchSize; i++) {
      if (this.cursor >= this.count) this.fillEpoch()
      const context = this.pairs[2 * this.cursor + 1]
      centers[i] = this.pairs[2 * this.cursor++]
      targets[i * k1] = context
      for (let k = 1; k < k1; k++) {
        targets[i * k1 + k] = this.drawNegative(context, this.negativeRandom)
      }
    }
  }

  private loss(centers: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
    const b = centers.shape[0]
    const u = this.gather(this.input, centers) as tf.Tensor2D
    const v = tf.reshape(this.gather(this.output, targets), [b, 1 + this.negatives, this.dim])
    const scores = tf.sum(tf.mul(v, tf.expandDims(u, 1)), 2)
    // −log σ(s·sign) = softplus(−s·sign); tf.logSigmoid's gradient crashes here (REFERENCE.md).
    const loss = tf.div(tf.sum(tf.softplus(tf.neg(tf.mul(scores, this.signs)))), b)
    if (this.l2 === 0) return loss as tf.Scalar
    return tf.add(loss, tf.mul(this.l2, tf.mean(tf.sum(tf.square(u), 1)))) as tf.Scalar
  }

  skipSteps(steps: number): void {
    const centers = new Int32Array(this.batchSize)
    const targets = new Int32Array(this.batchSize * (1 + this.negatives))
    for (let i = 0; i < steps; i++) this.fillBatch(centers, targets)
  }

  trainStep(): tf.Scalar {
    const batch = this.nextBatch()
    return tf.tidy(() => {
      const centers = tf.tensor1d(batch.centers, 'int32')
      const targets = tf.tensor1d(batch.targets, 'int32')
      return this.optimizer.minimize(() => this.loss(centers, targets), true) as tf.Scalar
    })
  }

  variables(): tf.Variable[] {
    return [this.input, this.output]
  }

  embedding(): tf.Tensor2D {
    return this.input
  }

  /**
   * Scores on held-out pairs: `heldOutAuc`, the share of held-out (center, context) pairs the
   * model scores (u·v) above the same center with a sampled negative (ties count half; 0.5 is
   * chance), and `heldOutCosineAuc`, the same by cosine between input vectors, which is what
   * the neighbour list shows. Empty when the dataset is too small to hold pairs out.
   */
  async metrics(): Promise<Record<string, number>> {
    const { centers, contexts, negatives } = this.scored
    if (centers.length === 0) return {}
    const result = tf.tidy(() => {
      const c = tf.tensor1d(centers, 'int32')
      const x = tf.tensor1d(contexts, 'int32')
      const n = tf.tensor1d(negatives, 'int32')
      const u = tf.gather(this.input, c)
      const dot = (a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(a, w), 1)
      const cosine = (ids: tf.Tensor1D) => {
        const w = tf.gather(this.input, ids)
        return tf.div(dot(u, w), tf.add(tf.norm(w, 'euclidean', 1), 1e-12))
      }
      return tf.stack([
        auc(dot(u, tf.gather(this.output, x)), dot(u, tf.gather(this.output, n))),
        auc(cosine(x), cosine(n)),
      ])
    })
    const [heldOutAuc, heldOutCosineAuc] = await result.data()
    result.dispose()
    return { heldOutAuc, heldOutCosineAuc }
  }

  dispose(): void {
    this.input.dispose()
    this.output.dispose()
    this.signs.dispose()
    this.optimizer.dispose()
  }
}

/** Share of positions where `pos` beats `neg`, ties counting half (paired AUC). */
export function auc(pos: tf.Tensor, neg: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.add(
      tf.mean(tf.cast(tf.greater(pos, neg), 'float32')),
      tf.mul(0.5, tf.mean(tf.cast(tf.equal(pos, neg), 'float32'))),
    ),
  )
}
