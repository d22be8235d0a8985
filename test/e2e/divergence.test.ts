import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

/** The first number that is NaN or ±Infinity, or null (the arrays are passed as plain arrays). */
const firstBad = (xs: number[]) => xs.find((x) => !Number.isFinite(x)) ?? null

describe('a diverging run in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('stops with a message, rolls back, and lets no NaN reach the plot or the neighbours', async () => {
    await page.evaluate(() => window.embeddingExplorer.loadBuiltin('dishes'))
    // Set through the Model tab as a teacher would. The batch of 32 diverges on webgl
    // but not always on wasm or cpu; one item a step with no L2 penalty diverges on every backend.
    await page.getByRole('tab', { name: 'Model' }).click()
    await page.getByLabel('Optimiser', { exact: true }).selectOption('sgd')
    await page.getByLabel('Learning rate', { exact: true }).fill('1')
    await page.getByLabel('Batch size', { exact: true }).fill('1')
    await page.getByLabel('L2 penalty', { exact: true }).fill('0')
    await page.getByRole('button', { name: 'Apply and restart' }).click()
    await page.waitForFunction(() => window.embeddingExplorer.state().status === 'ready')

    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 10 }))
    const { vectors, positions, near } = await page.evaluate(() => {
      const api = window.embeddingExplorer
      const v = api.vectors()
      return {
        vectors: Array.from(v.data),
        positions: Array.from(api.positions().data),
        near: api.neighbours(v.labels[0], 10),
      }
    })
    expect(vectors.length).toBeGreaterThan(0)
    expect(firstBad(vectors)).toBeNull()
    expect(positions.length).toBeGreaterThan(0)
    expect(firstBad(positions)).toBeNull()
    expect(near).toHaveLength(10)
    expect(firstBad(near.map((n) => n.similarity))).toBeNull()
    expect(near.some((n) => n.similarity !== 0)).toBe(true)
    const st = await page.evaluate(() => window.embeddingExplorer.state())
    expect(st.error).toMatch(
      /^Training diverged at epoch (\d+): the (loss|vectors) became (NaN|Infinity)\. Try a smaller learning rate\.$/,
    )
    const at = Number(/epoch (\d+)/.exec(st.error!)![1])
    expect(st.status).toBe('paused')
    expect(st.epoch).toBeLessThan(at) // the epoch shown is the rolled-back one
    expect(st.loss === null || Number.isFinite(st.loss)).toBe(true)

    await expect(page.getByRole('alert').textContent()).resolves.toContain('Training diverged')
  })
})
