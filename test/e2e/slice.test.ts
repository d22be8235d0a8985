import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, pngVariance, type Session, startSession } from './browser'

/** Variance of the grey levels of the plot canvas as drawn on screen. */
async function canvasVariance(page: Page): Promise<number> {
  return pngVariance(page, await page.getByTestId('scene').locator('canvas').screenshot())
}

describe('first vertical slice in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('loads the bundled trees and draws a non-blank canvas', async () => {
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset).toMatchObject({ name: 'trees.csv', kind: 'table' })
    expect(state.dataset!.items).toBeGreaterThanOrEqual(150)
    expect(['webgpu', 'webgl', 'wasm', 'js', 'cpu']).toContain(state.backend)
    // The top bar names the backend that trains the trees: a 'js' choice (the word-group kernel)
    // trains a table on its tfjs companion.
    const shown = await page.getByTestId('backend').textContent()
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(shown)
    if (state.backend !== 'js') expect(shown).toBe(state.backend)
    expect(await canvasVariance(page)).toBeGreaterThan(20)
  })

  it('trains 30 epochs: the epoch advances, the loss falls, positions stay finite and move', async () => {
    const before = await page.evaluate(() => Array.from(window.embeddingExplorer.positions().data))
    const lossBefore = await page.evaluate(() => window.embeddingExplorer.state().loss)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 30 }))
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.epoch).toBe(30)
    expect(state.status).toBe('paused')
    expect(state.loss).not.toBeNull()
    if (lossBefore !== null) expect(state.loss!).toBeLessThan(lossBefore)
    const after = await page.evaluate(() => Array.from(window.embeddingExplorer.positions().data))
    expect(after).toHaveLength(before.length)
    expect(after.every(Number.isFinite)).toBe(true)
    const moved = after.reduce((s, v, i) => s + Math.abs(v - before[i]), 0) / after.length
    expect(moved).toBeGreaterThan(1e-3)
    expect(await page.getByTestId('epoch').textContent()).toBe('30')
  })

  it('shows positions changing while training runs', async () => {
    const seen = await page.evaluate(async () => {
      const api = window.embeddingExplorer
      const snapshots: string[] = []
      const done = api.train({ epochs: 20 })
      const timer = setInterval(() => snapshots.push(api.positions().data.slice(0, 6).join()), 30)
      await done
      clearInterval(timer)
      return new Set(snapshots).size
    })
    expect(seen).toBeGreaterThan(2)
  })

  it('selecting an item shows its neighbours from the original space', async () => {
    await page.evaluate(() => window.embeddingExplorer.select('Coast redwood'))
    const panel = page.getByTestId('neighbour-panel')
    await panel.waitFor()
    expect(await panel.locator('h2').textContent()).toContain('Coast redwood')
    const apiTop = await page.evaluate(() =>
      window.embeddingExplorer.neighbours('Coast redwood', 10),
    )
    const shown = await panel.locator('ol .neighbour .name').allTextContents()
    expect(shown).toEqual(apiTop.map((n) => n.label))
    expect(apiTop.every((n, i) => i === 0 || n.similarity <= apiTop[i - 1].similarity)).toBe(true)
  })

  it('clicking a point in the plot selects it', async () => {
    await page.evaluate(() => window.embeddingExplorer.select(null))
    const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
    // Find a point on screen through the labels' projection: hover the canvas until one is picked.
    let picked = false
    for (let y = 0.3; y <= 0.7 && !picked; y += 0.05)
      for (let x = 0.3; x <= 0.7 && !picked; x += 0.05) {
        await page.mouse.move(box.x + box.width * x, box.y + box.height * y)
        picked = (await page.locator('.scene-label').count()) > 0
        if (picked) await page.mouse.click(box.x + box.width * x, box.y + box.height * y)
      }
    expect(picked).toBe(true)
    await page.getByTestId('neighbour-panel').waitFor()
  })

  it('rejects a bad file with a message naming the file and line, keeping the trees', async () => {
    const message = await page.evaluate(() =>
      window.embeddingExplorer
        .loadFiles([{ name: 'bad.csv', text: 'name,colour\nfig,green\nolive\n' }])
        .then(
          () => 'loaded',
          (e: Error) => e.message,
        ),
    )
    expect(message).toBe('bad.csv line 3: has 1 fields but the header has 2')
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset!.name).toBe('trees.csv')
    expect(state.error).toBe(message)
    await expect(page.getByRole('alert').textContent()).resolves.toContain('bad.csv line 3')
  })

  it('rejects an unknown projection parameter with a message naming it', async () => {
    const message = await page.evaluate(() => {
      try {
        window.embeddingExplorer.setProjection({ method: 'umap', params: { perplexity: 30 } })
        return 'accepted'
      } catch (e) {
        return (e as Error).message
      }
    })
    expect(message).toMatch(/umap has no parameter "perplexity"/)
    expect(await page.evaluate(() => window.embeddingExplorer.state().projection.method)).toBe(
      'pca',
    )
  })
})
