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
}

export type Dataset = TableDataset

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
    attributes: ds.attributes.map((a) => a.name),
  }
}
