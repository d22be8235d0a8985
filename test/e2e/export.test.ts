import { readFileSync } from 'node:fs'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, pngVariance, type Session, startSession } from './browser'

describe('export in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 5 }))
    await page.evaluate(() => window.embeddingExplorer.select('Coast redwood'))
  })
  afterAll(async () => {
    await session?.close()
  })

  async function download(item: string, count = 1): Promise<Download[]> {
    const got: Download[] = []
    const done = new Promise<void>((resolve) =>
      page.on('download', (d) => {
        got.push(d)
        if (got.length === count) resolve()
      }),
    )
    await page.getByText('Export', { exact: true }).click()
    await page.getByRole('menuitem', { name: item }).click()
    await done
    page.removeAllListeners('download')
    return got
  }
  const text = async (d: Download) => readFileSync((await d.path())!, 'utf8')

  it('saves the vectors and metadata in the Projector format, equal to the live vectors', async () => {
    const [vectors, metadata] = await download('Vectors + metadata (Projector TSV)', 2)
    expect(vectors.suggestedFilename()).toBe('trees-vectors.tsv')
    expect(metadata.suggestedFilename()).toBe('trees-metadata.tsv')
    const rows = (await text(vectors)).trimEnd().split('\n')
    const meta = (await text(metadata)).trimEnd().split('\n')
    expect(rows).toHaveLength(309)
    expect(meta).toHaveLength(310) // header + one line per item (more than one column)
    // Every column of trees.csv as loaded, under its own names (the label column is `name`).
    const header = readFileSync('public/datasets/trees.csv', 'utf8').split('\n')[0]
    expect(meta[0].split('\t')).toEqual(header.split(','))
    const live = await page.evaluate(() => {
      const v = window.embeddingExplorer.vectors()
      return { dim: v.dim, first: Array.from(v.data.slice(0, v.dim)), label: v.labels[0] }
    })
    expect(rows[0].split('\t').map((x) => Math.fround(Number(x)))).toEqual(live.first)
    expect(meta[1].split('\t')[0]).toBe(live.label)
  })

  it('saves the selection with its neighbours and similarities', async () => {
    const [csv] = await download('Selection and neighbours (CSV)')
    const lines = (await text(csv)).trimEnd().split('\n')
    expect(lines[0]).toBe('label,index,similarity')
    expect(lines[1].startsWith('Coast redwood,')).toBe(true)
    expect(lines).toHaveLength(12)
  })

  it('saves a PNG of the plot', async () => {
    const [png] = await download('Picture of the plot (PNG)')
    const bytes = readFileSync((await png.path())!)
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(5000)
    // The picture shows the plot, not an empty buffer: its grey levels vary.
    const variance = await pngVariance(page, bytes)
    expect(variance).toBeGreaterThan(20)
  })

  it('saves the trained model in tfjs format, which tf.loadLayersModel reads back to the live vectors', async () => {
    const files = await download('Trained model (TensorFlow.js model.json + weights)', 2)
    const json = files.find((f) => f.suggestedFilename().endsWith('.json'))!
    const bin = files.find((f) => f.suggestedFilename().endsWith('.bin'))!
    expect(json.suggestedFilename()).toBe('trees-model.json')
    const manifest = JSON.parse(await text(json))
    expect(manifest.weightsManifest[0].paths).toEqual([bin.suggestedFilename()])
    const weights = readFileSync((await bin.path())!)
    const tf = await import('@tensorflow/tfjs')
    await tf.setBackend('cpu')
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: manifest.modelTopology,
        weightSpecs: manifest.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    )
    const live = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    expect(Array.from(await model.getWeights()[0].data())).toEqual(live)
    model.dispose()
  })
})
