import { listProjectorEmbeddings } from '../../model/datasets/configList'
import type { InputFile } from '../../model/datasets/input'
import { baseName } from '../../model/datasets/projector'
import type { Bookmark } from './bookmarkStore'
import { parseProjectorBookmarks } from './projectorBookmarks'
import { isSpriteImage, loadSprite, type SpriteSheet } from './sprite'

type AnyFile = File | InputFile

/** What a load brings besides the dataset: a sprite sheet and the Projector's bookmarks. */
export interface Extras {
  /** The files the dataset parser reads (sprite images and bookmarks taken out). */
  rest: AnyFile[]
  sprite: { file: AnyFile; cell?: [number, number] } | null
  bookmarks: AnyFile | null
  /** Optional files the config names that were not dropped, as a sentence for a notice. */
  missing: string | null
  /** The embeddings a dropped projector_config.json lists (empty without one). */
  embeddingNames: string[]
}

const textOf = async (f: AnyFile) =>
  f instanceof File ? f.text() : (f.text ?? new TextDecoder().decode(f.bytes ?? new Uint8Array()))

/**
 * Sorts dropped files: a projector_config.json's sprite image and bookmarks file (by base name)
 * are read by the app, not the dataset parser; without a config, one dropped PNG/JPEG is the
 * sprite sheet (its thumbnail size inferred).
 */
export async function sortExtras(files: AnyFile[], embedding?: string): Promise<Extras> {
  let chosen: ReturnType<typeof listProjectorEmbeddings>[number] | undefined
  let configName = ''
  let embeddingNames: string[] = []
  for (const f of files.filter((x) => x.name.toLowerCase().endsWith('.json'))) {
    try {
      const list = listProjectorEmbeddings({ name: f.name, text: await textOf(f) })
      embeddingNames = list.map((e) => e.tensorName)
      chosen = embedding === undefined ? list[0] : list.find((e) => e.tensorName === embedding)
      configName = f.name
      break
    } catch {
      // not a Projector config
    }
  }
  const missing: string[] = []
  // The sprite and bookmarks are optional: without them the vectors still load (as dots, with no
  // saved views), and a notice says what to drop to get them.
  const byBase = (p: string | undefined, key: string) => {
    if (!p) return null
    const found = files.find((f) => baseName(f.name).toLowerCase() === baseName(p).toLowerCase())
    if (!found) missing.push(`${baseName(p)} (the ${key})`)
    return found ?? null
  }
  const spriteFile = chosen
    ? byBase(chosen.spriteImagePath, 'sprite image')
    : (files.find((f) => isSpriteImage(f.name)) ?? null)
  const bookmarks = chosen ? byBase(chosen.bookmarksPath, 'bookmarks file') : null
  const rest = files.filter((f) => f !== spriteFile && f !== bookmarks && !isSpriteImage(f.name))
  return {
    rest,
    sprite: spriteFile ? { file: spriteFile, cell: chosen?.spriteImageDim } : null,
    bookmarks,
    embeddingNames,
    missing: missing.length
      ? `${configName} also names ${missing.join(' and ')}, which ${missing.length > 1 ? 'were' : 'was'} not dropped: drop ${missing.length > 1 ? 'them' : 'it'} together with the config to see ${missing.length > 1 ? 'them' : 'it'}.`
      : null,
  }
}

/** Decodes and checks the sprite sheet against the item count (before anything is replaced). */
export async function readSprite(extras: Extras, items: number): Promise<SpriteSheet | null> {
  const s = extras.sprite
  if (!s) return null
  const bytes =
    s.file instanceof File
      ? s.file
      : { name: s.file.name, bytes: s.file.bytes ?? new TextEncoder().encode(s.file.text ?? '') }
  return loadSprite(bytes, s.cell, items)
}

/** The Projector bookmarks as our named views of this dataset (empty without a bookmarks file). */
export async function readBookmarks(
  extras: Extras,
  labels: readonly string[],
  datasetName: string,
): Promise<Bookmark[]> {
  if (!extras.bookmarks) return []
  return parseProjectorBookmarks(
    extras.bookmarks.name,
    await textOf(extras.bookmarks),
    labels,
    datasetName,
  )
}
