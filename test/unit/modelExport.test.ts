import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { embeddingModelFiles } from '../../src/model/training/modelExport'

describe('trained model in tfjs save format', () => {
  it('writes model.json + weights that tf.loadLayersModel reads back to the same vectors', async () => {
    await tf.setBackend('cpu')
    const items = 7
    const dim = 3
    const vectors = Float32Array.from({ length: items * dim }, (_, i) => Math.sin(i) * 0.7)
    const files = await embeddingModelFiles(vectors, items, dim, 'trees')
    const json = JSON.parse(files.modelJson)
    expect(json.format).toBe('layers-model')
    expect(json.weightsManifest[0].paths).toEqual(['trees.weights.bin'])
    expect(files.weights.byteLength).toBe(items * dim * 4)
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: files.weights,
      }),
    )
    const [w] = model.getWeights()
    expect(w.shape).toEqual([items, dim])
    expect(Array.from(await w.data())).toEqual(Array.from(vectors))
    // Looking up item 4 gives its vector.
    const out = model.predict(tf.tensor2d([[4]])) as tf.Tensor
    expect(Array.from(await out.data())).toEqual(Array.from(vectors.slice(12, 15)))
    model.dispose()
    out.dispose()
  })

  it('refuses vectors of the wrong size', async () => {
    await expect(embeddingModelFiles(new Float32Array(5), 2, 3, 'x')).rejects.toThrow(
      'expected 2 × 3 numbers, got 5',
    )
  })
})
