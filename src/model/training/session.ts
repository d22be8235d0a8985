import { firstNonFinite, nonFiniteName } from '../finite'
import { Checkpoint } from './checkpoint'
import type { Divergence } from './messages'
import { type Objective, setOptimizerRate } from './objective'
import type { PartialEpoch, RunState } from './runState'

/** A copy of the embedding table at one moment of training. */
export interface Snapshot {
  /** Training steps (batches) done so far; grows monotonically within a run. */
  step: number
  epoch: number
  /** Mean batch loss over the last completed (or current) epoch; null before the first step. */
  loss: number | null
  items: number
  dim: number
  data: Float32Array
}

export interface Progress {
  step: number
  epoch: number
  loss: number | null
  /** Training steps per second over the last slice of work. */
  stepsPerSecond: number
  /** Mean loss of each epoch completed since the previous progress report, oldest first. */
  epochLosses: number[]
}

export interface SessionHooks {
  snapshot(s: Snapshot): void
  progress(p: Progress): void
  /** Called when `run` returns: 'done' when the epoch target was reached, 'paused' otherwise. */
  stopped(reason: 'done' | 'paused', p: Progress): void
  /**
   * Called (just before `stopped('paused')`) when the loss or the vectors became non-finite and
   * the run was rolled back to its last finite snapshot.
   */
  diverged?(d: Divergence): void
}

export interface SessionOptions {
  now: () => number
  /** Lets queued messages (pause) in; in a worker a MessageChannel round trip, not setTimeout. */
  yieldToEvents: () => Promise<void>
  /** Waits; used for the speed limit and to keep the final snapshot within the rate cap. */
  sleep?: (ms: number) => Promise<void>
  /** Minimum time between snapshots: 50 ms caps them at 20 per second. */
  snapshotIntervalMs?: number
  /** Time spent stepping before yielding to the event loop. */
  sliceMs?: number
  /** The learning rate for a step (the schedule); absent: the objective's own rate throughout. */
  learningRate?: (step: number) => number
}

/** The step, epoch and loss accounting that go back with a rolled-back run. */
interface Tally {
  step: number
  epoch: number
  lossSum: number
  lossCount: number
  lastEpochLoss: number | null
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Drives an Objective: runs steps in time slices, yields so pause can arrive, and posts
 * snapshots at a capped rate whatever the step rate. One run at a time.
 */
export class TrainingSession {
  step = 0
  epoch = 0
  /** Epoch at which the current run stops; null trains until paused. */
  target: number | null = null
  /**
   * Speed limit in steps per second, for watching learning in slow motion; null = as fast as the
   * backend goes. Range 0.5–10,000.
   */
  maxStepsPerSecond: number | null = null
  private lossSum = 0
  private lossCount = 0
  private lastEpochLoss: number | null = null
  private newEpochLosses: number[] = []
  private running = false
  private lastSnapshotAt = -Infinity
  private stepsPerSecond = 0
  /** The state of the last finite snapshot, and its loss accounting, to roll back to. */
  private lastGood: Checkpoint<Tally> | null = null
  /** Set when a number became non-finite; the run stops and rolls back. */
  private divergence: Omit<Divergence, 'backTo'> | null = null

