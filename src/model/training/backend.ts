import * as tf from '@tensorflow/tfjs'
import type { TableDataset } from '../datasets/types'
import { gatherRows } from './gather'
import { DEFAULT_TRAIN_PARAMS } from './params'
import { TableObjective } from './table'

import type { BackendName } from './backendNames'

export { BACKEND_ORDER, type BackendName } from './backendNames'
import type { TfBackendName } from './backendNames'
import { checkKernel, timeKernelStep } from './kernelCheck'

/** The outcome of trying one backend. */
export interface BackendTrial {
  backend: BackendName
  ok: boolean
  /** Median milliseconds per training step of a small table model; null when it failed. */
  msPerStep: number | null
  /** Why it failed, or a remark such as "software renderer". */
  note: string
}

export interface BackendChoice {
  backend: BackendName
  /**
   * The tfjs backend in use: `backend` itself, or with 'js' the fastest tfjs backend that passed
   * (it trains the objectives the kernel does not, and holds the variables).
   */
  tf?: TfBackendName
  trials: BackendTrial[]
  /** One line for the UI: what was chosen and why the others were not. */
  reason: string
  /** True when the user picked this backend instead of the automatic choice. */
  forced?: boolean
  /** True when it is the choice of an earlier visit, checked again instead of timing them all. */
  remembered?: boolean
  /** True for the quick backend a first visit starts on while the others are timed. */
  provisional?: boolean
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    )
  })
}

/**
 * A tiny check that the ops training needs give the right numbers on the current backend: the
 * custom gather gradient (scatterND) and a softmax cross-entropy on a cast one-hot (the wasm trap).
 */
export async function checkCorrectness(): Promise<string | null> {
  // tf.tidy keeps only the two results: the intermediates (the one-hot indices, the one-hot,
  // logSumExp, the products and sums) are freed here, on every backend, every call.
  const [grad, ce] = tf.tidy(() => {
    const table = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3])
    const ids = tf.tensor1d([0, 2, 2], 'int32')
    const w = tf.tensor1d([1, -2, 0.5])
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, ids), w)))(table)
    const logits = tf.tensor2d([2, 1, 0, 0, 0, 3], [2, 3])
    const onehot = tf.cast(tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3), 'float32')
    const ce = tf.sum(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(onehot, logits), 1)))
    return [grad, ce]
  })
  const [g, c] = await Promise.all([grad.data(), ce.data()]).finally(() => tf.dispose([grad, ce]))
  const expected = [1, -2, 0.5, 0, 0, 0, 2, -4, 1]
  if (expected.some((v, i) => Math.abs(v - g[i]) > 1e-4))
    return `gather gradient is wrong (${Array.from(g).join(', ')})`
  const ceExpected = Math.log(Math.E ** 2 + Math.E + 1) - 2 + Math.log(2 + Math.E ** 3) - 3
  if (Math.abs(c[0] - ceExpected) > 1e-3) return `cross-entropy is wrong (${c[0]})`
  return null
}

/** A synthetic table for timing: `items` rows, three categorical attributes. */
function timingTable(items: number): TableDataset {
  const cat = (name: string, k: number) => ({
    kind: 'categorical' as const,
    name,
    categories: Array.from({ length: k }, (_, i) => `${name}${i}`),
    codes: Int32Array.from({ length: items }, (_, i) => (i * 7 + k) % k),
  })
  return {
    kind: 'table',
    name: 'timing',
    format: 'synthetic',
    labelColumn: 'name',
    labels: Array.from({ length: items }, (_, i) => `item${i}`),
    attributes: [cat('a', 5), cat('b', 12), cat('c', 40)],
    ignored: [],
  }
}

/** Median ms per step of a small table model on the current backend, after one warm-up step. */
export async function timeTrainingStep(steps = 7): Promise<number> {
  const objective = new TableObjective(timingTable(256), { ...DEFAULT_TRAIN_PARAMS, batchSize: 64 })
  try {
    const run = async () => {
      const loss = objective.trainStep()
      await loss.data()
      loss.dispose()
    }
    await run()
    const times: number[] = []
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now()
      await run()
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    return times[Math.floor(times.length / 2)]
  } finally {
    objective.dispose()
  }
}

/**
 * Tries each candidate backend: start it, check correctness, time a short training step. Keeps
 * the fastest that passed. `describe` may add a remark per backend (e.g. "software adapter").
 */
