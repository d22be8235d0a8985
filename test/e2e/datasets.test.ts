import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

describe('every bundled dataset trains in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  const expected: Record<string, { kind: string; probe: string; near?: string }> = {
    trees: { kind: 'table', probe: 'Coast redwood' },
    forests: { kind: 'groups', probe: 'Baobab' },
    words: { kind: 'groups', probe: 'cat' },
    dishes: { kind: 'pairs', probe: 'Ana' },
  }

  it('lists the four bundled datasets', async () => {
    expect(await page.evaluate(() => window.embeddingExplorer.builtins())).toEqual(
      Object.keys(expected),
    )
  })

  for (const [id, want] of Object.entries(expected))
    it(`${id}: loads as ${want.kind}, trains 3 epochs, the loss falls, neighbours answer`, async () => {
      const summary = await page.evaluate((b) => window.embeddingExplorer.loadBuiltin(b), id)
      expect(summary.kind).toBe(want.kind)
      await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
      const first = (await page.evaluate(() => window.embeddingExplorer.state().loss))!
      await page.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
      const state = await page.evaluate(() => window.embeddingExplorer.state())
      expect(state.epoch).toBe(3)
      expect(state.error).toBeNull()
      expect(state.loss!).toBeLessThan(first)
      const near = await page.evaluate((p) => window.embeddingExplorer.neighbours(p, 5), want.probe)
      expect(near).toHaveLength(5)
      expect(near.every((n) => Number.isFinite(n.similarity))).toBe(true)
      const v = await page.evaluate(() => window.embeddingExplorer.vectors())
      expect(v.data.length).toBe(v.labels.length * v.dim)
    })
})
