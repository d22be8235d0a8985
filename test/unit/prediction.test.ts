import { describe, expect, it } from 'vitest'
import { nearestNeighbours } from '../../src/model/neighbours'
import {
  askAgain,
  createPredictionStore,
  defaultPuzzle,
  ensurePuzzleFor,
  type PredictHost,
  rankCandidates,
  recordGuess,
  revealAnswer,
  revealBlocker,
  revealMessage,
  setCandidate,
  setProbe,
} from '../../src/app/classroom/prediction'

const LABELS = ['Coast redwood', 'Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab', 'Oak']
/** 2D vectors at known angles from Coast redwood (along x): cos 0.99, 0.8, -0.6, 0.28, 0.6. */
const VECTORS = Float32Array.from([
  1,
  0,
  0.99,
  Math.sqrt(1 - 0.99 ** 2),
  0.8,
  0.6,
  -0.6,
  0.8,
  0.28,
  0.96,
  0.6,
  -0.8,
])

function fakeHost(init: { epoch?: number; kind?: string } = {}) {
  const selected: (string | null)[] = []
  const state = { epoch: init.epoch ?? 10, dataset: { kind: init.kind ?? 'table', labels: LABELS } }
  const host: PredictHost = {
    store: { getState: () => state },
    neighboursOf: (i, k = 10, metric = 'cosine') =>
      nearestNeighbours(VECTORS, LABELS.length, 2, i, k, metric).map((n) => ({
        ...n,
        label: LABELS[n.index],
      })),
    select: (l) => void selected.push(l),
  }
  return { host, state, selected }
}

function puzzleStore() {
  const store = createPredictionStore()
  ensurePuzzleFor(LABELS, 'trees:6', store)
  return store
}

describe('prediction', () => {
  it('defaults to Coast redwood and its four candidates when they exist', () => {
    expect(defaultPuzzle(LABELS)).toEqual({
      probe: 'Coast redwood',
      candidates: ['Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab'],
    })
  })

  it('picks seeded, distinct candidates other than the probe for other datasets', () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`)
    const a = defaultPuzzle(words)
    expect(a).toEqual(defaultPuzzle(words)) // same data, same question
    expect(a.candidates).toHaveLength(4)
    expect(new Set([a.probe, ...a.candidates]).size).toBe(5)
    expect(defaultPuzzle(['x', 'y']).candidates).toHaveLength(1)
    expect(defaultPuzzle([])).toEqual({ probe: null, candidates: [] })
  })

  it('ranks candidates by cosine similarity among all items', () => {
    const { host } = fakeHost()
    const { rows, others } = rankCandidates(host, 'Coast redwood', [
      'Coconut palm',
      'Baobab',
      'Giant sequoia',
      'Dawn redwood',
    ])
    expect(others).toBe(5)
    expect(rows.map((r) => [r.label, r.rank])).toEqual([
      ['Giant sequoia', 1],
      ['Dawn redwood', 2],
      ['Baobab', 4], // Oak (0.6) is 3rd among all items, though not a candidate
      ['Coconut palm', 5],
    ])
    expect(rows[0].similarity).toBeCloseTo(0.99, 5)
    expect(rows[3].similarity).toBeCloseTo(-0.6, 5)
  })

  it('says whether the guess was right, records the epoch and selects the probe', () => {
    const { host, selected } = fakeHost({ epoch: 12 })
    const store = puzzleStore()
    recordGuess('Giant sequoia', store)
    const r = revealAnswer(host, store)!
    expect(r.epoch).toBe(12)
    expect(selected).toEqual(['Coast redwood'])
    expect(revealMessage(r)).toBe('Right! Giant sequoia is the closest, similarity 0.99.')

    askAgain(store)
    expect(store.getState()).toMatchObject({ guess: null, reveal: null })
    recordGuess('Baobab', store)
    expect(revealMessage(revealAnswer(host, store)!)).toBe(
      'Not quite: Giant sequoia is the closest, similarity 0.99. Your class guessed Baobab (0.28).',
    )
  })

  it('refuses to reveal before training or for precomputed vectors', () => {
    const before = fakeHost({ epoch: 0 })
    const store = puzzleStore()
    expect(revealAnswer(before.host, store)).toBeNull()
    expect(store.getState().reveal).toBeNull()
    expect(store.getState().error).toMatch(/Train the model first/)
    expect(before.selected).toEqual([])
    expect(revealBlocker({ epoch: 5, dataset: { kind: 'vectors' } }, 4)).toMatch(/ready-made/)
    expect(revealBlocker({ epoch: 5, dataset: null }, 4)).toMatch(/Load a dataset/)
    expect(revealBlocker({ epoch: 5, dataset: { kind: 'table' } }, 1)).toMatch(/two candidates/)
    expect(revealBlocker({ epoch: 1, dataset: { kind: 'table' } }, 2)).toBeNull()
  })

  it('keeps the guess changeable until the reveal, then locks it', () => {
    const { host } = fakeHost()
    const store = puzzleStore()
    recordGuess('Baobab', store)
    recordGuess('Dawn redwood', store)
    recordGuess('Oak', store) // not a candidate: ignored
    expect(store.getState().guess).toBe('Dawn redwood')
    revealAnswer(host, store)
    recordGuess('Giant sequoia', store)
    expect(store.getState().guess).toBe('Dawn redwood')
  })

  it('lets the teacher change the question', () => {
    const store = puzzleStore()
    recordGuess('Baobab', store)
    setCandidate(3, 'Oak', store) // replaces Baobab, so the guess goes
    expect(store.getState().candidates).toEqual([
      'Giant sequoia',
      'Dawn redwood',
      'Coconut palm',
      'Oak',
    ])
    expect(store.getState().guess).toBeNull()
    setCandidate(0, 'Coast redwood', store) // the probe cannot be a candidate
    setCandidate(1, 'Oak', store) // nor can a candidate appear twice
    expect(store.getState().candidates[0]).toBe('Giant sequoia')
    expect(store.getState().candidates[1]).toBe('Dawn redwood')
    setCandidate(2, '', store)
    expect(store.getState().candidates).toEqual(['Giant sequoia', 'Dawn redwood', 'Oak'])
    setProbe('Oak', store) // the old probe takes the new probe's place among the candidates
    expect(store.getState().probe).toBe('Oak')
    expect(store.getState().candidates).toEqual(['Giant sequoia', 'Dawn redwood', 'Coast redwood'])
    ensurePuzzleFor(LABELS, 'trees:6', store) // same dataset: the teacher's question stays
    expect(store.getState().probe).toBe('Oak')
    ensurePuzzleFor(LABELS, 'other:6', store)
    expect(store.getState().probe).toBe('Coast redwood')
  })
})
