import { afterEach, describe, expect, it } from 'vitest'
import { decodeViewState, encodeViewState, type ViewState } from '../../src/app/share/urlState'
import { validateProjectionParams } from '../../src/model/projection/params'
import { DEFAULT_TRAIN_PARAMS } from '../../src/model/training/params'

const BUILTINS = ['trees', 'forests', 'words', 'dishes'] as const

function defaults(): ViewState {
  return {
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
}

function decoded(hash: string): ViewState {
  const r = decodeViewState(hash, BUILTINS)
  if (!r || 'error' in r) throw new Error(`expected a state from ${hash}, got ${JSON.stringify(r)}`)
  return r.state
}

function errorOf(hash: string): string {
  const r = decodeViewState(hash, BUILTINS)
  if (!r || !('error' in r)) throw new Error(`expected an error from ${hash}, got ${String(r)}`)
  return r.error
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort()
afterEach(() => {
  // No link may reach Object.prototype, whatever it holds.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.getPrototypeOf({})).toBe(Object.prototype)
})

describe('round trip', () => {
  const everything: ViewState = {
    dataset: 'words',
    params: {
      dim: 32,
      learningRate: 0.0005,
      optimizer: 'adagrad',
      schedule: 'linear',
      epochs: 40,
      batchSize: 4096,
      l2: 0,
      negatives: 20,
      window: 1,
      subsample: 0.001,
      seed: 2 ** 31 - 1,
    },
    epoch: 10_000,
    projection: {
      method: 'tsne',
      dims: 3,
      params: { perplexity: 7.5, earlyExaggeration: 50, learningRate: 250, theta: 0, seed: 42 },
    },
    selection: ['Coast redwood', 'Giant sequoia', 'Douglas fir'],
    colorBy: 'family',
    labelBy: 'genus',
    isolate: true,
    camera: { position: [0.1, -0.2, 5.25], target: [-1000, 1000, 1e-7] },
  }
  const umap2d: ViewState = {
    ...defaults(),
    dataset: 'dishes',
    epoch: 20,
    projection: {
      method: 'umap',
      dims: 2,
      params: { nNeighbors: 10, minDist: 0.05, spread: 1, nEpochs: 0, seed: 7 },
    },
  }
  const awkward: ViewState = {
    ...defaults(),
    selection: [
      'a&b=c#d+e%f',
      '100% + 50%',
      'Ünïcödé 名前 🌲 مرحبا',
      '  spaces  ',
      '%E0%A4%A',
      'x'.repeat(500),
    ],
    colorBy: 'kind=1&kind=2',
    labelBy: '#label?',
  }

  it.each([
    ['defaults', defaults()],
    ['every field set', everything],
    ['2D UMAP with params', umap2d],
    ["Unicode and '&', '=', '#', '+', '%' in labels", awkward],
  ])('%s', (_name, state) => {
    const hash = encodeViewState(state)
    expect(decoded(hash)).toEqual(state)
    expect(decoded(`#${hash}`)).toEqual(state)
  })

  it('writes a short, readable hash that leaves defaults out', () => {
    expect(encodeViewState(defaults())).toBe('view=1&data=trees')
    const hash = encodeViewState({
      ...defaults(),
      epoch: 20,
      params: { ...DEFAULT_TRAIN_PARAMS, seed: 3 },
      projection: { ...umap2d.projection, params: validateProjectionParams('umap') },
      selection: ['Coast redwood'],
      camera: { position: [0, 0, 5.2], target: [0, 0, 0] },
    })
    expect(hash).toBe(
      'view=1&data=trees&epoch=20&method=umap&dims=2&seed=3&sel=Coast+redwood&cam=0,0,5.2,0,0,0',
    )
  })

  it('writes a lone UTF-16 surrogate (possible in JSON data) as U+FFFD instead of throwing', () => {
    const state = { ...defaults(), selection: ['a\uD800b', '\uDC00'] }
    expect(decoded(encodeViewState(state)).selection).toEqual(['a\uFFFDb', '\uFFFD'])
  })

  it('fills in defaults for what a link leaves out', () => {
    const s = decoded('view=1&data=forests&method=umap&p.nNeighbors=30&lr=0.1')
    expect(s.projection.params).toEqual({ ...validateProjectionParams('umap'), nNeighbors: 30 })
    expect(s.params).toEqual({ ...DEFAULT_TRAIN_PARAMS, learningRate: 0.1 })
    expect(s.projection.dims).toBe(3)
  })
})

describe('decode', () => {
  it('returns null for a hash that holds no view state', () => {
    expect(decodeViewState('', BUILTINS)).toBeNull()
    expect(decodeViewState('#', BUILTINS)).toBeNull()
    expect(decodeViewState('#section-2', BUILTINS)).toBeNull()
    expect(decodeViewState('data=trees&seed=3', BUILTINS)).toBeNull()
    expect(decodeViewState('review=1&data=trees', BUILTINS)).toBeNull()
    expect(decodeViewState('x'.repeat(100_000), BUILTINS)).toBeNull()
  })

  it('ignores unknown keys, __proto__ and constructor included, without copying them', () => {
    const hash = 'view=1&data=trees&__proto__=1&constructor=2&__proto__%5Bpolluted%5D=1&zzz=3'
    const s = decoded(`${hash}&prototype=x&toString=1&hasOwnProperty=1&valueOf=1`)
    expect(s).toEqual(defaults())
    expect(Object.keys(s)).not.toContain('__proto__')
    expect(Object.getPrototypeOf(s)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(s.params)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(s.projection.params)).toBe(Object.prototype)
  })

  it.each([
    // [hash after view=1&data=trees, pattern the message must match]
    ['p.__proto__=1', /p\.__proto__.*not a PCA parameter/],
    ['method=umap&p.constructor=1', /p\.constructor.*not a UMAP parameter/],
    ['method=umap&p.toString=1', /p\.toString/],
    ['p.perplexity=30', /p\.perplexity.*not a PCA parameter/],
    ['dims=4', /dimensions \(dims\).*"4"/],
    ['dims=2.0', /dims/],
    ['method=eval', /projection method \(method\).*"eval"/],
    ['seed=1e999', /seed is not a number: "1e999"/],
    ['seed=1.5', /seed is not a whole number/],
    ['seed=0x10', /seed is not a number/],
    ['seed=', /seed is not a number/],
    ['seed=+1', /seed is not a number/],
    ['seed=%201', /seed is not a number/],
    ['seed=1&seed=2', /seed is given more than once/],
    ['lr=NaN', /learning rate \(lr\) is not a number: "NaN"/],
    ['lr=Infinity', /learning rate \(lr\) is not a number/],
    ['lr=-Infinity', /lr/],
    ['lr=5', /learning rate \(lr\) must be between 0.0001 and 1, got 5/],
    ['dim=1', /dimension \(dim\) must be between 2 and 64/],
    ['opt=rmsprop', /optimiser \(opt\)/],
    ['epoch=-1', /epoch must be between 0 and 10000, got -1/],
    ['epoch=10001', /epoch/],
    ['epoch=2.5', /epoch is not a whole number/],
    ['cam=1,2', /camera \(cam\) must be six numbers/],
    ['cam=1,2,3,4,5,6,7', /camera \(cam\) must be six numbers/],
    ['cam=1,2,3,4,5,NaN', /camera \(cam\) is not a number: "NaN"/],
    ['cam=1,2,3,4,5,1001', /camera \(cam\) must be between -1000 and 1000/],
    ['isolate=yes', /isolate flag \(isolate\)/],
    [
      'method=umap&p.nNeighbors=1000',
      /UMAP neighbours \(p\.nNeighbors\) must be between 2 and 100/,
    ],
    ['method=tsne&p.seed=-1', /t-SNE seed \(p\.seed\)/],
    ['method=tsne&p.perplexity=1e999', /t-SNE perplexity \(p\.perplexity\) is not a number/],
    ['sel=', /selection \(sel\) is empty/],
    [`sel=${'x'.repeat(501)}`, /selection \(sel\) is longer than 500 characters/],
    [`color=${'c'.repeat(501)}`, /colour-by attribute \(color\) is longer than 500/],
    ['label=a&label=b', /label-by attribute \(label\) is given more than once/],
    ['sel=%E0%A4%A', /damaged: "sel=%E0%A4%A" has a broken %-escape/],
    ['sel=%', /damaged: "sel=%"/],
    ['%ZZ=1', /damaged: "%ZZ=1"/],
  ])('refuses %s', (tail, pattern) => {
    expect(errorOf(`view=1&data=trees&${tail}`)).toMatch(pattern)
  })

  it('refuses links with a bad dataset or format version', () => {
    expect(errorOf('view=1&data=pwned')).toMatch(/dataset \(data\) is "pwned".*trees, forests/)
    expect(errorOf('view=1&data=__proto__')).toMatch(/dataset \(data\)/)
    expect(errorOf('view=1&data=constructor')).toMatch(/dataset \(data\)/)
    expect(errorOf('view=1')).toMatch(/dataset \(data\) is missing/)
    expect(errorOf('view=2&data=trees')).toMatch(/format version \(view\) is "2"/)
    expect(errorOf('view=&data=trees')).toMatch(/format version \(view\)/)
    expect(errorOf('view=1&view=1&data=trees')).toMatch(/view\) is given more than once/)
  })

  it('refuses oversized links without reading them', () => {
    const huge = `view=1&data=trees&sel=${'y'.repeat(10_000_000)}`
    expect(errorOf(huge)).toMatch(/too long/)
    const million = `view=1&data=trees${'&sel=a'.repeat(1_000_000)}`
    expect(errorOf(million)).toMatch(/too long/)
    expect(errorOf(`view=1&data=trees${'&sel=a'.repeat(1001)}`)).toMatch(
      /selection \(sel\) has over 1000 items/,
    )
    expect(decoded(`view=1&data=trees${'&sel=a'.repeat(1000)}`).selection).toHaveLength(1000)
  })

  it('never throws, whatever the hash', () => {
    const nasty = ['%', '%%%', 'view', 'view=1&', '&&&view=1', '=', 'view=1&data=trees&=&&=x']
    for (const hash of nasty) expect(() => decodeViewState(hash, BUILTINS)).not.toThrow()
    expect(errorOf('view')).toMatch(/format version \(view\)/)
    expect(decoded('&&view=1&&data=trees&&')).toEqual(defaults())
  })
})
