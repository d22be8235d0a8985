import type { InputFile, ParseOptions } from '../../model/datasets/input'
import type { Dataset } from '../../model/datasets/types'
import type { LoadHooks, Parsed } from '../../workers/parseClient'
import { type Bookmark, BookmarkStore } from './bookmarkStore'
import { readBookmarks, readSprite } from './loadExtras'
import type { SpriteSheet } from './sprite'
import type { SessionStore } from './store'

export type AnyFile = File | InputFile

/** Parses files into a Dataset and names its extras (in a worker in the app; in-thread in tests). */
export type Parser = (
  files: AnyFile[],
  options: ParseOptions | undefined,
  hooks: LoadHooks,
) => Promise<Parsed>

/** Everything a load reads before it replaces what is shown. */
export interface ReadResult {
  dataset: Dataset
  sprite: SpriteSheet | null
  views: Bookmark[]
  /** A note on optional files the config names that were not dropped. */
  missing: string | null
  /** With a projector_config.json of several embeddings, their names and the one loaded. */
  embeddings: { names: string[]; current: string } | null
}

/**
 * The reading half of loading: parses off the main thread with progress (one load at a time,
 * cancellable), then reads the sprite and bookmarks files the parser named, all before anything
 * on screen changes. `commit` in dataset.ts then shows the result.
 */
export class Loading {
  private abort: AbortController | null = null

  constructor(
    private readonly store: SessionStore,
    private readonly parser: Parser,
  ) {}

  async read(files: AnyFile[], options?: ParseOptions): Promise<ReadResult> {
    const { dataset, extras } = await this.parse(files, options)
    // Read before anything is replaced, so a bad sprite or bookmarks file leaves all as it was.
    const sprite = await readSprite(files, extras, dataset.labels.length)
    const views = await readBookmarks(files, extras, {
      labels: dataset.labels,
      datasetName: dataset.name,
      attributes: dataset.attributes.map((a) => a.name),
    })
    const names = extras.embeddingNames
    const embeddings = names.length > 1 ? { names, current: options?.embedding ?? names[0] } : null
    return { dataset, sprite, views, missing: extras.missing, embeddings }
  }

  /** Stops the load in progress (reading or parsing); what was loaded before stays. */
  cancel(): void {
    this.abort?.abort()
  }

  private async parse(files: AnyFile[], options?: ParseOptions): Promise<Parsed> {
    this.abort?.abort()
    const abort = new AbortController()
    this.abort = abort
    this.store.setState({ loading: true, loadProgress: null })
    try {
      return await this.parser(files, options, {
        signal: abort.signal,
        onProgress: (p) => this.store.setState({ loadProgress: p }),
      })
    } finally {
      if (this.abort === abort) {
        this.abort = null
        this.store.setState({ loading: false, loadProgress: null })
      }
    }
  }

  /** Keeps the named views read from a Projector bookmarks file; resolves to a notice or an error. */
  async addViews(views: Bookmark[]): Promise<{ notice?: string; error?: string }> {
    try {
      const store = new BookmarkStore()
      for (const v of views) await store.put(v)
      const n = views.length
      return {
        notice: `${n} saved view${n === 1 ? '' : 's'} from the Projector's bookmarks added (View tab).`,
      }
    } catch (e) {
      return { error: `The Projector's bookmarks could not be kept: ${(e as Error).message}` }
    }
  }
}
