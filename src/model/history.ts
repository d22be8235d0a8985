/** One stored state of the embedding during training, for the replay scrubber. */
export interface Snapshot {
  /** Epoch the vectors belong to (non-decreasing within a run). */
  readonly epoch: number
  /** Global optimisation step (non-decreasing within a run). */
  readonly step: number
  /** n·dim row-major vectors. Owned by the history: read, never mutate. */
  readonly vectors: Float32Array
}

/** Options of {@link TrainingHistory}. */
export interface HistoryOptions {
  /**
   * A snapshot whose step is less than this many steps after the latest kept one is ignored
   * (unless it replaces that one under `onePerEpoch`). Default 0 (keep everything); range ≥ 0.
   */
  minStepGap?: number
  /**
   * When true, adding a snapshot with the same epoch as the latest replaces it, so at most one
   * snapshot (the last posted) is kept per epoch. Default true.
   */
  onePerEpoch?: boolean
}

/** Default memory budget for stored vectors: 64 MiB. */
export const DEFAULT_HISTORY_BUDGET = 64 * 2 ** 20

/**
 * Snapshots kept during one training run, in bounded memory.
 *
 * When a new snapshot would take the stored vectors past the budget, interior snapshots are
 * dropped one at a time, each time the one whose removal leaves the smallest hole in epochs
 * (oldest first among equals). The first and the latest are never dropped. This keeps the whole
 * run covered nearly uniformly: every gap between kept epochs stays at most
 * 2·(run length in epochs)/(capacity − 1), where capacity is how many snapshots fit the budget,
 * because the smallest merged hole is never more than the average one.
 */
export class TrainingHistory {
  /** Memory budget in bytes for the stored vectors; must hold at least two snapshots. */
  readonly budgetBytes: number
  private readonly minStepGap: number
  private readonly onePerEpoch: boolean
  private list: Snapshot[] = []
  private used = 0

  constructor(budgetBytes = DEFAULT_HISTORY_BUDGET, options: HistoryOptions = {}) {
    if (!(budgetBytes > 0)) throw new RangeError(`history budget must be positive: ${budgetBytes}`)
    this.budgetBytes = budgetBytes
    this.minStepGap = Math.max(0, options.minStepGap ?? 0)
    this.onePerEpoch = options.onePerEpoch ?? true
  }

  /**
   * Store the vectors of `epoch`/`step`. They are copied unless `take` is true, in which case the
   * array itself is kept (pass a buffer nobody will write to again, e.g. one just transferred
   * from a worker). Returns false when the snapshot was ignored because of `minStepGap`.
   * Throws if the vector length differs from the stored ones or the epoch goes backwards (a new
   * run: call `clear()` first), or if two snapshots of this size do not fit the budget.
   */
  add(epoch: number, step: number, vectors: Float32Array, take = false): boolean {
    const last = this.list.at(-1)
    if (last) {
      if (vectors.length !== last.vectors.length)
        throw new Error(
          `snapshot has ${vectors.length} numbers but the history holds ${last.vectors.length}; ` +
            'call clear() before recording a new run or dimension',
        )
      if (epoch < last.epoch)
        throw new Error(
          `epoch ${epoch} is before the latest snapshot's ${last.epoch}; clear() first`,
        )
    }
    if (2 * vectors.byteLength > this.budgetBytes)
      throw new RangeError(
        `history budget of ${this.budgetBytes} bytes cannot hold two ${vectors.byteLength}-byte snapshots`,
      )
    const replace = last !== undefined && this.onePerEpoch && epoch === last.epoch
    if (!replace && last && step - last.step < this.minStepGap) return false
    const snapshot: Snapshot = { epoch, step, vectors: take ? vectors : vectors.slice() }
    if (replace) {
      this.used -= last.vectors.byteLength
      this.list[this.list.length - 1] = snapshot
    } else this.list.push(snapshot)
    this.used += vectors.byteLength
    while (this.used > this.budgetBytes) this.dropOne()
    return true
  }

  /** Remove the interior snapshot whose neighbours are closest in epochs (oldest on ties). */
  private dropOne(): void {
    const list = this.list
    let best = 1
    let bestSpan = Infinity
    for (let i = 1; i < list.length - 1; i++) {
      const span = list[i + 1].epoch - list[i - 1].epoch
      if (span < bestSpan) {
        bestSpan = span
        best = i
      }
    }
    this.used -= list[best].vectors.byteLength
    list.splice(best, 1)
  }

  /** The kept snapshots, oldest first (a fresh array; the snapshots themselves are shared). */
  snapshots(): ReadonlyArray<Snapshot> {
    return this.list.slice()
  }

  /** Number of kept snapshots. */
  get length(): number {
    return this.list.length
  }

  /** Bytes of vector data currently stored (always ≤ `budgetBytes`). */
  get bytes(): number {
    return this.used
  }

  /** The snapshot at `index` (negative counts from the end, as `Array.prototype.at`). */
  at(index: number): Snapshot | undefined {
    return this.list.at(index)
  }

  /**
   * Index of the kept snapshot whose epoch is closest to `epoch` (the earlier one on a tie, the
   * latest of equal epochs), or −1 when empty.
   */
  nearestIndex(epoch: number): number {
    const list = this.list
    if (list.length === 0) return -1
    // First index whose epoch is > `epoch`.
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (list[mid].epoch <= epoch) lo = mid + 1
      else hi = mid
    }
    if (lo === 0) return 0
    if (lo === list.length) return lo - 1
    return epoch - list[lo - 1].epoch <= list[lo].epoch - epoch ? lo - 1 : lo
  }

  /** The kept snapshot whose epoch is closest to `epoch`; undefined when empty. */
  nearest(epoch: number): Snapshot | undefined {
    const i = this.nearestIndex(epoch)
    return i < 0 ? undefined : this.list[i]
  }

  /** Forget every snapshot (for a new run or a new dimension). */
  clear(): void {
    this.list = []
    this.used = 0
  }
}