export async function chooseBackend(
  candidates: BackendName[],
  opts: { describe?: (b: BackendName) => Promise<string>; timeoutMs?: number } = {},
): Promise<BackendChoice> {
  const timeoutMs = opts.timeoutMs ?? 20_000
  // The kernel alone (forced, or remembered) still needs a tfjs backend beside it.
  if (candidates.length > 0 && candidates.every((c) => c === 'js'))
    candidates = ['js', 'wasm', 'cpu']
  const trials: BackendTrial[] = []
  // A GPU emulated on the CPU (SwiftShader, llvmpipe) trains ~100× slower than wasm on the same
  // CPU (REFERENCE.md) and takes a core for seconds to time: in a race with a CPU backend it is
  // reported, not timed. Picked on its own (the Backend menu), it is timed and used.
  const hasCpu = candidates.some((c) => !GPU_BACKENDS.includes(c))
  for (const backend of candidates) {
    const remark = opts.describe ? await opts.describe(backend).catch(() => '') : ''
    if (hasCpu && GPU_BACKENDS.includes(backend) && SOFTWARE_GPU.test(remark)) {
      trials.push({ backend, ok: false, msPerStep: null, note: `${remark}; ${NOT_TIMED}` })
      continue
    }
    try {
      if (backend === 'js') {
        const wrong = checkKernel()
        if (wrong) throw new Error(`failed the correctness check: ${wrong}`)
        const ms = timeKernelStep()
        trials.push({ backend, ok: true, msPerStep: ms, note: remark || KERNEL_NOTE })
        continue
      }
      const started = await withTimeout(tf.setBackend(backend), timeoutMs, `starting ${backend}`)
      if (!started) throw new Error('not available here')
      await tf.ready()
      const wrong = await withTimeout(checkCorrectness(), timeoutMs, 'the correctness check')
      if (wrong) throw new Error(`failed the correctness check: ${wrong}`)
      const ms = await withTimeout(timeTrainingStep(), timeoutMs, 'the timing run')
      trials.push({ backend, ok: true, msPerStep: ms, note: remark })
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      trials.push({
        backend,
        ok: false,
        msPerStep: null,
        note: remark ? `${remark}; ${message}` : message,
      })
    }
  }
  const passed = trials.filter((t) => t.ok).sort((a, b) => a.msPerStep! - b.msPerStep!)
  if (passed.length === 0)
    throw new Error(`No TensorFlow.js backend works here: ${describeTrials(trials)}`)
  const best = passed[0]
  const bestTf = passed.find((t) => t.backend !== 'js')
  // The kernel trains skip-gram only: the tfjs variables and the other objectives need a tfjs backend.
  const tfBackend = (bestTf?.backend ?? 'cpu') as TfBackendName
  if (!(await tf.setBackend(tfBackend)))
    throw new Error(`No TensorFlow.js backend works here: ${describeTrials(trials)}`)
  return {
    backend: best.backend,
    tf: tfBackend,
    trials,
    reason: (
      `${best.backend} is fastest (${best.msPerStep!.toFixed(1)} ms/step)` +
      (best.backend === 'js' ? `, with ${tfBackend} for what it does not train. ` : '. ') +
      describeTrials(trials.filter((t) => t !== best))
    ).trim(),
  }
}

/** The backends that run on a GPU, which may be one emulated on the CPU. */
const GPU_BACKENDS: BackendName[] = ['webgpu', 'webgl']

/** How `describe` starts its remark on a GPU emulated on the CPU (workers/backends.ts). */
export const SOFTWARE_GPU = /^software (adapter|renderer)/

const NOT_TIMED =
  'not timed: a GPU emulated on the CPU trains far slower than wasm (choose it in Backend to time it)'

/** What the 'js' row of the race means. */
const KERNEL_NOTE =
  'typed-array SGD kernel, a skip-gram step of 64 pairs; trains word groups with SGD, the rest runs on the best tfjs backend'

function describeTrials(trials: BackendTrial[]): string {
  return trials
    .map((t) =>
      t.ok
        ? `${t.backend}: ${t.msPerStep!.toFixed(1)} ms/step${t.note ? ` (${t.note})` : ''}`
        : `${t.backend}: ${t.note}`,
    )
    .join('; ')
}
