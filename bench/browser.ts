import { openApp, startSession } from '../test/e2e/browser'
import type { Row } from './node'

/** In headless Chromium on the built app: first drawn frame, backend choice, time to a learned neighbourhood. */
export async function browserBench(): Promise<Row[]> {
  const session = await startSession()
  try {
    // Baseline: the same server and browser loading a static page with no app code.
    const blank = await session.browser.newPage()
    await blank.goto(`${session.url}datasets/README.md`)
    const blankMs = await blank.evaluate(
      () => performance.getEntriesByType('navigation')[0].duration,
    )
    await blank.close()

    const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(session.url)
    await page.waitForFunction(
      () => window.embeddingExplorer?.positions().data.length > 0,
      undefined,
      {
        polling: 'raf',
        timeout: 120_000,
      },
    )
    const firstFrame = await page.evaluate(
      () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
    )
    await page.waitForFunction(() => window.embeddingExplorer.state().backend !== null, undefined, {
      timeout: 120_000,
    })
    const backendAt = await page.evaluate(() => performance.now())
    const reason = (await page.locator('[title*="ms/step"]').first().getAttribute('title')) ?? ''
    await openAppReady(page)
    const t0 = await page.evaluate(() => performance.now())
    await page.getByRole('button', { name: 'Train' }).click()
    const result = await page.evaluate(async () => {
      const api = window.embeddingExplorer
      const start = performance.now()
      for (;;) {
        const top = api.neighbours('Coast redwood', 3).map((n) => n.label)
        if (top.includes('Giant sequoia'))
          return { at: performance.now(), epoch: api.state().epoch }
        if (performance.now() - start > 120_000) return { at: NaN, epoch: api.state().epoch }
        await new Promise((r) => setTimeout(r, 16))
      }
    })
    await page.evaluate(() => window.embeddingExplorer.pause())
    return [
      {
        figure: 'page load → first drawn frame',
        ours: `${firstFrame.toFixed(0)} ms`,
        baseline: `${blankMs.toFixed(0)} ms`,
        note: 'baseline: a static page from the same server',
      },
      {
        figure: 'page load → backend chosen',
        ours: `${backendAt.toFixed(0)} ms`,
        baseline: '–',
        note: reason,
      },
      {
        figure: 'Train pressed → Giant sequoia in Coast redwood top 3',
        ours: Number.isFinite(result.at)
          ? `${(result.at - t0).toFixed(0)} ms (epoch ${result.epoch})`
          : `not within 120 s (epoch ${result.epoch})`,
        baseline: '–',
        note: 'PCA live, snapshots ≤ 20 Hz',
      },
    ]
  } finally {
    await session.close()
  }
}

async function openAppReady(page: import('playwright-core').Page) {
  await page.waitForFunction(() => window.embeddingExplorer.state().status === 'ready')
}

export { openApp }
