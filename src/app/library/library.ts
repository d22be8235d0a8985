import { type IDBPDatabase, openDB } from 'idb'
import { createStore } from 'zustand/vanilla'
import type { Session } from '../session'
import { keptWhole, sessionSnapshot } from '../session/persistence'
import type { SavedSource, SavedState } from '../session/storage'
import { restoreKept } from '../session'

/** A run kept in the library: where its data came from and the trained vectors and view. */
export interface LibraryRun {
  id: string
  name: string
  savedAt: number
  datasetName: string
  items: number
  epoch: number
  source: SavedSource
  state: SavedState
}

/** What the library lists (the heavy source and state stay in IndexedDB until opened). */
export type LibraryEntry = Omit<LibraryRun, 'source' | 'state'>

const DB = 'embedding-explorer-library'
const RUNS = 'runs'
const INDEX = 'entries'

/**
 * Saved runs in IndexedDB (through idb): each run's source files, vectors and view in `runs`, and a
 * light copy for listing in `entries`. Failures are thrown, so the UI reports a full disk or
 * refused storage instead of pretending the run was kept.
 */
export class LibraryStore {
  private db: Promise<IDBPDatabase> | null = null
  private open() {
    this.db ??= openDB(DB, 1, {
      upgrade(db) {
        db.createObjectStore(RUNS, { keyPath: 'id' })
        db.createObjectStore(INDEX, { keyPath: 'id' })
      },
    })
    return this.db
  }
  async list(): Promise<LibraryEntry[]> {
    const all = (await (await this.open()).getAll(INDEX)) as LibraryEntry[]
    return all.sort((a, b) => b.savedAt - a.savedAt)
  }
  async get(id: string): Promise<LibraryRun | undefined> {
    return (await (await this.open()).get(RUNS, id)) as LibraryRun | undefined
  }
  async put(run: LibraryRun): Promise<void> {
    const db = await this.open()
    const tx = db.transaction([RUNS, INDEX], 'readwrite')
    const entry: LibraryEntry = {
      id: run.id,
      name: run.name,
      savedAt: run.savedAt,
      datasetName: run.datasetName,
      items: run.items,
      epoch: run.epoch,
    }
    await Promise.all([tx.objectStore(RUNS).put(run), tx.objectStore(INDEX).put(entry), tx.done])
  }
  async delete(id: string): Promise<void> {
    const db = await this.open()
    const tx = db.transaction([RUNS, INDEX], 'readwrite')
    await Promise.all([tx.objectStore(RUNS).delete(id), tx.objectStore(INDEX).delete(id), tx.done])
  }
}

/** The library's listing, shared by the dataset menu and the library dialog. */
export const libraryState = createStore<{ entries: LibraryEntry[]; open: boolean }>(() => ({
  entries: [],
  open: false,
}))

/** Opens or closes the Library dialog. */
export function showLibrary(open: boolean): void {
  libraryState.setState({ open })
}

export const library = new LibraryStore()

export async function refreshLibrary(): Promise<void> {
  libraryState.setState({ entries: await library.list() })
}

/** Keeps the current run (data, vectors, parameters and view) in the library under `name`. */
export function saveRun(c: Session, name?: string): Promise<LibraryEntry> {
  return putRun(c, `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name)
}

/** Saves the current run as the library entry `id` (a new one, or over that entry). */
async function putRun(c: Session, id: string, name?: string): Promise<LibraryEntry> {
  const s = c.store.getState()
  const source = s.source
  const state = await keptWhole(c, sessionSnapshot(c, s))
  if (!state || !source || !s.dataset) throw new Error('Load a dataset before saving a run.')
  const run: LibraryRun = {
    id,
    name: name?.trim() || `${s.dataset.name}, epoch ${s.epoch}, seed ${s.params.seed}`,
    savedAt: Date.now(),
    datasetName: s.dataset.name,
    items: s.dataset.labels.length,
    epoch: s.epoch,
    source,
    state,
  }
  await library.put(run)
  await refreshLibrary()
  return run
}

/**
 * Opens a saved run: its data, trained vectors, parameters and view replace the current ones. A
 * run saved by another release is read like the kept session (validated, migrated, what could not
 * be restored named in a notice); the library's copy is never changed by opening it.
 */
export async function openRun(c: Session, id: string): Promise<void> {
  const run = await library.get(id)
  if (!run) throw new Error('That run is no longer in the library.')
  const ok = await restoreKept(c, { source: run.source, state: run.state }, async () => {})
  if (!ok) throw new Error(`"${run.name}" could not be opened; it is still in the library.`)
}

/**
 * A second tab's session: kept as one Library entry of its own (rewritten at most once a second
 * as the run changes), never in the kept session of the tab that owns it. Returns the stop.
 */
export function keepInLibrary(c: Session, name: string, onError: (e: unknown) => void): () => void {
  const id = `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  let timer: ReturnType<typeof setTimeout> | null = null
  const stop = c.store.subscribe((s, prev) => {
    const changed =
      s.dataset !== prev.dataset ||
      s.step !== prev.step ||
      s.params !== prev.params ||
      s.method !== prev.method ||
      s.selection !== prev.selection
    if (!changed || timer || !s.dataset || !s.source) return
    timer = setTimeout(() => {
      timer = null
      putRun(c, id, name).catch(onError)
    }, 1000)
  })
  return () => {
    stop()
    if (timer) clearTimeout(timer)
  }
}
