// projector_config.json: which embeddings a config lists, and loading one with the files it names.
import { DatasetError } from './errors'
import { configExtras, type LoadExtras, matchBaseName } from './extras'
import { parseJson } from './json'
import {
  baseName,
  isBytes,
  type ProjectorEmbedding,
  readBytesTensor,
  readTextTensor,
  type SourceFile,
  type Tensor,
  withMetadata,
  withoutMetadata,
} from './projector'
import type { VectorsDataset } from './types'

/**
 * Whether a `.json` text is a Projector config rather than data: an object with "embeddings": a
 * list of objects, or empty (a word "embeddings" mapped to a list of numbers is data).
 */
export function looksLikeProjectorConfig(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text) && /"embeddings"\s*:\s*\[\s*[{\]]/.test(text)
}

/** A config entry's field, checked to be a non-empty string when present. */
function path(config: string, name: string, e: Record<string, unknown>, key: string) {
  const v = e[key]
  // The Projector treats an empty path as no path (its fields are proto3 strings, '' by default).
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined
  if (typeof v !== 'string')
    throw new DatasetError(
      config,
      `"${name}": ${key} must be a file name, not ${JSON.stringify(v)}`,
    )
  return v
}

/**
 * The embeddings a projector_config.json lists, in order, so that a UI can offer a choice.
 * Throws a DatasetError naming the config for invalid JSON or entries without a tensorPath or
 * with a tensorShape that is not [rows, dimension].
 */
export function projectorEmbeddings(config: { name: string; text: string }): ProjectorEmbedding[] {
  const value = parseJson(config.name, config.text)
  const list = (value as { embeddings?: unknown } | null)?.embeddings
  if (!Array.isArray(list))
    throw new DatasetError(config.name, 'is not a Projector config: expected {"embeddings": [ … ]}')
  if (list.length === 0) throw new DatasetError(config.name, 'lists no embeddings')
  return list.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new DatasetError(config.name, `embedding ${i + 1} is not an object`)
    const e = entry as Record<string, unknown>
    const given = e.tensorName
    const tensorName =
      typeof given === 'string' && given.trim() !== '' ? given : `Embedding ${i + 1}`
    const tensorPath = path(config.name, tensorName, e, 'tensorPath')
    if (!tensorPath)
      throw new DatasetError(
        config.name,
        `"${tensorName}" has no tensorPath (tensors stored in a model checkpoint cannot be read here)`,
      )
    // Checked only where a binary tensor needs it: the Projector ignores it for a TSV.
    const shape = e.tensorShape
    const valid =
      Array.isArray(shape) &&
      shape.length === 2 &&
      shape.every((d) => Number.isInteger(d) && (d as number) > 0)
    const sprite = e.sprite as { imagePath?: unknown; singleImageDim?: unknown } | undefined
    const dim = sprite?.singleImageDim
    return {
      tensorName,
      tensorShape: valid ? (shape as [number, number]) : undefined,
      ...(shape !== undefined && !valid ? { invalidShape: JSON.stringify(shape) } : {}),
      tensorPath,
      metadataPath: path(config.name, tensorName, e, 'metadataPath'),
      bookmarksPath: path(config.name, tensorName, e, 'bookmarksPath'),
      spriteImagePath:
        typeof sprite?.imagePath === 'string' && sprite.imagePath ? sprite.imagePath : undefined,
      // Checked where the image is read (spriteGrid names the file and the problem).
      spriteImageDim:
        Array.isArray(dim) && dim.length === 2 && dim.every((d) => typeof d === 'number')
          ? (dim as [number, number])
          : undefined,
    }
  })
}

/**
 * A projector_config.json dropped with the files it names (matched by base name): the embedding
 * called `embedding`, else the first. Files the config does not name are ignored, with a note.
 */
export function parseProjectorConfig(
  config: SourceFile,
  files: SourceFile[],
  embedding?: string,
): VectorsDataset {
  return loadProjectorConfig(config, files, embedding).dataset
}

/** The embedding a config load uses: the one named `embedding`, else the first. */
export function chooseEmbedding(
  config: string,
  list: ProjectorEmbedding[],
  embedding?: string,
): ProjectorEmbedding {
  const chosen = embedding === undefined ? list[0] : list.find((e) => e.tensorName === embedding)
  if (!chosen)
    throw new DatasetError(
      config,
      `has no embedding named "${embedding}"; it has ${list.map((e) => `"${e.tensorName}"`).join(', ')}`,
    )
  return chosen
}

/**
 * Reads a config once: the chosen embedding's dataset, and the extras (sprite, bookmarks) it
 * names among the dropped files plus `otherNames` (files the parser was not given, e.g. images).
 */
export function loadProjectorConfig(
  config: SourceFile,
  files: SourceFile[],
  embedding?: string,
  otherNames: readonly string[] = [],
): { dataset: VectorsDataset; extras: LoadExtras } {
  const list = projectorEmbeddings(config)
  const chosen = chooseEmbedding(config.name, list, embedding)
  const extras = configExtras(config.name, list, chosen, [
    ...files.map((f) => f.name),
    ...otherNames,
  ])
  return { dataset: readEmbedding(config, files, list, chosen, extras), extras }
}

function readEmbedding(
  config: SourceFile,
  files: SourceFile[],
  list: ProjectorEmbedding[],
  chosen: ProjectorEmbedding,
  extras: LoadExtras,
): VectorsDataset {
  const name = chosen.tensorName
  const names = files.map((f) => f.name)
  const find = (p: string, key: string) => {
    const match = matchBaseName(names, p)
    const found = files.find((f) => f.name === match)
    if (!found)
      throw new DatasetError(
        config.name,
        `names ${baseName(p)} as the ${key} of "${name}", but that file was not dropped: drop it together with the config`,
      )
    return found
  }
  const tensorFile = find(chosen.tensorPath, 'tensorPath')
  const metaFile = chosen.metadataPath ? find(chosen.metadataPath, 'metadataPath') : null
  const shape = chosen.tensorShape
  const source = `the tensorShape ${JSON.stringify(shape)} of "${name}" in ${config.name}`
  let tensor: Tensor
  if (isBytes(tensorFile.name)) {
    if (!shape)
      throw new DatasetError(
        config.name,
        chosen.invalidShape
          ? `"${name}": tensorShape must be [rows, dimension], not ${chosen.invalidShape}`
          : `"${name}" needs a tensorShape [rows, dimension] to read the binary ${tensorFile.name}`,
      )
    tensor = readBytesTensor(tensorFile, shape[1], { rows: shape[0], source })
  } else tensor = readTextTensor(tensorFile)
  const notes: string[] = []
  const others = list.filter((e) => e !== chosen).map((e) => `"${e.tensorName}"`)
  if (others.length > 0) notes.push(`the config also has ${others.join(', ')}`)
  // The sprite and bookmarks files are read by the app, not here: they are not "unused".
  const read = [tensorFile.name, metaFile?.name, extras.sprite?.file, extras.bookmarks]
  const unused = files.filter((f) => !read.includes(f.name)).map((f) => f.name)
  if (unused.length > 0) notes.push(`not used: ${unused.join(', ')}`)
  const kind = isBytes(tensorFile.name) ? 'float32 .bytes' : 'TSV'
  const format =
    `Embedding Projector config ${config.name}: "${name}", ${kind} vectors ` +
    `${tensorFile.name} (${tensor.rows} × ${tensor.dim})`
  const tail = notes.map((n) => `; ${n}`).join('')
  return metaFile
    ? withMetadata(tensor, metaFile, `${format} with metadata ${metaFile.name}${tail}`)
    : withoutMetadata(tensor, format, tail)
}
