import * as tf from '@tensorflow/tfjs'
import type { Objective, SavedVariable } from './objective'
import { readTensors, readWeights, type SavedWeight } from './runState'

/** An optimiser's state as `getWeights` gives it: the step count, then its variables. */
type OptimizerWeights = Awaited<ReturnType<tf.Optimizer['getWeights']>>

/**
 * Every trained variable of an objective and its optimiser's state at one moment, kept to roll a
 * diverged run back. Taking one copies nothing: tfjs tensors are immutable and a variable's
 * `assign` swaps in new storage, so a clone keeps the old values alive (on any backend, no
 * download) until it is disposed.
 */
export class Checkpoint<Meta> {
  private constructor(
    /** What the owner keeps beside the values (its step, epoch and loss accounting). */
    readonly meta: Meta,
    private readonly vars: tf.Tensor[],
    private readonly optimizer: OptimizerWeights | null,
  ) {}

  static async take<Meta>(o: Objective, meta: Meta): Promise<Checkpoint<Meta>> {
    const vars = o.variables().map((v) => v.clone())
    // getWeights gives a fresh iteration-count scalar first, then the optimiser's own variables.
    const weights = o.optimizer ? await o.optimizer.getWeights() : null
    const optimizer =
      weights?.map((w, i) => ({ name: w.name, tensor: i === 0 ? w.tensor : w.tensor.clone() })) ??
      null
    return new Checkpoint(meta, vars, optimizer)
  }

  /** Puts the kept values back into the objective it was taken from. */
  async restore(o: Objective): Promise<void> {
    o.variables().forEach((v, i) => v.assign(this.vars[i]))
    await o.reload?.()
    if (!o.optimizer || !this.optimizer) return
    const replaced = await o.optimizer.getWeights()
    // setWeights makes new variables over the kept tensors; the diverged ones are let go.
    await o.optimizer.setWeights(this.optimizer)
    for (const w of replaced) w.tensor.dispose()
  }

  /** Copies of the kept values (read from clones, so the checkpoint may be let go meanwhile). */
  async read(): Promise<{ variables: SavedVariable[]; optimizer: SavedWeight[] }> {
    const [variables, optimizer] = await Promise.all([
      readTensors(this.vars),
      readWeights(this.optimizer ?? []),
    ])
    return { variables, optimizer }
  }

  dispose(): void {
    for (const t of this.vars) t.dispose()
    for (const w of this.optimizer ?? []) w.tensor.dispose()
  }
}
