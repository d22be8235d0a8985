import * as tf from '@tensorflow/tfjs'
import type { GroupsDataset } from '../datasets/types'
import type { ObjectiveOptions } from './objective'
import type { TrainParams } from './params'
import { type SgnsBatch, sgnsStep } from './sgnsKernel'
import { SkipGramObjective } from './skipgram'
import { startVectors } from './table'

/**
 * Skip-gram with negative sampling trained by the typed-array kernel (`sgnsStep`, word2vec's plain
 * SGD update on the rows in play) instead of a TensorFlow.js step: the same pairs, hold-out,
 * negatives, seeds and metrics as `SkipGramObjective`, and over ten times the pairs a second of
 * its TensorFlow.js step on wasm (`npm run bench -- kernel`). The vectors live in two
 * Float32Arrays; the tfjs variables (what snapshots, checkpoints, metrics and saved runs read) are
 * brought up to date only when asked for.
 */
export class FastSkipGramObjective extends SkipGramObjective {
  private readonly inputRows: Float32Array
  private readonly outputRows: Float32Array
  /** The batch, refilled every step (a step allocates nothing but its loss scalar). */
  private readonly batch: SgnsBatch
  private rate: number
  /** True when the arrays have changed since the tfjs variables were last written. */
  private dirty = false

  constructor(ds: GroupsDataset, p: TrainParams, opts: ObjectiveOptions = {}) {
    // The starting rows are drawn here and handed to the tfjs variables, not read back from them:
    // a read would be a synchronous download on a GPU backend (CONVENTIONS.md).
    const start = startVectors(ds.labels.length, p, opts.start)
    super(ds, p, { ...opts, start })
    // A copy: the cpu backend may keep `start` itself as the variable's storage.
    this.inputRows = start.slice()
    // Output vectors start at zero, as SkipGramObjective makes them.
    this.outputRows = new Float32Array(this.items * this.dim)
    this.rate = p.learningRate
    this.batch = {
      centers: new Int32Array(this.batchSize),
      targets: new Int32Array(this.batchSize * (1 + p.negatives)),
      count: this.batchSize,
    }
  }

  override trainStep(): tf.Scalar {
    const { batch } = this
    this.fillBatch(batch.centers, batch.targets)
    const loss = sgnsStep(
      this.inputRows,
      this.outputRows,
      this.dim,
      batch,
      this.negatives,
      this.rate,
      this.l2,
    )
    this.dirty = true
    return tf.scalar(loss / batch.count)
  }

  setLearningRate(rate: number): void {
    this.rate = rate
  }

  /** Writes the arrays into the tfjs variables (copies: tfjs tensors must never change). */
  private sync(): void {
    if (!this.dirty) return
    this.dirty = false
    tf.tidy(() => {
      this.input.assign(tf.tensor2d(this.inputRows.slice(), [this.items, this.dim]))
      this.output.assign(tf.tensor2d(this.outputRows.slice(), [this.items, this.dim]))
    })
  }

  async reload(): Promise<void> {
    // At once, before the read: the arrays are stale and must not be written over what was put back.
    this.dirty = false
    const [input, output] = await Promise.all([this.input.data(), this.output.data()])
    this.inputRows.set(input as Float32Array)
    this.outputRows.set(output as Float32Array)
  }

  override variables(): tf.Variable[] {
    this.sync()
    return super.variables()
  }

  override embedding(): tf.Tensor2D {
    this.sync()
    return super.embedding()
  }

  override metrics(): Promise<Record<string, number>> {
    this.sync()
    return super.metrics()
  }
}
