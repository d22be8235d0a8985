import type { Attribute, Dataset } from '../../model/datasets/types'
import { formatDisplayNumber } from '../../model/search'

/** An item's value of one attribute as the UI shows it ('' when missing). */
export function attributeText(a: Attribute, i: number): string {
  if (a.kind === 'categorical') return a.categories[a.codes[i]] ?? ''
  const v = a.values[i]
  return Number.isFinite(v) ? formatDisplayNumber(v) : ''
}

/** The text drawn beside each point: its label, or its value of the label-by attribute. */
export function labelTexts(dataset: Dataset | null, labelBy: string | null): string[] {
  if (!dataset) return []
  const attr = labelBy === null ? null : dataset.attributes.find((a) => a.name === labelBy)
  if (!attr) return dataset.labels
  return dataset.labels.map((label, i) => attributeText(attr, i) || `(${label})`)
}
