// A port of the TensorFlow Embedding Projector's rules for reading vectors.tsv and metadata.tsv,
// kept for tests only: our exports must read back through it exactly as the Projector reads them.
//
// Source: tensorflow/tensorboard, tensorboard/plugins/projector/vz_projector/
//   data-provider.ts (streamParse, parseTensors, parseMetadata, analyzeMetadata),
//   data.ts (DataSet.mergeMetadata) and vz-projector-data-panel.ts (updateMetadataUI: the
//   default "label by" column).
// Copyright 2016 The TensorFlow Authors. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT
// WARRANTIES OR CONDITIONS OF ANY KIND. Changed from the original: synchronous, on a string
// instead of an ArrayBuffer read in chunks, errors thrown instead of shown in a modal. The rules,
// quirks included (lines split on '\n' only, metadata lines not trimmed), are kept as they are.

/** The Projector's colour map has this many colours; more distinct values are "too many". */
const NUM_COLORS_COLOR_MAP = 50

export type PortValue = string | number | null

export interface PortPoint {
  metadata: Record<string, PortValue>
  vector: Float32Array
  index: number
}

export interface PortColumnStats {
  name: string
  isNumeric: boolean
  tooManyUniqueValues: boolean
  min: number
  max: number
}

/** streamParse: every '\n'-separated part, except an empty last one. */
function lines(text: string): string[] {
  const parts = text.split('\n')
  if (parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** parseTensors: one vector per non-blank trimmed line, a leading non-number taken as a label. */
export function parseTensors(text: string, valueDelim = '\t'): PortPoint[] {
  const data: PortPoint[] = []
  let numDim: number | undefined
  for (let line of lines(text)) {
    line = line.trim()
    if (line === '') continue
    const row = line.split(valueDelim)
    const point: PortPoint = { metadata: {}, vector: new Float32Array(0), index: data.length }
    if (isNaN(row[0] as unknown as number) || numDim === row.length - 1) {
      point.metadata['label'] = row[0]
      point.vector = new Float32Array(row.slice(1).map(Number))
    } else point.vector = new Float32Array(row.map(Number))
    data.push(point)
    numDim ??= point.vector.length
    if (numDim !== point.vector.length)
      throw new Error('Parsing failed. Vector dimensions do not match')
    if (numDim <= 1) throw new Error('Parsing failed. Found a vector with only one dimension?')
  }
  return data
}

/** analyzeMetadata: per column, numeric or not and whether it has too many values to colour. */
export function analyzeMetadata(
  columnNames: string[],
  pointsMetadata: Record<string, PortValue>[],
): PortColumnStats[] {
  const stats = columnNames.map((name) => ({
    name,
    isNumeric: true,
    tooManyUniqueValues: false,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  }))
  const maps = columnNames.map(() => new Map<string, number>())
  for (const metadata of pointsMetadata)
    columnNames.forEach((name, c) => {
      const value = metadata[name]
      if (value == null) return
      const map = maps[c]
      if (!stats[c].tooManyUniqueValues) {
        map.set(String(value), (map.get(String(value)) ?? 0) + 1)
        if (map.size > NUM_COLORS_COLOR_MAP) stats[c].tooManyUniqueValues = true
      }
      if (isNaN(value as number)) stats[c].isNumeric = false
      else {
        metadata[name] = +value
        stats[c].min = Math.min(stats[c].min, +value)
        stats[c].max = Math.max(stats[c].max, +value)
      }
    })
  return stats
}

/** parseMetadata: a header exactly when the first non-blank line has a tab; '' is missing. */
export function parseMetadata(text: string): {
  columnNames: string[]
  pointsInfo: Record<string, PortValue>[]
  stats: PortColumnStats[]
} {
  const pointsInfo: Record<string, PortValue>[] = []
  let columnNames = ['label']
  let lineNumber = 0
  for (const line of lines(text)) {
    if (line.trim().length === 0) continue
    if (lineNumber === 0 && line.indexOf('\t') >= 0) {
      columnNames = line.split('\t')
      lineNumber++
      continue
    }
    lineNumber++
    const rowValues = line.split('\t')
    const metadata: Record<string, PortValue> = {}
    pointsInfo.push(metadata)
    columnNames.forEach((name, c) => {
      const value = rowValues[c]
      metadata[name] = value === '' || value === undefined ? null : value
    })
  }
  return { columnNames, pointsInfo, stats: analyzeMetadata(columnNames, pointsInfo) }
}

/**
 * DataSet.mergeMetadata: the Projector's count rules. An error where a header line explains the
 * difference, else a warning, and the first rows are matched up.
 */
export function mergeMetadata(
  points: PortPoint[],
  meta: ReturnType<typeof parseMetadata>,
): { error?: string; warning?: string } {
  const n = points.length
  const m = meta.pointsInfo.length
  let warning: string | undefined
  if (m !== n) {
    const msg = `Number of tensors (${n}) do not match the number of lines in metadata (${m}).`
    if (meta.stats.length === 1 && n + 1 === m)
      return { error: `${msg} Single column metadata should not have a header row.` }
    if (meta.stats.length > 1 && n - 1 === m)
      return { error: `${msg} Multi-column metadata should have a header row with column labels.` }
    warning = msg
  }
  meta.pointsInfo.slice(0, n).forEach((info, i) => (points[i].metadata = info))
  return warning ? { warning } : {}
}

/** updateMetadataUI: label by the first column that is not numeric, else the first. */
export function defaultLabelOption(stats: PortColumnStats[]): string {
  const i = stats.findIndex((s) => !s.isNumeric)
  return stats[Math.max(0, i)].name
}

/** Which colour map a column gets: categorical for up to 50 distinct values, else a ramp or none. */
export function colorKind(stats: PortColumnStats): 'categorical' | 'numeric' | 'none' {
  if (!stats.tooManyUniqueValues) return 'categorical'
  return stats.isNumeric ? 'numeric' : 'none'
}
