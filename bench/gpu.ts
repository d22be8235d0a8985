// The GPU path in headless Chromium: skip-gram pairs per second on the built app with the webgl and
// webgpu backends (SwiftShader here: no real GPU) at a classroom batch and at GPU-sized batches,
// next to wasm at the classroom batch measured in the same run, on the WordNet corpus: the live
// speed the training panel shows after 15 s (steps a second × batch size).
import { readFileSync } from 'node:fs'
import { openApp, startSession } from '../test/e2e/browser'
import type { Row } from './node'

const BATCHES = [1024, 16_384]
/** Seconds each backend and batch trains before its speed is read. */
const SECONDS = 15

export async function gpuBench(): Promise<Row[]> {
  const session = await startSession()
  const rows: Row[] = []
  try {
    const page = await openApp(session)
    await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
    const text = readFileSync('test/fixtures/wordnet-groups.txt', 'utf8')
    await page.evaluate(
      (t) => window.embeddingExplorer.loadFiles([{ name: 'wordnet-groups.txt', text: t }]),
      text,
    )
    await page.getByRole('tab', { name: 'Model' }).click()
    const epochOn = async (backend: string, batchSize: number) => {
      await page.getByLabel('Backend').selectOption(backend)
      await page.waitForFunction((b) => window.embeddingExplorer.state().backend === b, backend, {
        timeout: 120_000,
      })
      await page.evaluate(
        (b) =>
          window.embeddingExplorer.setParams({
            optimizer: 'adam',
            schedule: 'constant',
            batchSize: b,
          }),
        batchSize,
      )
      // Trains for a few seconds and reads the live speed the training panel shows.
      await page.evaluate(() => void window.embeddingExplorer.train())
      await page.waitForTimeout(SECONDS * 1000)
      const text = (await page.getByTestId('training-progress').textContent()) ?? ''
      await page.evaluate(() => window.embeddingExplorer.pause())
      const m = / ([\d.]+) (M|k)? ?pairs\/s/.exec(text)
      if (!m) throw new Error(`no speed after ${SECONDS} s (${text})`)
      return Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1)
    }
    const pairs = 170_912 * 0.9 // about a tenth is held out
    const rate = (ms: number) =>
      `${Math.round((pairs * 1000) / ms).toLocaleString('en-US')} pairs/s`
    const wasm = await epochOn('wasm', BATCHES[0])
    for (const backend of ['webgl', 'webgpu']) {
      for (const b of BATCHES) {
        let figure: string
        try {
          figure = rate(await epochOn(backend, b))
        } catch (e) {
          figure = `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`
        }
        rows.push({
          figure: `skip-gram epoch, ${backend} (SwiftShader), Adam, B=${b.toLocaleString('en-US')}`,
          ours: figure,
          baseline: `${rate(wasm)} (wasm, B=1,024)`,
          note: 'WordNet corpus in the built app, panel speed after 15 s; software GPU, so no GPU speed-up is expected',
        })
      }
    }
  } finally {
    await session.close()
  }
  return rows
}
