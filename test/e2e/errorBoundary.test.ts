import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

describe('a component that throws (error boundary)', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('shows a panel with the message and a reload, and the session goes on', async () => {
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    const attribute = (await page.evaluate(() => window.embeddingExplorer.state()))!.dataset!
      .attributes![0]
    await page.evaluate((a) => window.embeddingExplorer.setView({ colorBy: a }), attribute)
    // The test-only hook (RenderDebug.throwIn): the Legend throws on its next render, which the
    // change of the colouring causes.
    await page.evaluate(() => {
      window.embeddingExplorerDebug!.throwIn = 'Legend'
      window.embeddingExplorer.setView({ colorBy: null })
    })
    const panel = page.getByTestId('crash-panel')
    await panel.waitFor()
    await expect(panel.getByRole('heading').textContent()).resolves.toBe(
      'Part of the page stopped working',
    )
    expect(await panel.locator('pre').textContent()).toContain('Legend was asked to fail')
    await expect(
      panel.getByRole('button', { name: 'Reload — your work is kept' }).isVisible(),
    ).resolves.toBe(true)

    // Outside React the session is whole: dataset, vectors, and training still runs.
    const st = await page.evaluate(() => window.embeddingExplorer.state())
    expect(st.dataset?.name).toBe('trees.csv')
    expect(st.epoch).toBe(1)
    const v = await page.evaluate(() => {
      const { labels, dim, data } = window.embeddingExplorer.vectors()
      return { items: labels.length, dim, length: data.length }
    })
    expect(v.items).toBe(st.dataset!.items)
    expect(v.length).toBe(v.items * v.dim)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    expect(await page.evaluate(() => window.embeddingExplorer.state().epoch)).toBe(2)

    // The button reloads, and the kept session (saved within a second) comes back.
    await page.waitForTimeout(2000)
    await panel.getByRole('button', { name: 'Reload — your work is kept' }).click()
    await page.waitForFunction(
      () => {
        const s = window.embeddingExplorer?.state()
        return s?.dataset !== null && s?.epoch === 2
      },
      undefined,
      { timeout: 60_000 },
    )
    expect(await page.getByTestId('crash-panel').count()).toBe(0)
  })
})
