import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

/** How many times the root App component has committed since the page opened. */
function appCommits(page: Page): Promise<number> {
  return page.evaluate(() => window.embeddingExplorerDebug?.commits.App ?? -1)
}

function step(page: Page): Promise<number> {
  return page.evaluate(() => window.embeddingExplorer.state().projection.step)
}

describe('rendering: the root does not re-render for positions or hover', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('does not commit App while the pointer hovers over points', async () => {
    // A still PCA layout, so the points stay where screenPosition says they are.
    await page.evaluate(() => window.embeddingExplorer.select('Coast redwood'))
    await page.waitForTimeout(500)
    const before = await appCommits(page)
    expect(before).toBeGreaterThan(0)
    const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
    const labels = ['Coconut palm', 'Giant sequoia', 'Coast redwood', 'Date palm']
    let shown = 0
    for (const label of labels) {
      const at = await page.evaluate((l) => window.embeddingExplorer.screenPosition(l), label)
      if (!at) continue
      await page.mouse.move(box.x + at[0] + 30, box.y + at[1] + 30)
      await page.mouse.move(box.x + at[0], box.y + at[1], { steps: 4 })
      // Real pointer events: the card shows the item under the pointer (a neighbour may overlap).
      await expect.poll(() => page.getByTestId('hover-card').count()).toBe(1)
      if ((await page.getByTestId('hover-card').textContent())?.includes(label)) shown++
    }
    expect(shown).toBeGreaterThanOrEqual(2)
    await page.mouse.move(box.x + 2, box.y + box.height - 2)
    await page.mouse.move(box.x - 20, box.y - 20) // off the canvas: the card goes
    await expect.poll(() => page.getByTestId('hover-card').count()).toBe(0)
    expect(await appCommits(page)).toBe(before)
  })

  it('does not commit App while t-SNE posts positions', async () => {
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'tsne' }))
    // Positions are flowing once the t-SNE step has moved on from its first layout.
    await page.waitForFunction(
      () => {
        const s = window.embeddingExplorer.state().projection
        return s.method === 'tsne' && s.step > 5
      },
      undefined,
      { timeout: 60_000 },
    )
    await page.waitForTimeout(300) // let the switch's own renders settle
    const commits = await appCommits(page)
    const first = await step(page)
    const seen = [first]
    for (let t = 0; t < 4; t++) {
      await page.waitForTimeout(500)
      seen.push(await step(page))
    }
    // The layout was moving (t-SNE of the 309 trees may settle and stop within the window: it
    // ends once its KL divergence no longer falls) ...
    expect(seen[1]).toBeGreaterThan(seen[0])
    // ... and the root never re-rendered.
    expect(await appCommits(page)).toBe(commits)
  })
})
