import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

/** Screen position (page CSS px) of an item in the plot, from the scene's own projection. */
async function screenOf(page: Page, label: string): Promise<[number, number]> {
  const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
  const pos = await page.evaluate((l) => window.embeddingExplorer.screenPosition(l), label)
  if (!pos) throw new Error(`${label} is not on screen`)
  return [box.x + pos[0], box.y + pos[1]]
}

describe('explorer: search, neighbours, selection, isolate, shared links', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 12 }))
  })
  afterAll(async () => {
    await session?.close()
  })

  it('finds an item by regular expression in the search box and selects it', async () => {
    await page.getByLabel('Regular expression').check()
    await page.getByRole('searchbox').fill('^Coast red')
    await expect.poll(() => page.locator('#search-status').textContent()).toContain('1 match')
    await page
      .getByRole('navigation', { name: 'Items' })
      .getByRole('button', { name: /^Coast redwood/ })
      .click()
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Coast redwood',
    ])
    await expect
      .poll(() => page.getByTestId('neighbour-panel').locator('h2').textContent())
      .toContain('Coast redwood')
    // An invalid pattern says why, and matches nothing.
    await page.getByRole('searchbox').fill('(redwood')
    await expect
      .poll(() => page.locator('#search-status').textContent())
      .toContain('Invalid regular expression')
    const viaApi = await page.evaluate(() =>
      window.embeddingExplorer.search('palm$', { regex: true, field: 'label' }),
    )
    expect(viaApi.error).toBeNull()
    expect(viaApi.labels.length).toBeGreaterThan(3)
    expect(viaApi.labels.every((l) => /palm$/i.test(l))).toBe(true)
    await page.evaluate(() => window.embeddingExplorer.search(''))
  })

  it('lists the same neighbours as the automation API, for k and both metrics', async () => {
    await page.evaluate(() => window.embeddingExplorer.select('Coast redwood'))
    for (const [k, metric] of [
      [20, 'euclidean'],
      [10, 'cosine'],
    ] as const) {
      await page.getByLabel('Number of neighbours').selectOption(String(k))
      await page
        .getByRole('group', { name: 'Similarity' })
        .getByRole('button', { name: metric === 'cosine' ? 'Cosine' : 'Euclidean' })
        .click()
      const api = await page.evaluate(
        ([k, metric]) => window.embeddingExplorer.neighbours('Coast redwood', k, metric),
        [k, metric] as const,
      )
      const names = page.getByTestId('neighbour-list').locator('.name')
      await expect.poll(() => names.count()).toBe(k)
      expect(await names.allTextContents()).toEqual(api.map((n) => n.label))
      const values = await page.getByTestId('neighbour-list').locator('.value').allTextContents()
      expect(values[0]).toBe(
        metric === 'cosine' ? api[0].similarity.toFixed(2) : api[0].distance.toPrecision(3),
      )
    }
  })

  it('shift-click adds to the selection; isolate hides the rest and show all brings it back', async () => {
    await page.evaluate(() => {
      window.embeddingExplorer.select('Coast redwood')
      window.embeddingExplorer.setView({ camera: 'reset' })
    })
    await page.waitForTimeout(700) // the camera move
    const [x, y] = await screenOf(page, 'Coconut palm')
    await page.keyboard.down('Shift')
    await page.mouse.click(x, y)
    await page.keyboard.up('Shift')
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.selection()))
      .toEqual(['Coconut palm', 'Coast redwood'])
    await page.getByRole('button', { name: 'Isolate' }).click()
    const shown = await page.evaluate(() => window.embeddingExplorer.visibleItems())
    // The two selected items and the primary item's 10 neighbours, nothing else.
    expect(shown).toContain('Coast redwood')
    expect(shown).toContain('Coconut palm')
    expect(shown.length).toBeLessThanOrEqual(12)
    expect(shown.length).toBeGreaterThanOrEqual(11)
    // A hidden item cannot be hovered or picked.
    const hiddenLabel = await page.evaluate(() => {
      const api = window.embeddingExplorer
      const shownNow = new Set(api.visibleItems())
      return api.vectors().labels.find((l) => !shownNow.has(l))!
    })
    expect(
      await page.evaluate((l) => window.embeddingExplorer.screenPosition(l), hiddenLabel),
    ).toBeNull()
    await page.getByRole('button', { name: 'Show all' }).click()
    expect((await page.evaluate(() => window.embeddingExplorer.visibleItems())).length).toBe(309)
  })

  it('selects with a lasso in 2D', async () => {
    await page.evaluate(() => {
      window.embeddingExplorer.setProjection({ method: 'pca', dims: 2 })
      window.embeddingExplorer.select(null)
    })
    await page.waitForTimeout(1000)
    const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    const r = Math.min(box.width, box.height) * 0.2
    await page.mouse.move(cx + r, cy)
    await page.mouse.down()
    for (let a = 0; a <= 2 * Math.PI; a += Math.PI / 24)
      await page.mouse.move(cx + r * Math.cos(a), cy + r * Math.sin(a))
    await page.mouse.up()
    const picked = await page.evaluate(() => window.embeddingExplorer.selection())
    const inside = await page.evaluate(
      ([w, h, rr]) => {
        const api = window.embeddingExplorer
        return api.vectors().labels.filter((l) => {
          const p = api.screenPosition(l)
          return p !== null && Math.hypot(p[0] - w / 2, p[1] - h / 2) < rr * 0.95
        })
      },
      [box.width, box.height, r] as const,
    )
    expect(inside.length).toBeGreaterThan(3)
    for (const l of inside) expect(picked).toContain(l)
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'pca', dims: 3 }))
  })

  it('a shared link reproduces method, dims and selection in a fresh browser', async () => {
    await page.evaluate(() => {
      window.embeddingExplorer.setProjection({
        method: 'tsne',
        dims: 2,
        params: { perplexity: 12 },
      })
      window.embeddingExplorer.select('Giant sequoia')
      window.embeddingExplorer.select('Baobab', { add: true })
    })
    const url = await page.evaluate(() => window.embeddingExplorer.shareUrl())
    expect(url).toContain('method=tsne')
    const fresh = await session.browser.newPage({ viewport: { width: 1280, height: 720 } })
    await fresh.goto(url!)
    await fresh.waitForFunction(
      () => window.embeddingExplorer?.selection().length === 2,
      undefined,
      {
        timeout: 120_000,
      },
    )
    const state = await fresh.evaluate(() => window.embeddingExplorer.state())
    expect(state.projection).toMatchObject({ method: 'tsne', dims: 2 })
    expect(state.epoch).toBe(12)
    expect(await fresh.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Baobab',
      'Giant sequoia',
    ])
    // Same seed, same epochs: the same neighbours as the page that made the link.
    const mine = await page.evaluate(() => window.embeddingExplorer.neighbours('Baobab', 5))
    const theirs = await fresh.evaluate(() => window.embeddingExplorer.neighbours('Baobab', 5))
    expect(theirs.map((n) => n.label)).toEqual(mine.map((n) => n.label))
    await fresh.close()
  })

  it('a malformed link shows a notice and the app still works', async () => {
    const fresh = await session.browser.newPage({ viewport: { width: 1280, height: 720 } })
    const errors: string[] = []
    fresh.on('pageerror', (e) => errors.push(e.message))
    await fresh.goto(`${session.url}#view=1&data=trees&method=eval&__proto__=1&seed=1e999`)
    await fresh.waitForFunction(
      () => window.embeddingExplorer?.state().dataset !== null,
      undefined,
      {
        timeout: 120_000,
      },
    )
    await expect
      .poll(() => fresh.getByTestId('notice').textContent())
      .toContain('could not be opened')
    expect(await fresh.evaluate(() => ({}) as Record<string, unknown>)).toEqual({})
    expect(
      await fresh.evaluate(() => (Object.prototype as Record<string, unknown>).polluted),
    ).toBeUndefined()
    const st = await fresh.evaluate(() => window.embeddingExplorer.state())
    expect(st.dataset?.name).toBe('trees.csv')
    expect(st.projection.method).toBe('pca')
    expect(errors).toEqual([])
    await fresh.close()
  })
})
