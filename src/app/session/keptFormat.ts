import { z } from 'zod'
import { validateProjectionParams } from '../../model/projection/params'
import { METHOD_NAMES, type ProjectionMethod } from '../../model/projection/types'
import {
  DEFAULT_TRAIN_PARAMS,
  TRAIN_PARAM_LIST,
  validateTrainParams,
  type TrainParams,
} from '../../model/training/params'
import { PROJECTOR_PROJECTION_NAMES, type ProjectorProjection } from './projectorLayout'
import { KEPT_VERSION, type SavedSource, type SavedState } from './storage'

// Reading a kept session back, validated with zod. This module (and zod with it) is loaded only
// when there is a record to read, so the main bundle does not carry the schema library.

/** A kept record read back: what could be restored, and the parts that could not (for the user). */
export interface KeptRead {
  source: SavedSource
  /** The run and view, with defaults where a part was unreadable; null when there was none. */
  state: SavedState | null
  /** What could not be restored, in words ('the training parameters (learning rate)'). */
  lost: string[]
  /** True when the stored record did not read back cleanly, so a copy of it should be kept aside. */
  damaged: boolean
}

const fileLike = z.union([
  z.instanceof(Blob),
  z.object({ name: z.string(), text: z.string() }),
  z.object({ name: z.string(), bytes: z.instanceof(Uint8Array) }),
])
const sourceSchema = z.union([
  z.object({ builtin: z.string().min(1) }),
  z.object({ files: z.array(fileLike).min(1) }),
])

const count = z.number().int().nonnegative()
const METHODS = Object.keys(METHOD_NAMES) as [ProjectionMethod, ...ProjectionMethod[]]
const methodSchema = z.enum(METHODS)
const stateFields = {
  datasetName: z.string(),
  epoch: count,
  step: count,
  vectors: z.instanceof(Float32Array).nullable(),
  lossHistory: z.array(z.number()),
  variables: z
    .array(z.object({ shape: z.array(count), data: z.instanceof(Float32Array) }))
    .optional(),
  optimizer: z
    .array(z.object({ name: z.string(), shape: z.array(count), data: z.instanceof(Float32Array) }))
    .optional(),
  partial: z.object({ sum: z.number(), count: count, last: z.number().nullable() }).optional(),
  savedAt: z.number(),
}
const point = z.tuple([z.number(), z.number(), z.number()])
const SOURCES = Object.keys(PROJECTOR_PROJECTION_NAMES) as [
  ProjectorProjection,
  ...ProjectorProjection[],
]
/** Saved coordinates (projectorLayout.ts SavedLayout): whole rows of 2 or 3 numbers (NaN: not shown). */
const layoutSchema = z
  .object({
    dims: z.union([z.literal(2), z.literal(3)]),
    positions: z.instanceof(Float32Array),
    source: z.enum(SOURCES),
    iteration: count.optional(),
    camera: z.object({ target: point, position: point, halfHeight: z.number() }).optional(),
    computedFrom: z.string().optional(),
  })
  .refine((l) => l.positions.length % l.dims === 0)
const viewFields = {
  method: methodSchema,
  dims: z.union([z.literal(2), z.literal(3)]),
  colorBy: z.string().nullable(),
  selectedLabel: z.string().nullable(),
  selectionLabels: z.array(z.string()).optional(),
  labelBy: z.string().nullable().optional(),
  neighbourK: count.optional(),
  metric: z.enum(['cosine', 'euclidean']).optional(),
  pointScale: z.number().positive().optional(),
  layout: layoutSchema.optional(),
}

