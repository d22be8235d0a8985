// A port of the TensorFlow Embedding Projector's rules for reading vectors.tsv and metadata.tsv (and
// for placing a bookmark's saved coordinates and camera),
// kept for tests only: our exports must read back through it exactly as the Projector reads them.
//
// Source: tensorflow/tensorboard, tensorboard/plugins/projector/vz_projector/
//   data-provider.ts (streamParse, parseTensors, parseMetadata, analyzeMetadata),
//   data.ts (DataSet.mergeMetadata, State, stateGetAccessorDimensions), vz-projector-data-panel.ts
//   (updateMetadataUI: the default "label by" column), projector.ts (loadState),
//   projectorScatterPlotAdapter.ts (generatePointPositionArray) and scatterPlot.ts (cameras).
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

// Bookmarks (data.ts State, projector.ts loadState, projectorScatterPlotAdapter.ts
// generatePointPositionArray, scatterPlot.ts cameras): how the Projector shows a saved view.

/** The parts of a bookmark ("State") that place the points and the camera. */
export interface PortState {
  selectedProjection: 'pca' | 'tsne' | 'umap' | 'custom'
  pcaComponentDimensions: number[]
  tSNEis3d: boolean
  umapIs3d: boolean
  projections: Array<Record<string, number>>
  filteredPoints: number[] | null
  cameraDef: { orthographic: boolean; position: number[]; target: number[]; zoom: number }
}

/** stateGetAccessorDimensions + getProjectionComponents: the keys a view draws. */
export function accessorKeys(state: PortState): string[] {
  const p = state.selectedProjection
  const dims =
    p === 'pca'
      ? state.pcaComponentDimensions.slice()
      : p === 'custom'
        ? ['x', 'y']
        : [0, 1, ...((p === 'tsne' ? state.tSNEis3d : state.umapIs3d) ? [2] : [])]
  return dims.map((d) => `${p === 'custom' ? 'linear' : p}-${d}`)
}

/**
 * loadState then generatePointPositionArray: the points shown (the filtered subset, in its order)
 * get the saved projections in turn, and each axis is stretched to [−1, 1] (SCATTER_PLOT_CUBE_LENGTH
 * = 2) by d3.extent and d3.scaleLinear; returns the Projector's scene positions, n·3.
 */
export function scenePositions(state: PortState, n: number): Float32Array {
  const shown = state.filteredPoints ?? Array.from({ length: n }, (_, i) => i)
  const projections = shown.map((_, i) => ({ ...state.projections[i] }))
  const keys = accessorKeys(state)
  const out = new Float32Array(shown.length * 3)
  keys.forEach((key, k) => {
    const values = projections.map((p) => p[key]).filter((v) => v != null && v >= v)
    const lo = Math.min(...values)
    const hi = Math.max(...values)
    projections.forEach((p, i) => {
      // d3.scaleLinear with a collapsed domain maps to the middle of the range.
      out[i * 3 + k] = hi > lo ? -1 + ((p[key] - lo) / (hi - lo)) * 2 : 0
    })
  })
  return out
}

/**
 * What the Projector's camera shows at its target: half the view's height in scene units (3D: a
 * 70° perspective camera divided by its zoom; 2D: an orthographic ±1.2 divided by its zoom).
 */
export function halfHeight(camera: PortState['cameraDef']): number {
  if (camera.orthographic) return 1.2 / camera.zoom
  const d = Math.hypot(...camera.position.map((v, k) => v - camera.target[k]))
  return (d * Math.tan((70 * Math.PI) / 360)) / camera.zoom
}
