import type { Layout } from '../projection/precomputed'

/** The four dataset kinds of ARCHITECTURE.md. Only `table` is trainable in this slice. */
export type DatasetKind = 'table' | 'groups' | 'pairs' | 'vectors'

/** A categorical column: each row's value as an index into `categories` (-1 = missing). */
export interface CategoricalAttribute {
  kind: 'categorical'
  name: string
  categories: string[]
  codes: Int32Array
}

/** A numeric column: raw values (NaN = missing) plus the mean and standard deviation used to standardise them. */
export interface NumericAttribute {
  kind: 'numeric'
  name: string
  values: Float32Array
  mean: number
  std: number
}

export type Attribute = CategoricalAttribute | NumericAttribute

/** A column that was read but not used as an attribute, and why (shown to the user). */
export interface IgnoredColumn {
  column: string
  reason: string
}

/**
 * Metadata columns exactly as loaded, every cell as text (no number is rounded to float32), every
 * column kept (those left out of training too): what an export writes back.
 */
export interface MetadataColumns {
  /** Column names as in the header; a single column without a header is called `label`. */
  names: string[]
  /** One array per column, one cell per item ('' where the file had none). */
  columns: string[][]
}

/** One row per item, each with attributes the table objective learns to predict. Immutable once built. */
export interface TableDataset {
  kind: 'table'
  /** File name or bundled id it came from. */
  name: string
  /** Human-readable description of the detected format, shown in the UI. */
  format: string
  labelColumn: string
  labels: string[]
  attributes: Attribute[]
  ignored: IgnoredColumn[]
  /** The file's columns as text, for exports (absent for formats that do not keep them). */
  metadata?: MetadataColumns
}

/**
 * Groups of co-occurring items (a sentence is a group of words). Items are numbered by first
 * appearance; group g holds items[offsets[g] … offsets[g+1]−1]. Trained with skip-gram.
 */
export interface GroupsDataset {
  kind: 'groups'
  name: string
  format: string
  /** One label per distinct item. */
  labels: string[]
  /** How often each item occurs over all groups. */
  counts: Int32Array
  /** Item ids of every group, concatenated. */
  items: Int32Array
  /** Start of each group in `items`, plus the end: length = groups + 1. */
  offsets: Int32Array
  /** For colouring: at least a numeric `frequency`; may be empty of categoricals. */
  attributes: Attribute[]
}

/**
 * Interactions between users and items, with an optional rating. Users and items share one vector
 * space: rows 0 … users−1 are users, the rest items; `attributes` has a categorical `role`.
 */
export interface PairsDataset {
  kind: 'pairs'
  name: string
  format: string
  /** Users first, then items; a name used by both appears twice, once per role. */
  labels: string[]
  users: number
  /** One entry per interaction: the user's row and the item's row (≥ users) in `labels`. */
  userRows: Int32Array
  itemRows: Int32Array
  /** Ratings per interaction, or null for implicit feedback (the interaction happened). */
  ratings: Float32Array | null
  attributes: Attribute[]
}

/**
 * Precomputed vectors to explore (no training): one row per item, from the Projector's
 * vectors.tsv + metadata.tsv, a `.bytes` tensor with its config, word2vec/GloVe text, or a table
 * of a label plus numbers. Metadata columns become attributes for colouring and search.
 */
export interface VectorsDataset {
  kind: 'vectors'
  name: string
  format: string
  labels: string[]
  dim: number
  /**
   * Row-major, labels.length × dim. Empty in the app's store once loaded: the vectors were moved
   * to the workers, and the main thread holds them once, as the session's live vectors.
   */
  data: Float32Array
  attributes: Attribute[]
  /** The metadata file's columns as text, for exports (absent without a metadata file). */
  metadata?: MetadataColumns
  /** Problems the load got past, shown to the user (the Projector's warnings, e.g. a count mismatch). */
  warnings?: string[]
  /**
   * A layout that came with the items (x, y and optionally z columns), shown as the 'precomputed'
   * projection; absent when the file has none.
   */
  layout?: Layout
  /**
   * Neighbours that came with the items (Embedding Atlas's `neighbors` column, `{ ids, distances }`
   * per row): `k` per item, row-major; ids are 0-based rows, -1 where a row has fewer than k.
   */
  neighbors?: PrecomputedNeighbors
  /** True when no vectors were given: `data` holds the layout itself (dim 2 or 3). */
  layoutOnly?: boolean
}

/** Precomputed neighbours: `ids` and `distances` are items × k, nearest first; id -1 = none. */
export interface PrecomputedNeighbors {
  k: number
  ids: Int32Array
  distances: Float32Array
}

export type Dataset = TableDataset | GroupsDataset | PairsDataset | VectorsDataset

/** What the UI and the automation API report about a loaded dataset. */
export interface DatasetSummary {
  name: string
  kind: DatasetKind
  items: number
  dim?: number
  attributes?: string[]
}

export function summarize(ds: Dataset): DatasetSummary {
  return {
    name: ds.name,
    kind: ds.kind,
    items: ds.labels.length,
    ...(ds.kind === 'table' ? { attributes: ds.attributes.map((a) => a.name) } : {}),
    ...(ds.kind === 'vectors' ? { dim: ds.dim } : {}),
  }
}
