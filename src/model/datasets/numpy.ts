import { unzipSync } from 'fflate'
import { buildAttributes } from './attributes'
import { DatasetError } from './errors'
import { type NpyArray, isTextArray, npyStrings, npyVectors, readNpy } from './npy'
import { type SourceFile, type Tensor, withMetadata } from './projector'
import { readRows } from './table'
import type { Attribute, VectorsDataset } from './types'
import { numberedLabels, vectorsDataset } from './vectors'

/** Whether a file is numpy's, by its extension. */
export function isNumpy(name: string): boolean {
  return /\.np[yz]$/i.test(name)
}

/** Array names (lower-cased, without .npy) that mark the vectors when an .npz holds several. */
const VECTOR_NAMES = ['embeddings', 'embedding', 'vectors', 'vector', 'x', 'arr_0']
/** Array names that mark the labels when several text arrays are given. */
const LABEL_NAMES = ['labels', 'label', 'names', 'name', 'words', 'word', 'items', 'item', 'ids']

interface Named {
  /** Where it came from, for messages: "x.npy" or "bundle.npz/labels.npy". */
  where: string
  /** The array's own name: the file or member name without .npy, lower-cased. */
  key: string
  array: NpyArray
}

function keyOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  return base.replace(/\.npy$/i, '').toLowerCase()
}

/** The one array of `candidates` to use, by name preference; an error lists them otherwise. */
function pick(candidates: Named[], names: string[], what: string, file: string): Named | null {
  if (candidates.length <= 1) return candidates[0] ?? null
  const byName = names.map((n) => candidates.find((c) => c.key === n)).find((c) => c)
  if (byName) return byName
  throw new DatasetError(
    file,
    `holds several ${what} (${candidates.map((c) => c.key).join(', ')}): name the one to use ` +
      `${names
        .slice(0, 3)
        .map((n) => `"${n}"`)
        .join(' or ')}`,
  )
}

/** The arrays inside an .npz (a zip of .npy files, stored or deflated). */
function npzArrays(file: SourceFile): Named[] {
  if (!file.bytes) throw new DatasetError(file.name, 'came as text: an .npz must be read as bytes')
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(file.bytes, { filter: (f) => /\.npy$/i.test(f.name) })
  } catch (e) {
    throw new DatasetError(
      file.name,
      `is not a readable .npz (zip) file (${e instanceof Error ? e.message : String(e)})`,
    )
  }
  const names = Object.keys(entries)
  if (names.length === 0) throw new DatasetError(file.name, 'holds no .npy arrays')
  return names.map((n) => {
    const where = `${file.name}/${n}`
    return { where, key: keyOf(n), array: readNpy(where, entries[n]) }
  })
}

/**
 * numpy files → vectors: one `.npy` of shape (n, d), or an `.npz` (`np.savez`,
 * `np.savez_compressed`), with labels from a 1-D text array (`labels.npy` beside it, or an array
 * in the .npz; names like `labels`/`words` win when there are several) or a metadata TSV/CSV
 * beside it (header when it has several columns, as the Projector reads metadata). Other 1-D
 * arrays of n entries in an .npz become attributes. float16/32/64 and integers, C or Fortran
 * order, are read into one Float32Array.
 */
export function parseNumpyFiles(files: SourceFile[]): VectorsDataset {
  const npz = files.filter((f) => /\.npz$/i.test(f.name))
  const npy = files.filter((f) => /\.npy$/i.test(f.name))
  const others = files.filter((f) => !isNumpy(f.name))
  if (npz.length > 1 || (npz.length === 1 && npy.length > 0))
    throw new DatasetError(npz[npz.length - 1].name, 'load one .npz at a time, without .npy files')
  if (others.length > 1 || others.some((f) => !/\.(tsv|csv|txt)$/i.test(f.name)))
    throw new DatasetError(
      others[others.length - 1].name,
      'beside numpy arrays, give one metadata file (.tsv or .csv) or a labels.npy',
    )
  const arrays: Named[] = npz.length
    ? npzArrays(npz[0])
    : npy.map((f) => {
        if (!f.bytes) throw new DatasetError(f.name, 'came as text: a .npy must be read as bytes')
        return { where: f.name, key: keyOf(f.name), array: readNpy(f.name, f.bytes) }
      })
  const source = npz[0]?.name ?? npy[0].name
  const matrices = arrays.filter((a) => a.array.shape.length !== 1)
  const vectorsArray =
    pick(matrices, VECTOR_NAMES, 'arrays of more than one dimension', source) ??
    // Only 1-D arrays: let the vectors reader say why one is not a matrix.
    arrays.find((a) => !isTextArray(a.array)) ??
    arrays[0]
  const { rows, dim, data } = npyVectors(vectorsArray.where, vectorsArray.array)
  const oneD = arrays.filter((a) => a !== vectorsArray && a.array.shape.length === 1)
  for (const a of oneD)
    if (a.array.shape[0] !== rows)
      throw new DatasetError(
        a.where,
        `has ${a.array.shape[0]} entries but ${vectorsArray.where} has ${rows} rows`,
      )
  const texts = oneD.filter((a) => isTextArray(a.array))
  const labelArray = pick(texts, LABEL_NAMES, 'text arrays', source)
  const tensor: Tensor = {
    // The dataset is named by the file the user dropped, not the array inside an .npz.
    file: npz.length ? source : vectorsArray.where,
    rows,
    dim,
    data,
    labels: labelArray ? npyStrings(labelArray.where, labelArray.array) : null,
  }
  const order = vectorsArray.array.fortran ? ', Fortran order' : ''
  const format = `numpy ${source} (${rows} × ${dim}, dtype ${vectorsArray.array.descr}${order})`
  const metadata = others[0]
  if (metadata) {
    if (labelArray)
      throw new DatasetError(metadata.name, `give labels once: ${labelArray.where} has them too`)
    // A CSV (as pandas writes it) is split with its quoting undone; a TSV by the Projector's rules.
    const rows = /\.csv$/i.test(metadata.name)
      ? readRows(metadata.name, metadata.text.replace(/^\uFEFF/, ''), ',')
      : undefined
    const meta = rows ? { name: metadata.name, text: metadata.text, rows } : metadata
    return withMetadata(tensor, meta, `${format} with metadata ${metadata.name}`)
  }
  const rest = oneD.filter((a) => a !== labelArray)
  const attributes: Attribute[] = buildAttributes(
    rest.map((a) => a.key),
    (i) => columnText(rest[i]),
  ).attributes
  const labels = tensor.labels?.map((l, i) => {
    if (l.trim() === '')
      throw new DatasetError(labelArray?.where ?? source, `label ${i + 1} is empty`)
    return l.trim()
  })
  const note = labelArray ? `labels from ${labelArray.key}` : 'no labels: items are numbered from 0'
  return vectorsDataset(
    tensor.file,
    `${format}, ${note}`,
    labels ?? numberedLabels(rows),
    dim,
    data,
    attributes,
  )
}

/** A 1-D array's entries as text cells, for attributes. */
function columnText(a: Named): string[] {
  if (isTextArray(a.array)) return npyStrings(a.where, a.array)
  const v = npyVectors(a.where, { ...a.array, shape: [a.array.shape[0], 1] })
  return Array.from(v.data, String)
}
