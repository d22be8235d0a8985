import { describe, expect, it } from 'vitest'
import { nearestNeighbours } from '../../src/model/neighbours'
import {
  aboutNumber,
  compareRuns,
  createLessonStore,
  fillText,
  goToStep,
  LESSON_STEPS,
  type LessonHost,
  oneHotArithmetic,
} from '../../src/app/classroom/lesson'

const LABELS = ['Coast redwood', 'Giant sequoia', 'Dawn redwood', 'A', 'B', 'C', 'D', 'E', 'F']
const DIM = 3

/** Trained vectors of seed 1: items 1–6 ever further from item 0, 7–8 far away. */
const SEED1 = [
  [1, 0, 0],
  [1, 0.1, 0],
  [1, 0.2, 0],
  [1, 0.3, 0],
  [1, 0.4, 0],
  [1, 0.5, 0],
  [1, 0.6, 0],
  [0, 1, 0],
  [0, 0, 1],
]
/** Seed 2: the same geometry with the axes permuted (so the numbers differ), except that
 * item 5 ("C", 5th nearest before) has moved far away, letting "D" into the top 5. */
const SEED2 = SEED1.map(([x, y, z], i) => (i === 5 ? [0.2, 0, 1] : [z, x, y]))

function vectorsOf(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat())
}

/** A fake controller: records every call and trains instantly to the seed's vectors. */
function fakeHost(init: { builtin?: string | null; epoch?: number; dim?: number } = {}) {
  const calls: string[] = []
  const state = {
    builtin: init.builtin === undefined ? 'trees' : init.builtin,
    epoch: init.epoch ?? 0,
    params: { dim: init.dim ?? 12, seed: 1 },
    method: 'pca' as 'pca' | 'umap' | 'tsne',
    dims: 3 as 2 | 3,
    dataset: { kind: 'table', labels: LABELS },
    selected: null as string | null,
  }
  const live = { vectors: vectorsOf(SEED1), dim: DIM, items: LABELS.length }
  const host: LessonHost = {
    store: { getState: () => state },
    live,
    view: {
      setColorBy: (n) => void calls.push(`colorBy ${n}`),
      camera: (k) => void calls.push(`camera ${k}`),
    },
    layout: {
      setProjection: (p) => void calls.push(`projection ${p.method} ${p.dims}`),
    },
    loadBuiltin: async (id) => {
      calls.push(`load ${id}`)
      Object.assign(state, { builtin: id, epoch: 0 })
    },
    train: async ({ epochs }) => {
      calls.push(`train ${epochs}`)
      state.epoch += epochs ?? 0
      live.vectors = vectorsOf(state.params.seed === 1 ? SEED1 : SEED2)
    },
    reset: (seed) => {
      calls.push(`reset ${seed}`)
      state.params = { ...state.params, seed: seed ?? 99 }
      state.epoch = 0
    },
    applyParams: (p) => {
      calls.push(`dim ${p.dim}`)
      state.params = { ...state.params, ...p }
      state.epoch = 0
    },
    select: (l) => {
      calls.push(`select ${l}`)
      state.selected = l
    },
    neighboursOf: (i, k = 10, metric = 'cosine') =>
      nearestNeighbours(live.vectors, live.items, DIM, i, k, metric).map((n) => ({
        ...n,
        label: LABELS[n.index],
      })),
  }
  return { host, calls, state, live }
}

const stepIndex = (id: string) => LESSON_STEPS.findIndex((s) => s.id === id)

