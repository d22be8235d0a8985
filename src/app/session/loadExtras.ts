// The sprite sheet and Projector bookmarks of a load, read from the files the parse worker
// named (it reads the config, once, and matches the names by one rule: model/datasets/extras.ts).
import type { LoadExtras } from '../../model/datasets/extras'
import type { InputFile } from '../../model/datasets/input'
import type { Bookmark } from './bookmarkStore'
import { type BookmarkTarget, parseProjectorBookmarks } from './projectorBookmarks'
import { loadSprite, type SpriteSheet } from './sprite'

type AnyFile = File | InputFile

export const textOf = async (f: AnyFile) =>
  f instanceof File ? f.text() : (f.text ?? new TextDecoder().decode(f.bytes ?? new Uint8Array()))

const byName = (files: AnyFile[], name: string | null | undefined) =>
  name ? (files.find((f) => f.name === name) ?? null) : null

/** Decodes and checks the sprite sheet against the item count (before anything is replaced). */
export async function readSprite(
  files: AnyFile[],
  extras: LoadExtras,
  items: number,
): Promise<SpriteSheet | null> {
  const file = byName(files, extras.sprite?.file)
  if (!file) return null
  const bytes =
    file instanceof File
      ? file
      : { name: file.name, bytes: file.bytes ?? new TextEncoder().encode(file.text ?? '') }
  return loadSprite(bytes, extras.sprite?.cell, items)
}

/** The Projector bookmarks as our named views of this dataset (empty without a bookmarks file). */
export async function readBookmarks(
  files: AnyFile[],
  extras: LoadExtras,
  target: BookmarkTarget,
): Promise<Bookmark[]> {
  const file = byName(files, extras.bookmarks)
  if (!file) return []
  return parseProjectorBookmarks(file.name, await textOf(file), target)
}
