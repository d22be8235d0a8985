import { checkParam, MAX_SEED, type NumberParam } from '../paramSpec'
import type { ProjectionMethod } from './types'

/** One tunable parameter of a projection method, as the UI, the automation API and links see it. */
export interface ProjectionParamDoc extends NumberParam {
  /** Name in `setProjection({ params })`; a shared link writes it as `p.<key>`. */
  readonly key: string
}

/**
 * The parameters each method exposes, each declared once: validation, the View tab, the link
 * codec and the README table derive from this. (The engines' own parameter types, TsneParams and
 * UmapParams, hold more knobs; a unit test checks these defaults agree with theirs.)
 */
export const PROJECTION_PARAMS: Record<ProjectionMethod, readonly ProjectionParamDoc[]> = {
  pca: [
    {
      key: 'x',
      label: 'X axis',
      doc: 'Which principal component the X axis shows (1 = the direction of most spread).',
      min: 1,
      max: 10,
      default: 1,
      integer: true,
    },
    {
      key: 'y',
      label: 'Y axis',
      doc: 'Which principal component the Y axis shows.',
      min: 1,
      max: 10,
      default: 2,
      integer: true,
    },
    {
      key: 'z',
      label: 'Z axis',
      doc: 'Which principal component the Z axis shows (3D only).',
      min: 1,
      max: 10,
      default: 3,
      integer: true,
    },
  ],
  tsne: [
    {
      key: 'perplexity',
      label: 'Perplexity',
      doc: 'Roughly how many neighbours each point pays attention to.',
      min: 2,
      max: 100,
      default: 30,
    },
    {
      key: 'earlyExaggeration',
      label: 'Early exaggeration',
      doc: 'How hard clusters pull together in the first iterations.',
      min: 1,
      max: 50,
      default: 12,
    },
    {
      key: 'learningRate',
      label: 'Learning rate',
      doc: 'Step size; 0 picks it by size (n / early exaggeration / 4, at least 50).',
      min: 0,
      max: 1000,
      default: 0,
    },
    {
      key: 'theta',
      label: 'Theta',
      doc: 'Barnes-Hut accuracy: 0 is exact and slow, higher is faster and rougher.',
      min: 0,
      max: 1,
      default: 0.6,
    },
    {
      key: 'seed',
      label: 'Seed',
      doc: 'Seeds the starting layout: the same seed gives the same picture.',
      min: 0,
      max: MAX_SEED,
      default: 1,
      integer: true,
    },
  ],
  umap: [
    {
      key: 'nNeighbors',
      label: 'Neighbours',
      doc: 'Small values keep local detail, large ones the global shape.',
      min: 2,
      max: 100,
      default: 15,
      integer: true,
    },
    {
      key: 'minDist',
      label: 'Min distance',
      doc: 'How tightly points may pack: low values give tight clusters.',
      min: 0,
      max: 0.99,
      default: 0.1,
    },
    {
      key: 'spread',
      label: 'Spread',
      doc: 'Overall scale of the layout, together with min distance.',
      min: 0.5,
      max: 3,
      default: 1,
    },
    {
      key: 'nEpochs',
      label: 'Epochs',
      doc: 'Optimisation epochs per layout; 0 picks by size (500 up to 2,500 points, down to 200).',
      min: 0,
      max: 1000,
      default: 0,
      integer: true,
    },
    {
      key: 'seed',
      label: 'Seed',
      doc: 'Seeds every random choice: the same seed gives the same picture.',
      min: 0,
      max: MAX_SEED,
      default: 1,
      integer: true,
    },
  ],
  /** A precomputed layout is shown as it came: nothing to tune. */
  precomputed: [],
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
    out[key] = checkParam(key, doc, value)
  }
  return out
}
