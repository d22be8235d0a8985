import { describe, expect, it } from 'vitest'
import { decodeViewState, encodeViewState, type ViewState } from '../../src/app/share/urlState'

// A link as the release before the parameter tables wrote it, every training key set. Links in
// the wild must keep opening identically, and the same view must still be written the same way.
const TODAY =
  'view=1&data=words&epoch=30&method=tsne&dims=2&p.perplexity=7.5&p.earlyExaggeration=50' +
  '&p.theta=0&p.seed=42&dim=32&lr=0.0005&opt=adagrad&batch=4096&l2=0&neg=20&win=1&sub=0.001' +
  '&seed=2147483647&sel=Coast+redwood&sel=Douglas+fir&color=family&label=genus&isolate=1' +
  '&cam=0.1,-0.2,5.25,-1000,1000,1e-7'

const STATE: ViewState = {
  dataset: 'words',
  params: {
    dim: 32,
    learningRate: 0.0005,
    optimizer: 'adagrad',
    schedule: 'constant',
    epochs: 30,
    batchSize: 4096,
    l2: 0,
    negatives: 20,
    window: 1,
    subsample: 0.001,
    seed: 2 ** 31 - 1,
  },
  epoch: 30,
  projection: {
    method: 'tsne',
    dims: 2,
    params: { perplexity: 7.5, earlyExaggeration: 50, learningRate: 0, theta: 0, seed: 42 },
  },
  selection: ['Coast redwood', 'Douglas fir'],
  colorBy: 'family',
  labelBy: 'genus',
  isolate: true,
  camera: { position: [0.1, -0.2, 5.25], target: [-1000, 1000, 1e-7] },
}

describe('links in the current format', () => {
  it('open to the same view', () => {
    expect(decodeViewState(`#${TODAY}`, ['trees', 'words'])).toEqual({ state: STATE })
  })

  it('are written the same way', () => {
    expect(encodeViewState(STATE)).toBe(TODAY)
  })

  it('with UMAP parameters and a default-valued key still open', () => {
    const r = decodeViewState(
      'view=1&data=trees&method=umap&p.nNeighbors=30&p.minDist=0.5&p.nEpochs=200&opt=adam&neg=5',
      ['trees'],
    )
    expect(r).not.toBeNull()
    if (!r || 'error' in r) throw new Error(JSON.stringify(r))
    expect(r.state.projection.params).toEqual({
      nNeighbors: 30,
      minDist: 0.5,
      spread: 1,
      nEpochs: 200,
      seed: 1,
    })
    expect(r.state.params.optimizer).toBe('adam')
    expect(r.state.params.negatives).toBe(5)
  })
})