describe('lesson steps', () => {
  it('step 1 loads the trees only when needed and sets up PCA 3D coloured by group', async () => {
    const { host, calls } = fakeHost({ builtin: 'words' })
    const store = createLessonStore()
    await goToStep(0, host, store)
    expect(calls).toEqual([
      'load trees',
      'colorBy group',
      'select Coast redwood',
      'camera fit-data',
    ])
    expect(store.getState()).toMatchObject({ step: 0, setup: 'done', error: null })

    const again = fakeHost({ builtin: 'trees' })
    again.state.method = 'umap'
    await goToStep(0, again.host, createLessonStore())
    expect(again.calls).not.toContain('load trees')
    expect(again.calls).toContain('projection pca 3')
  })

  it('step 2 does not restart training when the dimension is already 12', async () => {
    const same = fakeHost({ dim: 12, epoch: 7 })
    await goToStep(stepIndex('one-hot'), same.host, createLessonStore())
    expect(same.calls).toEqual([])
    expect(same.state.epoch).toBe(7)

    const other = fakeHost({ dim: 8 })
    await goToStep(stepIndex('one-hot'), other.host, createLessonStore())
    expect(other.calls).toEqual(['dim 12'])
  })

  it('step 3 trains only the missing epochs, then selects Coast redwood', async () => {
    const partly = fakeHost({ epoch: 6 })
    await goToStep(stepIndex('similar'), partly.host, createLessonStore())
    expect(partly.calls).toEqual(['train 9', 'select Coast redwood'])
    expect(partly.state.epoch).toBe(15)

    const trained = fakeHost({ epoch: 40 })
    await goToStep(stepIndex('similar'), trained.host, createLessonStore())
    expect(trained.calls).toEqual(['select Coast redwood'])
  })

  it('step 4 retrains from a new seed and compares vectors and neighbours', async () => {
    const { host, calls } = fakeHost({ epoch: 15 })
    const store = createLessonStore()
    await goToStep(stepIndex('stable'), host, store)
    expect(calls).toEqual(['reset 2', 'train 15', 'select Coast redwood'])
    const s = store.getState()
    expect(s.setup).toBe('done')
    const c = s.comparison!
    expect(c.before.vector).toEqual(SEED1[0])
    expect(c.after.vector).toEqual([0, 1, 0])
    expect(c.before.neighbours).toEqual(['Giant sequoia', 'Dawn redwood', 'A', 'B', 'C'])
    expect(c.after.neighbours).toEqual(['Giant sequoia', 'Dawn redwood', 'A', 'B', 'D'])
    expect(c.same).toBe(4)
  })

  it('compareRuns counts shared neighbours regardless of order', () => {
    const r = compareRuns(
      { vector: [1], neighbours: ['a', 'b', 'c'] },
      { vector: [2], neighbours: ['c', 'x', 'a'] },
    )
    expect(r.same).toBe(2)
  })

  it('keeps a failed setup as an error in the state instead of throwing', async () => {
    const { host } = fakeHost({ epoch: 0 })
    host.train = () => Promise.reject(new Error('The GPU went away'))
    const store = createLessonStore()
    await expect(goToStep(stepIndex('similar'), host, store)).resolves.toBeUndefined()
    expect(store.getState()).toMatchObject({ setup: 'error', error: 'The GPU went away' })
  })

  it('skips the setup of a step the class has already left', async () => {
    const { host, calls } = fakeHost({ dim: 8 })
    const store = createLessonStore()
    void goToStep(stepIndex('one-hot'), host, store)
    await goToStep(stepIndex('your-own'), host, store)
    expect(calls).toEqual([]) // step 2 would have changed the dimension
    expect(store.getState()).toMatchObject({ step: stepIndex('your-own'), setup: 'none' })
  })

  it('clamps the step index', async () => {
    const { host } = fakeHost()
    const store = createLessonStore()
    await goToStep(99, host, store)
    expect(store.getState().step).toBe(LESSON_STEPS.length - 1)
    await goToStep(-3, host, store)
    expect(store.getState().step).toBe(0)
  })
})

describe('lesson text', () => {
  it('has 2 to 5 sentences per step and no unfilled placeholders', () => {
    for (const step of LESSON_STEPS) {
      const text = step.body.map((p) => fillText(p, 12)).join(' ')
      const sentences = text.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '')
      expect(sentences.length, step.title).toBeGreaterThanOrEqual(2)
      expect(sentences.length, step.title).toBeLessThanOrEqual(5)
      expect(text).not.toMatch(/[{}]/)
    }
  })

  it('works out the one-hot arithmetic', () => {
    expect(oneHotArithmetic(73_000, 12)).toEqual({
      oneHot: 5_329_000_000,
      embedding: 876_000,
      ratio: 73_000 / 12,
    })
    expect(aboutNumber(73_000 / 12)).toBe('6,000')
    expect(fillText('{dim} numbers, {ratio} times smaller', 12)).toBe(
      '12 numbers, 6,000 times smaller',
    )
  })
})
