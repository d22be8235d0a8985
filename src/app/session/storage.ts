import { type IDBPDatabase, openDB } from 'idb'
import type { InputFile } from '../../model/datasets/input'
import type { ProjectionMethod } from '../../model/projection/types'
import type { SavedVariable } from '../../model/training/objective'
import type { TrainParams } from '../../model/training/params'

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
  }
  savedAt: number
}

const DB = 'embedding-explorer'
const STORE = 'session'

/**
 * The browser's IndexedDB copy of the current session: the source files (written when a dataset
 * loads) and the state (written often while training). Errors are thrown, never swallowed, so the
 * caller can tell the user that their work is not being kept (full disk, private mode).
 */
export class SessionStorage {
  private db: Promise<IDBPDatabase> | null = null

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(DB, 1, {
      upgrade(db) {
        db.createObjectStore(STORE)
      },
    })
    return this.db
  }

  async saveSource(source: SavedSource): Promise<void> {
    const db = await this.open()
    const tx = db.transaction(STORE, 'readwrite')
    await Promise.all([tx.store.put(source, 'source'), tx.store.delete('state'), tx.done])
  }

  async saveState(state: SavedState): Promise<void> {
    await (await this.open()).put(STORE, state, 'state')
  }

  async load(): Promise<{ source: SavedSource; state: SavedState | null } | null> {
    const db = await this.open()
    const source = (await db.get(STORE, 'source')) as SavedSource | undefined
    if (!source) return null
    const state = ((await db.get(STORE, 'state')) as SavedState | undefined) ?? null
    return { source, state }
  }

  async clear(): Promise<void> {
    await (await this.open()).clear(STORE)
  }
}
