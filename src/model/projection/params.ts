import type { ProjectionMethod } from './types'

/** One tunable parameter of a projection method, as the UI and the automation API see it. */
export interface ProjectionParamDoc {
  key: string
  label: string
  /** Meaning, default and range, shown on hover and focus. */
  help: string
  min: number
  max: number
  default: number
  /** 1 for whole numbers; absent for any real value. */
  step?: number
}

/** The parameters each method exposes (the same text as the doc comments of TsneParams and UmapParams). */
export const PROJECTION_PARAMS: Record<ProjectionMethod, ProjectionParamDoc[]> = {
  pca: [
    {
      key: 'x',
      label: 'X axis',
      help: 'Which principal component the X axis shows (1 = the direction of most spread). Default 1, range 1–6.',
      min: 1,
      max: 6,
      default: 1,
      step: 1,
    },
    {
      key: 'y',
      label: 'Y axis',
      help: 'Which principal component the Y axis shows. Default 2, range 1–6.',
      min: 1,
      max: 6,
      default: 2,
      step: 1,
    },
    {
      key: 'z',
      label: 'Z axis',
      help: 'Which principal component the Z axis shows (3D only). Default 3, range 1–6.',
      min: 1,
      max: 6,
      default: 3,
      step: 1,
    },
  ],
  tsne: [
    {
      key: 'perplexity',
      label: 'Perplexity',
      help: 'Roughly how many neighbours each point pays attention to. Default 30, range 2–100.',
      min: 2,
      max: 100,
      default: 30,
    },
    {
      key: 'earlyExaggeration',
      label: 'Early exaggeration',
      help: 'How hard clusters pull together in the first iterations. Default 12, range 1–50.',
      min: 1,
      max: 50,
      default: 12,
    },
    {
      key: 'theta',
      label: 'Theta',
      help: 'Barnes-Hut accuracy: 0 is exact and slow, higher is faster and rougher. Default 0.5, range 0–1.',
      min: 0,
      max: 1,
      default: 0.5,
    },
    {
      key: 'seed',
      label: 'Seed',
      help: 'Seeds the starting layout: the same seed gives the same picture. Default 1.',
      min: 0,
      max: 2 ** 31 - 1,
      default: 1,
      step: 1,
    },
  ],
  umap: [
    {
      key: 'nNeighbors',
      label: 'Neighbours',
      help: 'Small values keep local detail, large ones the global shape. Default 15, range 2–100.',
      min: 2,
      max: 100,
      default: 15,
      step: 1,
    },
    {
      key: 'minDist',
      label: 'Min distance',
      help: 'How tightly points may pack: low values give tight clusters. Default 0.1, range 0–0.99.',
      min: 0,
      max: 0.99,
      default: 0.1,
    },
    {
      key: 'spread',
      label: 'Spread',
      help: 'Overall scale of the layout, together with min distance. Default 1, range 0.5–3.',
      min: 0.5,
      max: 3,
      default: 1,
    },
    {
      key: 'nEpochs',
      label: 'Epochs',
      help: 'Optimisation epochs per layout; 0 picks by size (500 up to 2,500 points, down to 200). Default 0, range 0–1,000.',
      min: 0,
      max: 1000,
      default: 0,
      step: 1,
    },
    {
      key: 'seed',
      label: 'Seed',
      help: 'Seeds every random choice: the same seed gives the same picture. Default 1.',
      min: 0,
      max: 2 ** 31 - 1,
      default: 1,
      step: 1,
    },
  ],
}

/**
 * Checks projection parameters against PROJECTION_PARAMS: unknown names and values out of range
 * are errors whose message names the parameter. Returns the full set with defaults filled in.
 */
export function validateProjectionParams(
  method: ProjectionMethod,
  params: Record<string, number> = {},
): Record<string, number> {
  const docs = PROJECTION_PARAMS[method]
  const out: Record<string, number> = Object.fromEntries(docs.map((d) => [d.key, d.default]))
  for (const [key, value] of Object.entries(params)) {
    const doc = docs.find((d) => d.key === key)
    if (!doc) {
      const known = docs.map((d) => d.key).join(', ') || 'none'
      throw new RangeError(`${method} has no parameter "${key}" (it has: ${known})`)
    }
    if (!Number.isFinite(value) || value < doc.min || value > doc.max)
      throw new RangeError(`${key} must be between ${doc.min} and ${doc.max}, got ${value}`)
    out[key] = doc.step === 1 ? Math.round(value) : value
  }
  return out
}
