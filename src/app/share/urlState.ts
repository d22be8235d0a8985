import { z } from 'zod'
import { PROJECTION_PARAMS, validateProjectionParams } from '../../model/projection/params'
import { METHOD_NAMES } from '../../model/projection/types'
import { isChoice } from '../../model/paramSpec'
import {
  TRAIN_PARAM_LIST,
  validateTrainParams,
  type TrainParams,
} from '../../model/training/params'
import { LINK_LIMITS, VIEW_FORMAT_VERSION, type ViewState } from './urlEncode'

// zod's fast path compiles validators with `new Function`, which the Content-Security-Policy
// forbids (no eval); jitless also skips the probe that would report a violation.
z.config({ jitless: true })

export { encodeViewState, LINK_LIMITS, VIEW_FORMAT_VERSION, type ViewState } from './urlEncode'

/** Reading a shared link (`#view=1&…`) back, validated with zod; loaded only for such links. */

/** 'Learning rate' → 'learning rate', but 'L2 penalty' stays. */
function lowerFirst(label: string): string {
  return /^.[A-Z0-9]/.test(label) ? label : label[0].toLowerCase() + label.slice(1)
}

/** What a user reads for each URL key in an error message (`p.*` use the parameter's label). */
const FIELD_NAMES = new Map<string, string>([
  ['view', 'format version'],
  ['data', 'dataset'],
  ['method', 'projection method'],
  ['dims', 'number of dimensions'],
  ['sel', 'selection'],
  ['color', 'colour-by attribute'],
  ['label', 'label-by attribute'],
  ['isolate', 'isolate flag'],
  ['cam', 'camera'],
  ...TRAIN_PARAM_LIST.map(([, d]): [string, string] => [d.url, lowerFirst(d.label)]),
])

/** Plain decimal numbers only: no NaN, Infinity, hex, blanks or signs other than a leading '-'. */
const NUMBER_RE = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i

function quote(v: unknown): string {
  const s = String(v)
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)
}

/** One value of a key; an array here means the key was repeated. */
const single = z.string({
  error: (iss) => (iss.input === undefined ? 'is missing' : 'is given more than once'),
})
const text = single
  .min(1, 'is empty')
  .max(LINK_LIMITS.label, `is longer than ${LINK_LIMITS.label} characters`)

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
  return z.enum(values, {
    error: (iss) =>
      Array.isArray(iss.input)
        ? 'is given more than once'
        : `is ${quote(iss.input)} but must be ${allowed}`,
  })
}

/** A decimal string that becomes a finite number in [min, max], whole when `whole`. */
function num(min: number, max: number, whole: boolean) {
  return single
    .refine((s) => NUMBER_RE.test(s) && Number.isFinite(Number(s)), {
      error: (iss) => `is not a number: ${quote(iss.input)}`,
      abort: true,
    })
    .transform(Number)
    .refine((n) => !whole || Number.isInteger(n), { error: 'is not a whole number', abort: true })
    .refine((n) => n >= min && n <= max, {
      error: (iss) => `must be between ${min} and ${max}, got ${String(iss.input)}`,
    })
}

const trainShape = Object.fromEntries(
  TRAIN_PARAM_LIST.map(([, d]) => [
    d.url,
    isChoice(d)
      ? oneOf(Object.keys(d.choices) as [string, ...string[]]).optional()
      : num(d.min, d.max, d.integer === true).optional(),
  ]),
)

const cameraSchema = single
  .transform((s) => s.split(','))
  .pipe(
    z
      .array(num(-LINK_LIMITS.camera, LINK_LIMITS.camera, false))
      .length(6, 'must be six numbers: position x,y,z then target x,y,z'),
  )

const baseSchema = z.object({
  view: single.refine((v) => v === String(VIEW_FORMAT_VERSION), {
    error: (iss) => `is ${quote(iss.input)}; this version of the app reads format 1 only`,
  }),
  data: text,
  epoch: num(0, LINK_LIMITS.epoch, true).optional(),
  method: oneOf(['pca', 'umap', 'tsne']).optional(),
  dims: oneOf(['2', '3']).optional(),
  sel: z.array(text).max(LINK_LIMITS.items, `has over ${LINK_LIMITS.items} items`).optional(),
  color: text.optional(),
  label: text.optional(),
  isolate: oneOf(['0', '1']).optional(),
  cam: cameraSchema.optional(),
  ...trainShape,
})
const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(baseSchema.shape))

