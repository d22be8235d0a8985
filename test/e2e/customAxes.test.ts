// Issue 15 at real sizes: a Projector custom projection (four searches) opened on 50,000 × 768
// vectors is computed in the projection worker, so the page never stalls while it is.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

/**
 * Longest main-thread task allowed while the view opens. ARCHITECTURE.md's budget is 50 ms; this
 * machine is shared and slow, so the test allows twice that and still catches the projection
 * computed on the main thread (0.3–0.5 s at this size).
 */
const LONG_TASK_LIMIT_MS = 100
const ITEMS = 50_000
const DIM = 768

/**
 * Loads a seeded ITEMS × DIM Projector folder made in the page (config, `.bytes` tensor and a
 * metadata file whose `cluster` column is c0…c9), then waits until the page is quiet: no long task
 * for 2 s (the kept session is written and the first layout drawn by then).
 */
function loadBig(page: Page) {
  return page.evaluate(
    async ({ n, dim }) => {
      let seed = 11
      const random = () => {
        seed = (seed + 0x6d2b79f5) | 0
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      const data = new Float32Array(n * dim)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < dim; j++) data[i * dim + j] = (i % 10) * 0.1 * (j % 7) + random() - 0.5
      const meta = ['label\tcluster']
      for (let i = 0; i < n; i++) meta.push(`item ${i}\tc${i % 10}`)
      const config = {
        embeddings: [
          {
            tensorName: 'big',
            tensorShape: [n, dim],
            tensorPath: 'big.bytes',
            metadataPath: 'big.tsv',
          },
        ],
      }
      const api = window.embeddingExplorer
      await api.loadFiles([
        { name: 'projector_config.json', text: JSON.stringify(config) },
        { name: 'big.bytes', bytes: new Uint8Array(data.buffer) },
        { name: 'big.tsv', text: [...meta, ''].join('\n') },
      ])
      let last = performance.now()
      new PerformanceObserver(() => (last = performance.now())).observe({ type: 'longtask' })
      const deadline = performance.now() + 120_000
      while (performance.now() - last < 2000 && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 200))
      return api.state().dataset
    },
    { n: ITEMS, dim: DIM },
  )
}

describe('a custom projection of 50,000 × 768 vectors', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('opens without a main-thread task over 100 ms', async () => {
    const dataset = await loadBig(page)
    expect(dataset).toMatchObject({ items: ITEMS, dim: DIM })
    const bookmarks = JSON.stringify([
      {
        label: 'Clusters apart',
        selectedProjection: 'custom',
        customSelectedSearchByMetadataOption: 'cluster',
        customXLeftText: 'c1',
        customXLeftRegex: false,
        customXRightText: 'c8',
        customXRightRegex: false,
        customYUpText: '^c[34]$',
        customYUpRegex: true,
        customYDownText: 'c6',
        customYDownRegex: false,
        projections: [],
      },
    ])
    await page.evaluate(
      (text) => window.embeddingExplorer.loadFiles([{ name: 'bookmarks.txt', text }]),
      bookmarks,
    )
    await page.getByRole('tab', { name: 'View' }).click()
    const view = page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'Clusters apart', exact: true })
    await view.waitFor()
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] }
      w.longTasks = []
      new PerformanceObserver((l) =>
        w.longTasks.push(...l.getEntries().map((e) => Math.round(e.duration))),
      ).observe({ type: 'longtask' })
    })
    await view.click()
    await expect
      .poll(() => page.getByTestId('projection-info').textContent(), { timeout: 60_000 })
      .toContain(
        "Custom projection 2D · from the Projector's searches (x: c1 → c8, y: c6 → /^c[34]$/)",
      )
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.positions().data.length))
      .toBe(ITEMS * 2)
    // The layout is drawn and the panels have caught up by then.
    await page.waitForTimeout(2000)
    const tasks = await page.evaluate(
      () => (window as unknown as { longTasks: number[] }).longTasks,
    )
    expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')} ms`).toBeLessThan(
      LONG_TASK_LIMIT_MS,
    )
  })
})
