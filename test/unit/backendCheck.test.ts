import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { checkCorrectness, chooseBackend } from '../../src/model/training/backend'
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

describe('chooseBackend', () => {
  // The remarks workers/backends.ts gives a GPU emulated on the CPU (SwiftShader, llvmpipe).
  const software = async (b: string) =>
    b === 'webgl' ? 'software renderer SwiftShader' : b === 'webgpu' ? 'software adapter' : ''

  it('reports a software GPU in a race with a CPU backend without timing it', async () => {
    const choice = await chooseBackend(['webgpu', 'webgl', 'cpu'], { describe: software })
    expect(choice.backend).toBe('cpu')
    const [gpu, gl, cpu] = choice.trials
    expect(gpu).toMatchObject({ backend: 'webgpu', ok: false, msPerStep: null })
    expect(gl).toMatchObject({ backend: 'webgl', ok: false, msPerStep: null })
    expect(gl.note).toMatch(/^software renderer SwiftShader; not timed/)
    expect(cpu.ok).toBe(true)
    expect(choice.reason).toMatch(/webgl: software renderer SwiftShader; not timed/)
  })

  it('tries a software GPU picked on its own, and a GPU that is not software', async () => {
    // No WebGL in Node: each is tried (and fails to start), none is passed over as software.
    await expect(chooseBackend(['webgl'], { describe: software })).rejects.toThrow(
      /webgl: software renderer SwiftShader; (?!not timed)/,
    )
    const real = await chooseBackend(['webgl', 'cpu'], { describe: async () => 'ANGLE (NVIDIA)' })
    expect(real.trials[0].note).not.toMatch(/not timed/)
    expect(real.backend).toBe('cpu')
  })
})
