import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { checkCorrectness } from '../../src/model/training/backend'
import { switchBackend } from './helpers'

describe('checkCorrectness', () => {
  // Every backend tries it once per page load (and again when the user forces a backend).
  it.each(['cpu', 'wasm'] as const)('passes on %s and leaves no tensor behind', async (backend) => {
    await switchBackend(backend)
    // The warm-up call may create tensors tfjs keeps for good (kernels, constants).
    expect(await checkCorrectness()).toBeNull()
    const before = tf.memory().numTensors
    for (let i = 0; i < 3; i++) expect(await checkCorrectness()).toBeNull()
    expect(tf.memory().numTensors).toBe(before)
  })
})
