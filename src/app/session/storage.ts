import { type IDBPDatabase, openDB } from 'idb'
import type { InputFile } from '../../model/datasets/input'
import type { ProjectionMethod } from '../../model/projection/types'
import type { SavedVariable } from '../../model/training/objective'
import type { PartialEpoch, SavedWeight } from '../../model/training/runState'
import type { TrainParams } from '../../model/training/params'
import type { SavedLayout } from './projectorLayout'

/**
 * Where a dataset came from, so it can be parsed again after a reload. Dropped files are kept as
 * the File objects themselves (IndexedDB stores them as blobs); scripts' files as `{ name, text | bytes }`.
 */
export type SavedSource = { builtin: string } | { files: Array<File | InputFile> }

/** The run and view as they were: enough to put the user back where they left off. */
export interface SavedState {
  /** The dataset's name, to check the state belongs to the saved source. */
  datasetName: string
  params: TrainParams
  epoch: number
  step: number
  /** Latest trained vectors (items × dim), or null before any training. */
  vectors: Float32Array | null
  lossHistory: number[]
  /** Every trained variable of the run (the vectors first), when the training worker answered in time. */
  variables?: SavedVariable[]
  /** The optimiser's state (step count, moments) at the same step, so the run goes on exactly. */
  optimizer?: SavedWeight[]
  /** The loss accounting of the unfinished epoch at the same step. */
  partial?: PartialEpoch
  view: {
    method: ProjectionMethod
    dims: 2 | 3
    projectionParams: Record<ProjectionMethod, Record<string, number>>
    colorBy: string | null
    selectedLabel: string | null
    /** Every selected item (the primary one first); absent in sessions saved before multi-select. */
    selectionLabels?: string[]
    labelBy?: string | null
    neighbourK?: number
    metric?: 'cosine' | 'euclidean'
    pointScale?: number
    /**
     * Saved coordinates shown instead of computing `method` (a Projector bookmark's, or a custom
     * projection's): shown again after a reload; absent when the method was computed.
     */
    layout?: SavedLayout
  }
  savedAt: number
}

/**
 * The version of the kept record's format, written into every state record. 1 is the unversioned
 * record of earlier releases (same fields, no `version`); 2 adds the version. keptFormat.ts reads
 * and migrates every version; a record newer than this is read field by field and what does not
 * fit is reported.
 */
export const KEPT_VERSION = 2

const DB = 'embedding-explorer'
const STORE = 'session'
/** Where a record that could not be restored is kept aside, so no later save overwrites it. */
const ASIDE = 'unreadable'

/** What storage tells the user on its own (another tab holds the database open, …). */
export type StorageNotice = (message: string) => void

/**
 * The browser's IndexedDB copy of the current session: the source files and the state, written
 * together in one transaction when a dataset loads (so a reload never finds a new source beside an
 * old state, or a source without its state), then the state alone, often, while training. Errors
 * are thrown, never swallowed, so the caller can tell the user that their work is not being kept.
 */
export class SessionStorage {
  private db: Promise<IDBPDatabase> | null = null

  constructor(private readonly onNotice: StorageNotice = () => {}) {}

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(DB, 1, {
      upgrade(db) {
        db.createObjectStore(STORE)
      },
      // Another tab still has an older version open: say so instead of waiting silently.
      blocked: () =>
        this.onNotice(
          'Another tab of Embedding Explorer is holding on to the kept session; close it or reload it so this one can open it.',
        ),
      // A newer tab wants to upgrade the database: let go of it, the next write opens it again.
      blocking: (_current, _blocked, event) => {
        ;(event.target as IDBDatabase).close()
        this.db = null
      },
      // The browser closed the connection (storage cleared, disk trouble): reopen on next use.
      terminated: () => {
        this.db = null
      },
    })
    return this.db
  }

  /**
   * Opens the database now, so a write started as the page goes away (`now`) needs no open that
   * the unloading page would not live to see. Fails silently: the next write reports the error.
   */
  warm(): void {
    this.open().catch(() => {})
  }

  /**
   * Writes a new dataset's source and its first state in one transaction: both or neither.
   * `now`: the page is going away, so the transaction is committed at once.
   */
  async saveSession(
    source: SavedSource,
    state: SavedState | null,
    opts: { now?: boolean } = {},
  ): Promise<void> {
    const db = await this.open()
    const tx = db.transaction(STORE, 'readwrite')
    const puts = [
      tx.store.put(source, 'source'),
      state ? tx.store.put(versioned(state), 'state') : tx.store.delete('state'),
    ]
    if (opts.now) tx.commit()
    await Promise.all([...puts, tx.done])
  }

  /**
   * Writes the state. `now`: the page is going away, so the transaction is committed at once
   * (not after its request comes back, which an unloading page may never see).
   */
  async saveState(state: SavedState, opts: { now?: boolean } = {}): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite')
    const put = tx.store.put(versioned(state), 'state')
    if (opts.now) tx.commit()
    await Promise.all([put, tx.done])
  }

  /** The kept record as stored, unchecked: `readKept` (keptFormat.ts) validates and migrates it. */
  async load(): Promise<{ source: unknown; state: unknown } | null> {
    const db = await this.open()
    const source: unknown = await db.get(STORE, 'source')
    if (source === undefined) return null
    return { source, state: (await db.get(STORE, 'state')) ?? null }
  }

  /** Keeps a record that could not be (fully) restored where later saves do not overwrite it. */
  async keepAside(raw: { source: unknown; state: unknown }): Promise<void> {
    await (await this.open()).put(STORE, { ...raw, keptAt: Date.now() }, ASIDE)
  }

  async clear(): Promise<void> {
    await (await this.open()).clear(STORE)
  }
}

/** The record as written: the state with the format's version (see keptFormat.ts). */
function versioned(state: SavedState): SavedState & { version: number } {
  return { ...state, version: KEPT_VERSION }
}
