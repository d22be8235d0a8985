import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

describe('projections in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 10 }))
    await page.evaluate(() => window.embeddingExplorer.select('Coast redwood'))
  })
  afterAll(async () => {
    await session?.close()
  })

  /** Waits for a layout of this method and dims, then returns it. */
  async function layout(method: string, dims: number) {
    await page.waitForFunction(
      ([m, d]) => {
        const api = window.embeddingExplorer
        const s = api.state().projection
        return (
          s.method === m &&
          s.dims === d &&
          api.positions().dims === d &&
          s.step >= (m === 'pca' ? 1 : 5)
        )
      },
      [method, dims] as const,
      { timeout: 60_000 },
    )
    return page.evaluate(() => window.embeddingExplorer.positions())
  }

  for (const method of ['tsne', 'umap'] as const)
    for (const dims of [3, 2] as const)
      it(`switches to ${method} ${dims}D while training, keeping the selection`, async () => {
        await page.evaluate(
          ([m, d]) => {
            void window.embeddingExplorer.train()
            window.embeddingExplorer.setProjection({ method: m, dims: d })
          },
          [method, dims] as const,
        )
        const p = await layout(method, dims)
        expect(p.data.length).toBe(309 * dims)
        expect(Array.from(p.data).every(Number.isFinite)).toBe(true)
        await page.evaluate(() => window.embeddingExplorer.pause())
        expect(await page.getByTestId('neighbour-panel').locator('h2').textContent()).toContain(
          'Coast redwood',
        )
      })

  it('measures recall@10 and trustworthiness and can colour by preservation', async () => {
    await page.getByRole('tab', { name: 'View' }).click()
    await page.getByRole('button', { name: 'Measure now' }).click()
    const quality = page.getByTestId('quality')
    await quality.waitFor()
    const text = await quality.textContent()
    expect(text).toMatch(/recall@10\)\s*\d+(\.\d)?%/)
    expect(text).toMatch(/T\(10\)\s*(0\.\d{3}|1\.000)/)
    await page.getByLabel('Colour by').selectOption('__preservation__')
    await expect(page.locator('.legend').textContent()).resolves.toContain('neighbour preservation')
  })

  it('back to PCA: axes explain a share of the variance', async () => {
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'pca', dims: 3 }))
    const p = await layout('pca', 3)
    expect(p.data.length).toBe(309 * 3)
    await expect(page.getByTestId('projection-info').textContent()).resolves.toMatch(/PCA 3D/)
  })
})
