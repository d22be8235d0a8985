// What a load brings besides the dataset: a sprite sheet and the Projector's bookmarks. Decided
// in one place, by one file-name rule, from the config the parser reads anyway.
import { baseName, type ProjectorEmbedding } from './projector'

/** Files of a load that are read by the app rather than parsed as data, named by file name. */
export interface LoadExtras {
  /** The embeddings a dropped projector_config.json lists (empty without one). */
  embeddingNames: string[]
  /** The sprite image to draw the points with, and its thumbnail size when the config gives it. */
  sprite: { file: string; cell?: [number, number] } | null
  /** The Projector bookmarks file the config names, if it was dropped. */
  bookmarks: string | null
  /** Optional files the config names that were not dropped, as a sentence for a notice. */
  missing: string | null
}

/** Whether a file is an image the app can use as a sprite sheet. */
export function isSpriteImage(name: string): boolean {
  return /\.(png|jpe?g)$/i.test(name)
}

/**
 * The file among `names` that a config's path means: the same base name, exactly, else ignoring
 * case (the Projector's configs often come from another file system).
 */
export function matchBaseName(names: readonly string[], path: string): string | undefined {
  const base = baseName(path)
  return (
    names.find((n) => baseName(n) === base) ??
    names.find((n) => baseName(n).toLowerCase() === base.toLowerCase())
  )
}

/** Without a config: one dropped PNG/JPEG is the sprite sheet (its thumbnail size inferred). */
export function plainExtras(names: readonly string[]): LoadExtras {
  const image = names.find(isSpriteImage)
  return {
    embeddingNames: [],
    sprite: image ? { file: image } : null,
    bookmarks: null,
    missing: null,
  }
}

/**
 * A config's extras for the chosen embedding: its sprite image and bookmarks file among the
 * dropped `names`, and a note on those it names that were not dropped (both are optional: the
 * vectors load without them).
 */
export function configExtras(
  configName: string,
  list: readonly ProjectorEmbedding[],
  chosen: ProjectorEmbedding,
  names: readonly string[],
): LoadExtras {
  const missing: string[] = []
  const find = (p: string | undefined, key: string) => {
    if (!p) return null
    const found = matchBaseName(names, p)
    if (!found) missing.push(`${baseName(p)} (the ${key})`)
    return found ?? null
  }
  const sprite = find(chosen.spriteImagePath, 'sprite image')
  const bookmarks = find(chosen.bookmarksPath, 'bookmarks file')
  const n = missing.length
  return {
    embeddingNames: list.map((e) => e.tensorName),
    sprite: sprite ? { file: sprite, cell: chosen.spriteImageDim } : null,
    bookmarks,
    missing: n
      ? `${configName} also names ${missing.join(' and ')}, which ${n > 1 ? 'were' : 'was'} not dropped: drop ${n > 1 ? 'them' : 'it'} together with the config to see ${n > 1 ? 'them' : 'it'}.`
      : null,
  }
}
