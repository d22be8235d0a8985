import { type IDBPDatabase, openDB } from 'idb'
import type { CustomAxes } from '../../model/projection/customAxes'
import type { ProjectionMethod } from '../../model/projection/types'
import type { SavedLayout } from './projectorLayout'

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
    /**
     * The selected items by row, when labels may repeat (a Projector bookmark selects by index);
     * preferred over `selection` when every index is in range.
     */
    selectionIndices?: number[]
    /** Show only these rows (a Projector bookmark's `filteredPoints`); absent: every item. */
    filter?: number[]
    colorBy: string | null
    /** How a numeric colour column is coloured (absent: 'auto', the Projector's rule). */
    colorAs?: 'auto' | 'categories' | 'numbers'
    labelBy: string | null
    isolate: boolean
    camera: { position: [number, number, number]; target: [number, number, number] } | null
    /**
     * Coordinates saved with the view (a Projector bookmark's `projections`, one row per item,
     * NaN for items it does not show): shown as they are instead of computing `method`, until the
     * projection is changed or training moves the vectors. Its camera, when it has one, is used
     * instead of `camera`.
     */
    layout?: SavedLayout
    /**
     * A Projector custom projection saved without its coordinates: its searches, computed into a
     * layout when the view is opened (PCA, with a notice, where they cannot be).
     */
    custom?: CustomAxes
  }
  /** What of the view could not be carried over (from the Projector), said when it is opened. */
  note?: string
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
