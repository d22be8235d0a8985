import { describe, expect, it } from 'vitest'
import { decodeViewState, encodeViewState, type ViewState } from '../../src/app/share/urlState'
import { helpText, isChoice, type ParamSpec } from '../../src/model/paramSpec'
import { PROJECTION_PARAMS, validateProjectionParams } from '../../src/model/projection/params'
import { DEFAULT_TSNE_PARAMS } from '../../src/model/projection/tsne'
import type { ProjectionMethod } from '../../src/model/projection/types'
import { UMAP_DEFAULTS } from '../../src/model/projection/umap'
import {
  DEFAULT_TRAIN_PARAMS,
  TRAIN_PARAM_LIST,
  type TrainParams,
  validateTrainParams,
} from '../../src/model/training/params'

// Walks the hyperparameter declarations: whatever is added to them must come with everything the
// UI, validation and links need, and must survive both.

/** Keys a link uses for other things; a training parameter's URL key must not shadow one. */
const LINK_KEYS = ['view', 'data', 'epoch', 'method', 'dims', 'sel', 'color', 'label', 'isolate']

const BASE: ViewState = {
  dataset: 'trees',
  params: { ...DEFAULT_TRAIN_PARAMS },
  epoch: 0,
  projection: { method: 'pca', dims: 3, params: validateProjectionParams('pca') },
  selection: [],
  colorBy: null,
  labelBy: null,
  isolate: false,
  camera: null,
}

function throughLink(state: ViewState): ViewState {
  const r = decodeViewState(encodeViewState(state), ['trees'])
  if (!r || 'error' in r) throw new Error(`link did not open: ${JSON.stringify(r)}`)
  return r.state
}

/** Min, max and default of a number; every value of a choice. */
function valuesOf(spec: ParamSpec): (number | string)[] {
  return isChoice(spec) ? Object.keys(spec.choices) : [spec.min, spec.max, spec.default]
}

function expectWellDeclared(spec: ParamSpec) {
  expect(spec.label.trim()).not.toBe('')
  expect(spec.doc.trim()).not.toBe('')
  if (isChoice(spec)) {
    expect(Object.keys(spec.choices)).toContain(spec.default)
    // The help of a choice is its doc as written, so it must say which value is the default.
    expect(spec.doc).toMatch(new RegExp(`${spec.choices[spec.default]} \\(default\\)`))
  } else {
    expect(spec.min).toBeLessThan(spec.max)
    expect(spec.default).toBeGreaterThanOrEqual(spec.min)
    expect(spec.default).toBeLessThanOrEqual(spec.max)
    if (spec.integer) expect([spec.min, spec.max, spec.default].every(Number.isInteger)).toBe(true)
    expect(helpText(spec)).toContain(`Default ${spec.default}`)
  }
}

describe('training hyperparameters', () => {
  it('are declared with a display name, doc, default in range, where used and a URL key', () => {
    for (const [, spec] of TRAIN_PARAM_LIST) {
      expectWellDeclared(spec)
      expect(spec.usedBy.length).toBeGreaterThan(0)
      expect(LINK_KEYS).not.toContain(spec.url)
      expect(spec.url).toMatch(/^[a-z][a-z0-9]*$/)
    }
    const urls = TRAIN_PARAM_LIST.map(([, s]) => s.url)
    expect(new Set(urls).size).toBe(urls.length)
    expect(Object.keys(DEFAULT_TRAIN_PARAMS)).toEqual(TRAIN_PARAM_LIST.map(([k]) => k))
  })

  describe.each(TRAIN_PARAM_LIST)('%s', (key, spec) => {
    it.each(valuesOf(spec))('survives validation and a link at %s', (value) => {
      const params = { ...DEFAULT_TRAIN_PARAMS, [key]: value } as TrainParams
      expect(validateTrainParams({ [key]: value })).toEqual(params)
      expect(throughLink({ ...BASE, params }).params).toEqual(params)
    })

    it('refuses a value outside what it allows, naming itself', () => {
      const bad = isChoice(spec) ? 'bogus' : spec.max + 1
      expect(() => validateTrainParams({ [key]: bad })).toThrow(RangeError)
      expect(() => validateTrainParams({ [key]: bad })).toThrow(new RegExp(`^${key} must be`))
      if (!isChoice(spec))
        expect(() => validateTrainParams({ [key]: spec.min - 1 })).toThrow(
          `${key} must be between ${spec.min} and ${spec.max}, got ${spec.min - 1}`,
        )
    })
  })

  it('rounds whole-number parameters', () => {
    expect(validateTrainParams({ dim: 7.6, seed: 2.2 })).toMatchObject({ dim: 8, seed: 2 })
    expect(validateTrainParams({ learningRate: 0.0125 }).learningRate).toBe(0.0125)
  })

  it('show the Model tab the same help as before the table', () => {
    const help = Object.fromEntries(TRAIN_PARAM_LIST.map(([k, s]) => [k, helpText(s)]))
    expect(help).toMatchObject({
      dim: 'Numbers per item vector. Default 12, range 2–64.',
      learningRate: 'Optimiser step size. Default 0.03, range 0.0001–1.',
      optimizer:
        'Adam (default) adapts each step size; SGD is the plain gradient step; Adagrad shrinks steps for often-updated vectors.',
      subsample:
        'Skips very frequent items some of the time (word2vec’s t); 0 turns it off. Default 0 (off), range 0–0.1; 0.001 suits large corpora.',
      seed: 'Seeds the starting vectors, batch order and sampling: the same seed, backend and data give the same run. Default 1.',
    })
  })
})

describe('projection parameters', () => {
  const all = (Object.keys(PROJECTION_PARAMS) as ProjectionMethod[]).flatMap((method) =>
    PROJECTION_PARAMS[method].map((spec) => [method, spec.key, spec] as const),
  )

  it('are declared with a display name, doc, default in range and a unique key per method', () => {
    for (const [, , spec] of all) expectWellDeclared(spec)
    for (const docs of Object.values(PROJECTION_PARAMS))
      expect(new Set(docs.map((d) => d.key)).size).toBe(docs.length)
  })

  describe.each(all)('%s %s', (method, key, spec) => {
    it.each([spec.min, spec.max, spec.default])('survives validation and a link at %s', (value) => {
      const params = { ...validateProjectionParams(method), [key]: value }
      expect(validateProjectionParams(method, { [key]: value })).toEqual(params)
      const projection = { method, dims: 2 as const, params }
      expect(throughLink({ ...BASE, projection }).projection).toEqual(projection)
    })

    it('refuses a value out of range, naming itself', () => {
      expect(() => validateProjectionParams(method, { [key]: spec.max + 1 })).toThrow(
        `${key} must be between ${spec.min} and ${spec.max}, got ${spec.max + 1}`,
      )
    })
  })

  it('default to what the engines default to', () => {
    const engines = { tsne: DEFAULT_TSNE_PARAMS, umap: UMAP_DEFAULTS }
    for (const [method, defaults] of Object.entries(engines))
      for (const d of PROJECTION_PARAMS[method as ProjectionMethod])
        expect([method, d.key, d.default]).toEqual([
          method,
          d.key,
          // t-SNE's 'auto' learning rate is written 0 here (as UMAP's nEpochs 0 picks by size).
          ((v: unknown) => (v === 'auto' ? 0 : v))(
            (defaults as unknown as Record<string, unknown>)[d.key],
          ),
        ])
  })
})
