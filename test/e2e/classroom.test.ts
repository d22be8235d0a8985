import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

const state = (page: Page) => page.evaluate(() => window.embeddingExplorer.state())

describe('classroom: lesson path, predict-then-reveal, neighbour timeline, replay', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
    await page.getByRole('tab', { name: 'Class' }).click()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('predict, then reveal: records a guess before training and reveals after it', async () => {
    await page.getByRole('button', { name: 'Predict' }).click()
    const panel = page.getByTestId('predict-panel')
    await expect.poll(() => panel.getByRole('button', { name: 'Reveal' }).isDisabled()).toBe(true)
    await panel.getByRole('button', { name: 'Coconut palm' }).click()
    await expect.poll(() => panel.textContent()).toContain('Your class guessed: Coconut palm')
    expect(
      await panel.getByRole('button', { name: 'Coconut palm' }).getAttribute('aria-pressed'),
    ).toBe('true')
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 15 }))
    await panel.getByRole('button', { name: 'Reveal' }).click()
    const reveal = panel.getByTestId('predict-reveal')
    await expect.poll(() => reveal.isVisible()).toBe(true)
    const text = (await reveal.textContent()) ?? ''
    // The guess was wrong, and the true nearest candidate is named with its similarity.
    const near = await page.evaluate(() => {
      const api = window.embeddingExplorer
      const all = api.neighbours('Coast redwood', 400)
      const cands = ['Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab']
      return all.find((n) => cands.includes(n.label))!
    })
    expect(text).toContain(near.label)
    expect(text).toContain(near.similarity.toFixed(2))
    expect(await panel.textContent()).toMatch(/Not quite/)
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Coast redwood',
    ])
  })

  it('the timeline records a rank per epoch for a pinned item and lists crossings', async () => {
    await page.getByRole('button', { name: 'Reset' }).first().click() // new seed, epoch 0
    await expect.poll(async () => (await state(page)).epoch).toBe(0)
    await page.getByRole('button', { name: 'Timeline' }).click()
    const panel = page.getByTestId('timeline-panel')
    await panel.getByLabel('Pinned item').fill('Coast redwood')
    await panel.getByRole('button', { name: 'Suggest items' }).click()
    await panel.getByRole('button', { name: 'Start' }).click()
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 6 }))
    const series = await page.evaluate(() => window.embeddingExplorer.timeline())
    expect(series.pinned).toBe('Coast redwood')
    expect(series.lines.length).toBeGreaterThanOrEqual(3)
    for (const line of series.lines) {
      const epochs = line.points.map((p) => p.epoch)
      expect(epochs[0]).toBe(0)
      expect(epochs.at(-1)).toBe(6)
      expect(new Set(epochs).size).toBe(epochs.length) // one point per epoch
      // The recorded rank at the end equals the rank in the neighbour list now.
      const all = await page.evaluate(() =>
        window.embeddingExplorer.neighbours('Coast redwood', 400),
      )
      expect(line.points.at(-1)!.rank).toBe(all.findIndex((n) => n.label === line.label) + 1)
    }
    const crossings = panel.getByTestId('crossing')
    for (const text of await crossings.allTextContents())
      expect(text).toMatch(/overtook .* at epoch \d+/)
  })

  it('replays the training: scrubbing back shows an earlier epoch, then back to the newest', async () => {
    const history = page.getByTestId('history')
    await expect.poll(() => history.isVisible()).toBe(true)
    const before = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    const slider = history.getByLabel('Epoch to show')
    await slider.focus()
    await page.keyboard.press('Home')
    await expect.poll(() => history.textContent()).toContain('Showing epoch 0')
    await expect
      .poll(async () => {
        const now = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
        return now.some((v, i) => v !== before[i])
      })
      .toBe(true)
    await history.getByRole('button', { name: /Back to epoch/ }).click()
    await expect
      .poll(async () => {
        const now = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
        return now.every((v, i) => v === before[i])
      })
      .toBe(true)
  })

  it('the lesson path advances and sets up the view of each step', async () => {
    await page.getByRole('button', { name: 'Lesson' }).click()
    const step = page.getByTestId('lesson-step')
    await page.getByRole('button', { name: 'Set up this step' }).click()
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.selection()))
      .toEqual(['Coast redwood'])
    expect((await state(page)).projection.method).toBe('pca')
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => step.textContent()).toContain('Step 2 of 5')
    expect(await step.textContent()).toContain('73,000')
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => step.textContent()).toContain('Step 3 of 5')
    // Step 3 trains to at least epoch 15 and selects Coast redwood.
    await expect
      .poll(async () => (await state(page)).epoch, { timeout: 90_000 })
      .toBeGreaterThanOrEqual(15)
    await expect
      .poll(() =>
        page.evaluate(() =>
          window.embeddingExplorer.neighbours('Coast redwood', 5).map((n) => n.label),
        ),
      )
      .toContain('Giant sequoia')
  })
})