/** "The shared link's learning rate (lr) is not a number: "NaN"". */
function fail(key: string, problem: string, name = FIELD_NAMES.get(key)): { error: string } {
  const field = name && name !== key ? `${name} (${key})` : key
  return { error: `The shared link's ${field} ${problem}` }
}

const failIssue = ({ issues: [i] }: z.ZodError, name?: string, key = String(i?.path[0])) =>
  fail(key, i?.message ?? 'is not valid', name)

/** Splits `a=1&b=2` into a Map (safe for any key) and the first piece with a broken %-escape. */
function parsePairs(hash: string): { pairs: Map<string, string[]>; broken: string | null } {
  const pairs = new Map<string, string[]>()
  let broken: string | null = null
  for (const piece of hash.split('&')) {
    if (!piece) continue
    const eq = piece.indexOf('=')
    const raw = eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)]
    let key: string, value: string
    try {
      ;[key, value] = raw.map((p) => decodeURIComponent(p.replace(/\+/g, ' ')))
    } catch {
      broken ??= piece
      continue
    }
    const list = pairs.get(key)
    if (list) list.push(value)
    else pairs.set(key, [value])
  }
  return { pairs, broken }
}

/**
 * Reads a shared link's hash (with or without '#'). Returns null when it holds no view state
 * (empty, or no `view` key), `{ error }` with a message naming the bad field when it is malformed
 * or out of range, else the state with every parameter filled in. Never throws; keys from the
 * input are only looked up in Maps or compared with known names, never copied onto objects.
 */
export function decodeViewState(
  hash: string,
  builtins: readonly string[],
): { state: ViewState } | { error: string } | null {
  try {
    const h = hash.startsWith('#') ? hash.slice(1) : hash
    // Unrelated hashes (no `view` key) are left to whoever else uses the hash.
    if (!/(?:^|&)view(?:=|&|$)/.test(h)) return null
    if (h.length > LINK_LIMITS.hash)
      return { error: `The shared link is too long (over ${LINK_LIMITS.hash / 1024} KB) to open` }
    const { pairs, broken } = parsePairs(h)
    if (broken !== null)
      return { error: `The shared link is damaged: ${quote(broken)} has a broken %-escape` }

    const input: Record<string, unknown> = Object.create(null)
    const p = new Map<string, string | string[]>()
    for (const [key, values] of pairs) {
      const value = key === 'sel' || values.length > 1 ? values : values[0]
      if (KNOWN_KEYS.has(key)) input[key] = value
      else if (key.startsWith('p.')) p.set(key.slice(2), value)
    }
    const base = baseSchema.safeParse(input)
    if (!base.success) return failIssue(base.error)
    const v = base.data
    if (!builtins.includes(v.data))
      return fail(
        'data',
        `is ${quote(v.data)}, which is not a bundled dataset (${builtins.join(', ')})`,
      )

    const method = v.method ?? 'pca'
    const docs = PROJECTION_PARAMS[method]
    const projParams: Record<string, number> = {}
    for (const [key, value] of p) {
      const doc = docs.find((d) => d.key === key)
      const name = METHOD_NAMES[method]
      if (!doc)
        return fail(
          `p.${key}`,
          `is not a ${name} parameter (it has ${docs.map((d) => d.key).join(', ')})`,
        )
      const r = num(doc.min, doc.max, doc.integer === true).safeParse(value)
      if (!r.success) return failIssue(r.error, `${name} ${doc.label.toLowerCase()}`, `p.${key}`)
      projParams[doc.key] = r.data // doc.key, never the input's key
    }

    const train: Record<string, unknown> = {}
    for (const [k, d] of TRAIN_PARAM_LIST) {
      const value = (v as Record<string, unknown>)[d.url]
      if (value !== undefined) train[k] = value
    }
    const cam = v.cam
    return {
      state: {
        dataset: v.data,
        // Same checks as the UI's: a RangeError here lands in the catch below.
        params: validateTrainParams(train as Partial<TrainParams>),
        epoch: v.epoch ?? 0,
        projection: {
          method,
          dims: v.dims === '2' ? 2 : 3,
          params: validateProjectionParams(method, projParams),
        },
        selection: v.sel ?? [],
        colorBy: v.color ?? null,
        labelBy: v.label ?? null,
        isolate: v.isolate === '1',
        camera: cam
          ? { position: [cam[0], cam[1], cam[2]], target: [cam[3], cam[4], cam[5]] }
          : null,
      },
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    if (e instanceof RangeError) return { error: `The shared link's settings are invalid: ${why}` }
    return { error: `The shared link could not be read (${why})` }
  }
}
