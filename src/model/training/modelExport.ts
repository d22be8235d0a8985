import * as tf from '@tensorflow/tfjs'

/** A tfjs Layers model in its own save format: `model.json` text and the binary weights file. */
export interface ModelFiles {
  modelJson: string
  weights: ArrayBuffer
  /** The name `modelJson`'s weightsManifest gives the weights file (save them side by side). */
  weightsName: string
}

/**
 * The trained item vectors as a TensorFlow.js Layers model in tfjs's own save format: one
 * `Embedding` layer (input: item index, output: its vector) whose weights are the vectors. It
 * loads back with `tf.loadLayersModel('…/model.json')` in any tfjs program, and row i of its
 * weights is item i (the order of the exported metadata). The objective's prediction heads are
 * not included: they only serve training.
 */
export async function embeddingModelFiles(
  vectors: Float32Array,
  items: number,
  dim: number,
  baseName: string,
): Promise<ModelFiles> {
  if (vectors.length !== items * dim)
    throw new RangeError(`expected ${items} × ${dim} numbers, got ${vectors.length}`)
  const model = tf.sequential({ name: 'item_embedding' })
  model.add(
    tf.layers.embedding({ inputDim: items, outputDim: dim, inputLength: 1, name: 'item_vectors' }),
  )
  const weights = tf.tensor2d(vectors, [items, dim])
  model.layers[0].setWeights([weights])
  weights.dispose()
  let artifacts: tf.io.ModelArtifacts | null = null
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  model.dispose()
  const a = artifacts as tf.io.ModelArtifacts | null
  if (!a?.weightData || !a.weightSpecs) throw new Error('tfjs returned no weights to save')
  const weightsName = `${baseName}.weights.bin`
  const data = a.weightData
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [weightsName], weights: a.weightSpecs }],
  })
  return { modelJson, weights: buffer, weightsName }
}
