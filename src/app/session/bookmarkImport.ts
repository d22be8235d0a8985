// A Projector bookmarks file dropped or chosen on its own: its views are added to the saved views
// of the dataset that is loaded, instead of being read as data.
import { DatasetError } from '../../model/datasets/errors'
import type { InputFile } from '../../model/datasets/input'
import { type DatasetSummary, summarize } from '../../model/datasets/types'
import { textOf } from './loadExtras'
import { looksLikeProjectorBookmarks, parseProjectorBookmarks } from './projectorBookmarks'
import { fail, type Session, showError } from './session'
import { notify } from './view'

/**
 * When every file is a Projector bookmarks file (`.txt` or `.json`, a JSON list of its saved
 * views), adds their views to the loaded dataset's saved views and resolves to its summary;
 * resolves to null for any other files (they are data). With nothing loaded, it says so.
 */
export async function importBookmarkFiles(
  s: Session,
  files: Array<File | InputFile>,
): Promise<DatasetSummary | null> {
  if (files.length === 0 || !files.every((f) => /\.(txt|json)$/i.test(f.name))) return null
  // Only small files are looked at: a bookmarks file holds views, not a corpus.
  if (files.some((f) => (f instanceof File ? f.size : (f.text?.length ?? 0)) > 64 * 2 ** 20))
    return null
  const texts = await Promise.all(files.map(textOf))
  if (!texts.every(looksLikeProjectorBookmarks)) return null
  const ds = s.store.getState().dataset
  if (!ds)
    throw fail(
      s,
      new DatasetError(
        files[0].name,
        'is a Projector bookmarks file: load the data it was made for first, then drop it again',
      ),
    )
  let views
  try {
    views = files.flatMap((f, i) =>
      parseProjectorBookmarks(f.name, texts[i], {
        labels: ds.labels,
        datasetName: ds.name,
        attributes: ds.attributes.map((a) => a.name),
      }),
    )
  } catch (e) {
    throw fail(s, e)
  }
  const r = await s.loading.addViews(views)
  if (r.error) showError(s, r.error)
  if (r.notice) notify(s, r.notice)
  return summarize(ds)
}
