import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

describe('keeping work across a reload (IndexedDB)', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  const ready = () =>
    page.waitForFunction(
      () => {
        const st = window.embeddingExplorer?.state()
        return (
          st?.dataset !== null &&
          st?.backend !== null &&
          window.embeddingExplorer.positions().data.length > 0
        )
      },
      undefined,
      { timeout: 120_000 },
    )

  it('brings back the trained vectors, epoch, projection and selection after a reload', async () => {
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 6 }))
    await page.evaluate(() => {
      window.embeddingExplorer.setProjection({ method: 'pca', dims: 2 })
      window.embeddingExplorer.select('Coconut palm')
      window.embeddingExplorer.select('Baobab', { add: true })
      window.embeddingExplorer.setNeighbours({ k: 20, metric: 'euclidean' })
      window.embeddingExplorer.setView({ labelBy: 'family' })
    })
    const before = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    const lossBefore = await page.evaluate(() => window.embeddingExplorer.state().loss)
    await page.waitForTimeout(1500) // writes are at most once a second
    await page.reload()
    await ready()
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 6)
    const after = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    expect(after).toEqual(before)
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.projection).toMatchObject({ method: 'pca', dims: 2 })
    expect(state.dataset?.name).toBe('trees.csv')
    await expect(
      page.getByTestId('neighbour-panel').locator('h2').textContent(),
    ).resolves.toContain('Baobab')
    // The whole selection (primary first) and the neighbour list's settings come back too.
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Baobab',
      'Coconut palm',
    ])
    await expect.poll(() => page.getByTestId('neighbour-list').locator('li').count()).toBe(20)
    expect(await page.getByLabel('Number of neighbours').inputValue()).toBe('20')
    // Training continues from there, with its prediction heads kept too: the loss goes on from
    // where it was instead of jumping back towards an untrained model's.
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    const resumed = await page.evaluate(() => window.embeddingExplorer.state())
    expect(resumed.epoch).toBe(7)
    expect(resumed.loss!).toBeLessThan(lossBefore! * 1.3)
  })

  it('a dropped file is kept too', async () => {
    await page.evaluate(() =>
      window.embeddingExplorer.loadFiles([
        {
          name: 'fruit.csv',
          text: 'name,colour,size\nfig,purple,small\nolive,green,small\nlime,green,small\n',
        },
      ]),
    )
    await page.waitForTimeout(1500)
    await page.reload()
    await ready()
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset)).toMatchObject({
      name: 'fruit.csv',
      items: 3,
    })
  })
})