/** What a user reads for a part that could not be restored. */
const PART_NAMES: Record<string, string> = {
  epoch: 'the epoch',
  step: 'the step count',
  vectors: 'the trained vectors',
  lossHistory: 'the loss history',
  variables: "the run's other trained variables",
  optimizer: "the optimiser's state",
  partial: "the unfinished epoch's loss",
  method: 'the projection method',
  dims: 'the number of dimensions',
  projectionParams: 'the projection settings',
  colorBy: 'the colouring',
  selectedLabel: 'the selection',
  selectionLabels: 'the selection',
  labelBy: 'the point labels',
  neighbourK: 'the number of neighbours',
  metric: 'the similarity measure',
  pointScale: 'the point size',
  layout: 'the saved coordinates shown',
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Brings a record of an earlier format up to the current one. Version 1 (no `version` field) has
 * the same fields, so it only gains the number; later migrations go here, one step per version.
 */
export function migrateKept(raw: Record<string, unknown>): Record<string, unknown> {
  const version = typeof raw.version === 'number' ? raw.version : 1
  if (version < 2) return { ...raw, version: 2 }
  return raw
}

/** Each field read on its own: a bad one falls back to its default and is named in `lost`. */
function pick<T extends Record<string, z.ZodType>>(
  schemas: T,
  raw: Record<string, unknown>,
  lost: Set<string>,
): Partial<{ [K in keyof T]: z.infer<T[K]> }> {
  const out: Record<string, unknown> = {}
  for (const [key, schema] of Object.entries(schemas)) {
    const r = schema.safeParse(raw[key])
    if (r.success) out[key] = r.data
    else lost.add(PART_NAMES[key] ?? key)
  }
  return out as Partial<{ [K in keyof T]: z.infer<T[K]> }>
}

/** The training parameters, each one checked alone: an out-of-range one gets its default. */
function readParams(raw: unknown, lost: Set<string>): TrainParams {
  if (!isRecord(raw)) {
    lost.add('the training parameters')
    return DEFAULT_TRAIN_PARAMS
  }
  const out: Partial<TrainParams> = {}
  const bad: string[] = []
  for (const [key, spec] of TRAIN_PARAM_LIST) {
    if (!(key in raw)) continue // a parameter added since: its default
    try {
      Object.assign(out, { [key]: validateTrainParams({ [key]: raw[key] })[key] })
    } catch {
      bad.push(spec.label.toLowerCase())
    }
  }
  if (bad.length) lost.add(`the training parameters (${bad.join(', ')})`)
  return validateTrainParams(out)
}

function readProjectionParams(raw: unknown, lost: Set<string>) {
  const given = isRecord(raw) ? raw : {}
  if (!isRecord(raw)) lost.add(PART_NAMES.projectionParams)
  return Object.fromEntries(
    METHODS.map((m) => {
      try {
        return [m, validateProjectionParams(m, given[m] as Record<string, number> | undefined)]
      } catch {
        lost.add(PART_NAMES.projectionParams)
        return [m, validateProjectionParams(m)]
      }
    }),
  ) as Record<ProjectionMethod, Record<string, number>>
}

/** The run and view of a kept state record, with defaults for whatever part is unreadable. */
export function readState(raw: unknown, lost: Set<string>): SavedState | null {
  if (raw === undefined || raw === null) return null
  if (!isRecord(raw)) {
    lost.add('the trained run and the view')
    return null
  }
  const rec = migrateKept(raw)
  const f = pick(stateFields, rec, lost)
  const viewRaw = isRecord(rec.view) ? rec.view : {}
  if (!isRecord(rec.view)) lost.add('the view (projection, colouring, selection)')
  const v = isRecord(rec.view) ? pick(viewFields, viewRaw, lost) : {}
  return {
    datasetName: f.datasetName ?? '',
    params: readParams(rec.params, lost),
    epoch: f.epoch ?? 0,
    step: f.step ?? 0,
    vectors: f.vectors ?? null,
    lossHistory: f.lossHistory ?? [],
    variables: f.variables,
    optimizer: f.optimizer,
    partial: f.partial,
    view: {
      method: v.method ?? 'pca',
      dims: v.dims ?? 3,
      // A view that is wholly missing is reported once, not part by part.
      projectionParams: readProjectionParams(
        viewRaw.projectionParams,
        isRecord(rec.view) ? lost : new Set(),
      ),
      colorBy: v.colorBy ?? null,
      selectedLabel: v.selectedLabel ?? null,
      selectionLabels: v.selectionLabels,
      labelBy: v.labelBy,
      neighbourK: v.neighbourK,
      metric: v.metric,
      pointScale: v.pointScale,
      layout: v.layout,
    },
    savedAt: f.savedAt ?? 0,
  }
}

/**
 * Reads a kept record (source and state) of any release. Returns null when its source is
 * unreadable (nothing can be restored); otherwise what can be restored and what could not.
 */
export function readKept(raw: { source: unknown; state: unknown }): KeptRead | null {
  const source = sourceSchema.safeParse(raw.source)
  if (!source.success) return null
  const lost = new Set<string>()
  const state = readState(raw.state, lost)
  const newer = isRecord(raw.state) && Number(raw.state.version) > KEPT_VERSION
  return {
    source: source.data as SavedSource,
    state,
    lost: [...lost],
    damaged: lost.size > 0 || newer,
  }
}
