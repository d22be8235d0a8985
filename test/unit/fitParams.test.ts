import { describe, expect, it, vi } from 'vitest'
import { parseFiles } from '../../src/model/datasets'
import { BUILTINS } from '../../src/app/session/builtins'
import {
  fitParams,
  LARGE_EXAMPLES,
  TAB_BUDGET_BYTES,
  trainingBytes,
} from '../../src/model/training/fitParams'
import type { Objective } from '../../src/model/training/objective'
import {
  DEFAULT_TRAIN_PARAMS,
  learningRateAt,
  SCHEDULE_FLOOR,
  type TrainParams,
} from '../../src/model/training/params'
import { TrainingSession } from '../../src/model/training/session'
import { compact, duration, progressFigures } from '../../src/app/train/progress'
import { readDataset, switchBackend } from './helpers'
import { groupsDataset } from './plantedGroups'
import * as tf from '@tensorflow/tfjs'

/** `groups` groups of `size` distinct items out of `items`: size·(size−1) pairs each. */
function groups(count: number, size: number, items: number) {
  return groupsDataset(
    Array.from({ length: count }, (_, g) =>
      Array.from({ length: size }, (_, j) => (g * size + j) % items),
    ),
    items,
  )
}

describe('settings chosen on load', () => {
  it('keeps today’s defaults for every bundled (classroom) set', () => {
    for (const b of BUILTINS) {
      const ds = parseFiles([{ name: b.file, text: readDataset(b.file) }])
      const fit = fitParams(ds, DEFAULT_TRAIN_PARAMS, 'wasm')!
      expect(fit.scale, b.id).toBe('classroom')
      expect({ ...DEFAULT_TRAIN_PARAMS, ...fit.params }).toEqual(DEFAULT_TRAIN_PARAMS)
    }
  })

  it('gives large word groups word2vec’s recipe on a CPU, big Adam batches on a GPU', () => {
    const small = groups(100, 5, 500) // 2,000 pairs
    expect(fitParams(small, DEFAULT_TRAIN_PARAMS, 'js')!.scale).toBe('classroom')
    // Many pairs over few items (long sentences of a small vocabulary) stay a classroom set.
    expect(fitParams(groups(5000, 5, 900), DEFAULT_TRAIN_PARAMS, 'js')!.scale).toBe('classroom')
    const corpus = groups(5000, 5, 6500) // 100,000 pairs
    const cpu = fitParams(corpus, DEFAULT_TRAIN_PARAMS, 'js')!
    expect(cpu.examples).toBe(100_000)
    expect(cpu.scale).toBe('large')
    expect(cpu.params).toEqual({
      optimizer: 'sgd',
      learningRate: 0.05,
      schedule: 'linear',
      epochs: 50, // 5 million pairs planned
      batchSize: 4096,
      l2: 0,
    })
    expect(cpu.reason).toMatch(/100,000 pairs an epoch.*SGD at 0\.05.*50 epochs/)
    for (const gpu of ['webgl', 'webgpu'] as const) {
      const fit = fitParams(corpus, DEFAULT_TRAIN_PARAMS, gpu)!
      expect(fit.params).toMatchObject({ optimizer: 'adam', batchSize: 16_384, schedule: 'linear' })
    }
    // A huge corpus still plans a few epochs; a window change changes the count.
    expect(fitParams(groups(400_000, 5, 50_000), DEFAULT_TRAIN_PARAMS, 'wasm')!.params.epochs).toBe(
      5,
    )
    const wide = fitParams(groups(5000, 5, 6500), { ...DEFAULT_TRAIN_PARAMS, window: 1 }, 'js')!
    expect(wide.examples).toBe(40_000)
  })

  it('switches tables and interactions at their own sizes', () => {
    const table = (rows: number) => ({
      kind: 'table' as const,
      name: 't',
      format: 'test',
      labelColumn: 'name',
      labels: Array.from({ length: rows }, (_, i) => `r${i}`),
      attributes: [],
      ignored: [],
    })
    expect(fitParams(table(LARGE_EXAMPLES.table - 1), DEFAULT_TRAIN_PARAMS, 'wasm')!.scale).toBe(
      'classroom',
    )
    const big = fitParams(table(20_000), DEFAULT_TRAIN_PARAMS, 'wasm')!
    expect(big.params).toMatchObject({ optimizer: 'adam', batchSize: 512, schedule: 'linear' })
    const pairs = (n: number) => ({
      kind: 'pairs' as const,
      name: 'p',
      format: 'test',
      labels: ['u', 'i'],
      users: 1,
      userRows: new Int32Array(n),
      itemRows: new Int32Array(n).fill(1),
      ratings: null,
      attributes: [],
    })
    expect(fitParams(pairs(1000), DEFAULT_TRAIN_PARAMS, 'wasm')!.scale).toBe('classroom')
    expect(fitParams(pairs(100_000), DEFAULT_TRAIN_PARAMS, 'webgpu')!.params.batchSize).toBe(16_384)
  })
})

