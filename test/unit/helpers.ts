import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { parseTable } from '../../src/model/datasets/table'
import type { TableDataset } from '../../src/model/datasets/types'

export function readDataset(file: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../public/datasets/${file}`, import.meta.url)),
    'utf8',
  )
}

export function trees(): TableDataset {
  return parseTable('trees.csv', readDataset('trees.csv'))
}

/** Switches tfjs to a backend available in Node ('cpu' or 'wasm'). */
export async function switchBackend(name: 'cpu' | 'wasm'): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  await tf.setBackend(name)
  await tf.ready()
}
