import { describe, expect, it } from 'vitest'
import { kernelTrains, trainingBackend } from '../../src/model/training/backendNames'

describe('the backend named in the top bar', () => {
  it('is the kernel only for word groups trained with SGD', () => {
    expect(kernelTrains('groups', 'sgd')).toBe(true)
    expect(kernelTrains('groups', 'adam')).toBe(false)
    expect(kernelTrains('table', 'sgd')).toBe(false)
    expect(kernelTrains('pairs', 'sgd')).toBe(false)
  })

  it("names a 'js' choice's tfjs companion for what the kernel does not train", () => {
    expect(trainingBackend('js', 'wasm', 'table', 'adam')).toBe('wasm')
    expect(trainingBackend('js', 'wasm', 'groups', 'adam')).toBe('wasm')
    expect(trainingBackend('js', 'cpu', 'pairs', 'sgd')).toBe('cpu')
    expect(trainingBackend('js', 'wasm', 'groups', 'sgd')).toBe('js')
  })

  it('leaves every other choice, and a choice before any dataset, as it is', () => {
    expect(trainingBackend('webgl', 'webgl', 'table', 'adam')).toBe('webgl')
    expect(trainingBackend('js', 'wasm', undefined, 'adam')).toBe('js')
    expect(trainingBackend(null, null, 'table', 'adam')).toBeNull()
    expect(trainingBackend('js', null, 'table', 'adam')).toBe('js')
  })
})