describe('memory, said before training starts', () => {
  it('fits a 100,000-item vocabulary at d = 64 in a tab, and warns when it would not', () => {
    const vocab = groups(50_000, 4, 100_000) // 600,000 pairs over 100,000 items
    const fit = fitParams(vocab, { ...DEFAULT_TRAIN_PARAMS, dim: 64 }, 'js')!
    // Two tables of 25.6 MB, the kernel's copies, a checkpoint and three embeddings in flight.
    expect(fit.bytes).toBe(100_000 * 64 * 4 * (2 * 2 + 2 + 3))
    expect(fit.bytes).toBeLessThan(TAB_BUDGET_BYTES)
    expect(fit.reason).toMatch(/holds about 220 MB/)
    expect(trainingBytes('groups', 100_000, 64, 'adam', false)).toBe(25_600_000 * (2 * 3 * 2 + 3))
    const huge = fitParams(
      groups(50_000, 4, 1_500_000),
      { ...DEFAULT_TRAIN_PARAMS, dim: 64 },
      'js',
    )!
    expect(huge.bytes).toBeGreaterThan(TAB_BUDGET_BYTES)
    expect(huge.reason).toMatch(/needs about 3,296 MB, more than the 1 GB a tab should use/)
  })
})

describe('the learning-rate schedule', () => {
  const p: TrainParams = {
    ...DEFAULT_TRAIN_PARAMS,
    learningRate: 0.025,
    schedule: 'linear',
    epochs: 10,
  }

  it('decays linearly to the floor at the planned epochs and stays there', () => {
    expect(learningRateAt(p, 0, 100)).toBe(0.025)
    expect(learningRateAt(p, 500, 100)).toBeCloseTo(0.0125, 10)
    expect(learningRateAt(p, 1000, 100)).toBeCloseTo(0.025 * SCHEDULE_FLOOR, 12)
    expect(learningRateAt(p, 5000, 100)).toBeCloseTo(0.025 * SCHEDULE_FLOOR, 12)
    expect(learningRateAt({ ...p, schedule: 'constant' }, 5000, 100)).toBe(0.025)
  })

  it('is applied by the session before every step, to the objective or its optimiser', async () => {
    await switchBackend('cpu')
    const rates: number[] = []
    const objective: Objective = {
      items: 1,
      dim: 1,
      stepsPerEpoch: 4,
      trainStep: () => tf.scalar(1),
      embedding: () => tf.zeros([1, 1]) as tf.Tensor2D,
      variables: () => [],
      setLearningRate: (r) => rates.push(r),
      skipSteps: () => {},
      dispose: () => {},
    }
    const session = new TrainingSession(
      objective,
      { snapshot: vi.fn(), progress: vi.fn(), stopped: vi.fn() },
      {
        now: () => performance.now(),
        yieldToEvents: () => Promise.resolve(),
        sleep: () => Promise.resolve(),
        snapshotIntervalMs: 0,
        learningRate: (step) => learningRateAt({ ...p, epochs: 2 }, step, 4),
      },
    )
    await session.run(3)
    const want = [0.025, 0.021875, 0.01875, 0.015625, 0.0125, 0.009375, 0.00625, 0.003125]
    want.forEach((r, i) => expect(rates[i]).toBeCloseTo(r, 12))
    expect(rates.at(-1)).toBeCloseTo(0.025 * SCHEDULE_FLOOR, 12)
    expect(rates).toHaveLength(9) // steps 9–12 keep the floor: it is set once
    session.dispose()

    const sgd = tf.train.sgd(0.5)
    const adam = tf.train.adam(0.5)
    const { setOptimizerRate } = await import('../../src/model/training/objective')
    setOptimizerRate(sgd, 0.1)
    setOptimizerRate(adam, 0.2)
    expect((sgd as unknown as { learningRate: number }).learningRate).toBe(0.1)
    expect((adam as unknown as { learningRate: number }).learningRate).toBe(0.2)
    sgd.dispose()
    adam.dispose()
  })
})

describe('progress at scale', () => {
  it('gives pairs a second, epoch n of N and the time left', () => {
    const p = { schedule: 'linear' as const, epochs: 30, batchSize: 4096 }
    const f = progressFigures(p, {
      step: 230,
      stepsPerSecond: 250,
      stepsPerEpoch: 23,
      trainTarget: null,
    })
    expect(f).toEqual({ examplesPerSecond: 1_024_000, ofEpochs: 30, secondsLeft: 1.84 })
    expect(compact(f.examplesPerSecond)).toBe('1.02 M')
    expect(duration(f.secondsLeft!)).toBe('2 s')
    expect(duration(125)).toBe('2 min 5 s')
    const constant = progressFigures(
      { ...p, schedule: 'constant' },
      { step: 1, stepsPerSecond: 0, stepsPerEpoch: 3, trainTarget: null },
    )
    expect(constant).toEqual({ examplesPerSecond: 0, ofEpochs: null, secondsLeft: null })
  })
})