  constructor(
    private readonly objective: Objective,
    private readonly hooks: SessionHooks,
    private readonly opts: SessionOptions,
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  get loss(): number | null {
    return this.lastEpochLoss ?? (this.lossCount ? this.lossSum / this.lossCount : null)
  }

  private progress(): Progress {
    const epochLosses = this.newEpochLosses
    this.newEpochLosses = []
    return {
      step: this.step,
      epoch: this.epoch,
      loss: this.loss,
      stepsPerSecond: this.stepsPerSecond,
      epochLosses,
    }
  }

  /**
   * Runs one batch and updates the epoch accounting. A non-finite loss is not counted: it marks
   * the run as diverged (see `diverged`), and the run stops and rolls back.
   */
  async trainOne(): Promise<void> {
    if (this.opts.learningRate) this.applyRate(this.opts.learningRate(this.step))
    const lossTensor = this.objective.trainStep()
    const [value] = await lossTensor.data()
    lossTensor.dispose()
    if (!Number.isFinite(value)) {
      this.divergence = { epoch: this.epoch + 1, what: 'loss', value: nonFiniteName(value) }
      return
    }
    this.step++
    this.lossSum += value
    this.lossCount++
    if (this.step % this.objective.stepsPerEpoch === 0) {
      this.epoch++
      this.lastEpochLoss = this.lossSum / this.lossCount
      this.newEpochLosses.push(this.lastEpochLoss)
      this.lossSum = 0
      this.lossCount = 0
    }
  }

  private rate: number | null = null

  private applyRate(rate: number): void {
    if (rate === this.rate) return
    this.rate = rate
    if (this.objective.setLearningRate) this.objective.setLearningRate(rate)
    else if (this.objective.optimizer) setOptimizerRate(this.objective.optimizer, rate)
  }

  /** True once a number became non-finite, until the rollback that follows. */
  get diverged(): boolean {
    return this.divergence !== null
  }

  /**
   * Posts the vectors now, and keeps this state to roll back to. Vectors with a NaN or ±Infinity
   * are never posted: they mark the run as diverged instead.
   */
  async postSnapshot(): Promise<void> {
    // Taken before the read, while nothing trains, so it holds exactly the posted state.
    const checkpoint = await Checkpoint.take(this.objective, this.tally())
    // A copy: the cpu backend's data() hands out the tensor's own storage, and the snapshot's
    // buffer is transferred (detached) when posted.
    const data = ((await this.objective.embedding().data()) as Float32Array).slice()
    const bad = firstNonFinite(data)
    if (bad !== null) {
      checkpoint.dispose()
      const epoch = this.step % this.objective.stepsPerEpoch === 0 ? this.epoch : this.epoch + 1
      this.divergence = { epoch, what: 'vectors', value: nonFiniteName(bad) }
      return
    }
    this.keep(checkpoint)
    this.hooks.snapshot({
      step: this.step,
      epoch: this.epoch,
      loss: this.loss,
      items: this.objective.items,
      dim: this.objective.dim,
      data,
    })
    // Timed from the post itself, so no two posts come closer than the interval (a pause between
    // reading the clock and posting, a collection say, used to let the next one come early).
    this.lastSnapshotAt = this.opts.now()
  }

  /** One batch while paused (the "single step" control): trains, reports, and posts a snapshot. */
  async stepOnce(): Promise<void> {
    if (this.running) return
    await this.keepStart()
    await this.trainOne()
    this.stepsPerSecond = 0
    if (!this.diverged) await this.postSnapshot()
    if (this.diverged) {
      await this.rollBack()
      await this.postSnapshot()
    }
    this.hooks.stopped('paused', this.progress())
  }

  /** The state a run starts from is the first one it can roll back to. */
  private async keepStart(): Promise<void> {
    if (this.lastGood?.meta.step === this.step) return
    const data = (await this.objective.embedding().data()) as Float32Array
    if (firstNonFinite(data) !== null) return // e.g. resumed from a bad record: nothing better
    this.keep(await Checkpoint.take(this.objective, this.tally()))
  }

  private keep(checkpoint: Checkpoint<Tally>): void {
    this.lastGood?.dispose()
    this.lastGood = checkpoint
  }

  private tally(): Tally {
    const { step, epoch, lossSum, lossCount, lastEpochLoss } = this
    return { step, epoch, lossSum, lossCount, lastEpochLoss }
  }

  /** Puts the last finite snapshot's state back, posts it again and reports the divergence. */
  private async rollBack(): Promise<void> {
    const d = this.divergence
    const good = this.lastGood
    this.divergence = null
    if (!d || !good) return
    await good.restore(this.objective)
    const t = good.meta
    this.step = t.step
    this.epoch = t.epoch
    this.lossSum = t.lossSum
    this.lossCount = t.lossCount
    this.lastEpochLoss = t.lastEpochLoss
    this.newEpochLosses = [] // those of the undone epochs
    this.hooks.diverged?.({ ...d, backTo: { step: this.step, epoch: this.epoch } })
  }

  /**
   * Trains until `targetEpoch` (or forever when null) or until `pause()`. While a run is in
   * progress, a new call only moves its target.
   */
  async run(targetEpoch: number | null): Promise<void> {
    this.target = targetEpoch
    if (this.running) return
    this.running = true
    const interval = this.opts.snapshotIntervalMs ?? 50
    const sliceMs = this.opts.sliceMs ?? 30
    const wait = this.opts.sleep ?? sleep
    const reached = () => this.target !== null && this.epoch >= this.target
    try {
      await this.keepStart()
      while (this.running && !reached()) {
        const start = this.opts.now()
        const stepBefore = this.step
        do {
          await this.trainOne()
          if (this.diverged) break
          if (this.maxStepsPerSecond !== null) {
            // Spread the allowed steps evenly over time instead of bursting then stalling.
            const due = start + ((this.step - stepBefore) * 1000) / this.maxStepsPerSecond
            const ahead = due - this.opts.now()
            if (ahead > 0) await wait(Math.min(ahead, 1000))
          }
        } while (this.running && !reached() && this.opts.now() - start < sliceMs)
        if (this.diverged) break // nothing of the diverged steps is reported
        const elapsed = Math.max(this.opts.now() - start, 1e-3)
        this.stepsPerSecond = ((this.step - stepBefore) * 1000) / elapsed
        this.hooks.progress(this.progress())
        if (this.opts.now() - this.lastSnapshotAt >= interval) await this.postSnapshot()
        if (this.diverged) break
        await this.opts.yieldToEvents()
      }
    } finally {
      if (this.diverged) await this.rollBack()
      const done = reached()
      this.running = false
      // Timers may fire a little early by this clock: wait until the interval has really passed.
      for (let left = interval; left > 0;) {
        left = interval - (this.opts.now() - this.lastSnapshotAt)
        if (left > 0) await wait(Math.max(left, 1))
      }
      await this.postSnapshot()
      this.hooks.stopped(done ? 'done' : 'paused', this.progress())
    }
  }

  pause(): void {
    this.running = false
  }

  /**
   * The run's state at its last finite snapshot (the newest state known to be good, read while
   * nothing trained), or the state now when nothing was kept yet: what a kept or restarted run
   * goes on from.
   */
  async keptState(): Promise<RunState> {
    const good = this.lastGood ?? (await Checkpoint.take(this.objective, this.tally()))
    try {
      const t = good.meta
      const { variables, optimizer } = await good.read()
      const partial = { sum: t.lossSum, count: t.lossCount, last: t.lastEpochLoss }
      return { step: t.step, epoch: t.epoch, variables, optimizer, partial }
    } finally {
      if (good !== this.lastGood) good.dispose()
    }
  }

  /**
   * Goes on from a kept run's step, epoch and loss accounting: the objective draws the batches it
   * would have drawn up to there, so the run continues exactly as it would have. Call once, on a
   * fresh objective whose variables and optimiser were put back.
   */
  resumeAt(at: { step: number; epoch: number; partial?: PartialEpoch }): void {
    this.objective.skipSteps(at.step)
    this.step = at.step
    this.epoch = at.epoch
    this.lossSum = at.partial?.sum ?? 0
    this.lossCount = at.partial?.count ?? 0
    this.lastEpochLoss = at.partial?.last ?? null
  }

  /** Lets go of the kept state (the objective itself is disposed by its owner). */
  dispose(): void {
    this.lastGood?.dispose()
    this.lastGood = null
  }
}
