import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { readFileSync } from 'node:fs'
import { parseTable } from '../src/model/datasets/table'
import { DEFAULT_TRAIN_PARAMS } from '../src/model/training/params'
import { TableObjective } from '../src/model/training/table'

export interface Row {
  figure: string
  ours: string
  baseline: string
  note: string
}

async function stepTime(backend: string, plainGather: boolean, steps: number): Promise<string> {
  await tf.setBackend(backend)
  await tf.ready()
  const ds = parseTable('trees.csv', readFileSync('public/datasets/trees.csv', 'utf8'))
  const objective = new TableObjective(ds, DEFAULT_TRAIN_PARAMS, { plainGather })
  try {
    const one = async () => {
      const loss = objective.trainStep()
      await loss.data()
      loss.dispose()
    }
    await one()
    await one()
    const times: number[] = []
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now()
      await one()
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    return `${times[Math.floor(times.length / 2)].toFixed(2)} ms`
  } catch (e) {
    return `error: ${(e as Error).message.slice(0, 60)}`
  } finally {
    objective.dispose()
  }
}

/** Training step time on the tree table (batch 32, dim 12, Adam) per Node backend, both gathers. */
export async function nodeBench(): Promise<Row[]> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  const rows: Row[] = []
  for (const backend of ['wasm', 'cpu']) {
    const ours = await stepTime(backend, false, 60)
    const baseline = await stepTime(backend, true, 60)
    rows.push({
      figure: `trees step, Node ${backend} (median)`,
      ours,
      baseline,
      note: 'ours: customGrad gather + scatterND; baseline: plain tf.gather gradient',
    })
  }
  return rows
}
