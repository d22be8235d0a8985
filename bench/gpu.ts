// The GPU path in headless Chromium: skip-gram pairs per second on the built app with the webgl and
// webgpu backends (SwiftShader here: no real GPU) at GPU-sized batches, next to wasm at the same
// batches measured in the same run, on the WordNet corpus. A software GPU may take seconds a step,
// so each figure times a few whole steps of the Step control, not the live speed of a short run.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { openApp, startSession } from '../test/e2e/browser'
import type { Row } from './node'

const BATCHES = [8192, 16_384]
/** Whole steps timed per figure, after one untimed step (backend start, shader compilation). */
const STEPS = 3
/** Seconds a figure may take, its untimed step included, before it is reported as stuck. */
const LIMIT_S = 90

/**
 * Pairs per second over STEPS steps of `batchSize` on `backend`, each a click of Step waited out
 * (the loss it reports changes); a message instead when no step finishes within LIMIT_S.
 */
async function pairsPerSecond(page: Page, backend: string, batchSize: number): Promise<string> {
  await page.getByLabel('Backend', { exact: true }).selectOption(backend)
  await page.waitForFunction((b) => window.embeddingExplorer.state().backend === b, backend, {
    timeout: 120_000,
  })
  await page.evaluate(
    (b) =>
      window.embeddingExplorer.setParams({ optimizer: 'adam', schedule: 'constant', batchSize: b }),
    batchSize,
  )
  const start = performance.now()
  const deadline = start + LIMIT_S * 1000
  const step = async () => {
    const before = await page.evaluate(() => window.embeddingExplorer.state().loss)
    await page.getByRole('button', { name: 'Step', exact: true }).click()
    await page.waitForFunction(
      (l) => {
        const { loss } = window.embeddingExplorer.state()
        return loss !== null && loss !== l
      },
      before,
      { timeout: Math.max(1, deadline - performance.now()), polling: 20 },
    )
  }
  try {
    await step()
  } catch {
    return `no step in ${LIMIT_S} s`
  }
  const t0 = performance.now()
  let done = 0
  try {
    for (; done < STEPS; done++) await step()
  } catch {
    const first = (t0 - start) / 1000
    if (done === 0)
      return `first step ${first.toFixed(0)} s, then no step in the ${(LIMIT_S - first).toFixed(0)} s left`
  }
  const seconds = (performance.now() - t0) / 1000
  const pairs = Math.round((done * batchSize) / seconds).toLocaleString('en-US')
  return `${pairs} pairs/s (${done} step${done === 1 ? '' : 's'}, ${(seconds / done).toFixed(2)} s a step)`
}

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
    const measure = async (backend: string, b: number) => {
      try {
        return await pairsPerSecond(page, backend, b)
      } catch (e) {
        return `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`
      }
    }
    const wasm = new Map<number, string>()
    for (const b of BATCHES) wasm.set(b, await measure('wasm', b))
    for (const backend of ['webgl', 'webgpu']) {
      for (const b of BATCHES) {
        rows.push({
          figure: `skip-gram step, ${backend} (SwiftShader), Adam, B=${b.toLocaleString('en-US')}`,
          ours: await measure(backend, b),
          baseline: `${wasm.get(b)} (wasm, same batch)`,
          note: `WordNet corpus in the built app, ${STEPS} whole steps after one untimed; software GPU, so no GPU speed-up is expected`,
        })
      }
    }
  } finally {
    await session.close()
  }
  return rows
}
