import { type IDBPDatabase, openDB } from 'idb'
import type { ProjectionMethod } from '../model/projection/types'
import type { Controller } from './controller'
import { currentView, currentViewState, openSharedView } from './sharing'
import { encodeViewState } from './urlEncode'

/** A saved, named view: what to show (projection, selection, colouring, camera) of which dataset. */
export interface Bookmark {
  id: string
  name: string
  savedAt: number
  /** The dataset's name, to tell whether the bookmark belongs to what is loaded now. */
  datasetName: string
  /** For a bundled dataset: a link hash that reloads and retrains it to the same epoch. */
  link: string | null
  view: {
    method: ProjectionMethod
    dims: 2 | 3
    params: Record<string, number>
    selection: string[]
    colorBy: string | null
    labelBy: string | null
    isolate: boolean
    camera: { position: [number, number, number]; target: [number, number, number] } | null
  }
}

/** Fires 'change' when a bookmark is saved or deleted (the list may be on screen). */
export const bookmarkChanges = new EventTarget()

const DB = 'embedding-explorer-bookmarks'
const STORE = 'bookmarks'

/** Named views kept in IndexedDB; failures are thrown so the UI can say the bookmark was not kept. */
export class BookmarkStore {
  private db: Promise<IDBPDatabase> | null = null
  private open() {
    this.db ??= openDB(DB, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'id' })
      },
    })
    return this.db
  }
  async list(): Promise<Bookmark[]> {
    const all = (await (await this.open()).getAll(STORE)) as Bookmark[]
    return all.sort((a, b) => a.savedAt - b.savedAt)
  }
  async put(b: Bookmark): Promise<void> {
    await (await this.open()).put(STORE, b)
    bookmarkChanges.dispatchEvent(new Event('change'))
  }
  async delete(id: string): Promise<void> {
    await (await this.open()).delete(STORE, id)
    bookmarkChanges.dispatchEvent(new Event('change'))
  }
}

/** A bookmark of the current view, named by the user (or after the selection and method). */
export function bookmarkOf(c: Controller, name: string): Bookmark | null {
  const s = c.store.getState()
  if (!s.dataset) return null
  const shared = currentViewState(c)
  const view = currentView(c)
  return {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name:
      name.trim() ||
      `${view.selection[0] ?? s.dataset.name} · ${s.method.toUpperCase()} ${s.dims}D`,
    savedAt: Date.now(),
    datasetName: s.dataset.name,
    link: shared ? encodeViewState(shared) : null,
    view,
  }
}

/**
 * Shows a bookmark: on the dataset it was made of, the view is put back over the current vectors
 * (no retraining); a bookmark of another bundled dataset reopens it through its link.
 */
export async function openBookmark(c: Controller, b: Bookmark): Promise<void> {
  const s = c.store.getState()
  if (s.dataset?.name !== b.datasetName) {
    if (!b.link) throw new Error(`"${b.name}" is a view of ${b.datasetName}, which is not loaded.`)
    await openSharedView(c, b.link)
    return
  }
  const v = b.view
  c.layout.setProjection({ method: v.method, dims: v.dims, params: v.params })
  c.view.isolate(false)
  c.applyView({ selection: v.selection, colorBy: v.colorBy, labelBy: v.labelBy })
  if (v.isolate) c.view.isolate()
  if (v.camera) c.view.camera('set', v.camera)
}
