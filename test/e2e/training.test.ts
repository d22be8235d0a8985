import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

describe('training controls in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  const state = () => page.evaluate(() => window.embeddingExplorer.state())

  it('Step trains exactly one batch and the loss chart gets the epochs', async () => {
    const before = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    await page.getByRole('button', { name: 'Step' }).click()
    // The loss comes straight from the training worker; the vectors come through the projection.
    await page.waitForFunction(
      (b) => window.embeddingExplorer.vectors().data.some((v, i) => v !== b[i]),
      before,
    )
    expect((await state()).loss).not.toBeNull()
    expect((await state()).epoch).toBe(0)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 3 }))
    expect((await state()).epoch).toBe(3)
  })

  it('applies new hyperparameters from the Model tab by restarting the run', async () => {
    await page.getByRole('tab', { name: 'Model' }).click()
    const dim = page.getByLabel('Dimension', { exact: true })
    await dim.fill('4')
    await page.getByRole('button', { name: 'Apply and restart' }).click()
    await page.waitForFunction(() => window.embeddingExplorer.vectors().dim === 4)
    const s = await state()
    expect(s.epoch).toBe(0)
    expect(s.status).toBe('ready')
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
    const v = await page.evaluate(() => window.embeddingExplorer.vectors())
    expect(v.data.length).toBe(v.labels.length * 4)
  })

  it('rejects an out-of-range hyperparameter with a message and keeps the run', async () => {
    await page.getByLabel('Dimension', { exact: true }).fill('100')
    await page.getByRole('button', { name: 'Apply and restart' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'dim must be between 2 and 64',
    )
    expect(await page.evaluate(() => window.embeddingExplorer.vectors().dim)).toBe(4)
  })

  it('"Train for 10 epochs" stops by itself after 10 epochs', async () => {
    const start = (await state()).epoch
    await page.getByLabel('Train for', { exact: true }).selectOption('10')
    await page.getByRole('button', { name: /^(Train|Resume)$/ }).click()
    await page.waitForFunction(() => window.embeddingExplorer.state().status === 'paused')
    await page.waitForFunction((e) => window.embeddingExplorer.state().epoch === e + 10, start)
    await page.getByLabel('Train for', { exact: true }).selectOption('')
  })

  it('forcing the cpu backend restarts training on cpu and shows it', async () => {
    await page.getByLabel('Backend', { exact: true }).selectOption('cpu')
    await page.waitForFunction(() => window.embeddingExplorer.state().backend === 'cpu')
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
    expect((await state()).epoch).toBe(2)
    expect(await page.getByTestId('backend').textContent()).toBe('cpu')
    await page.getByLabel('Backend', { exact: true }).selectOption('auto')
    await page.waitForFunction(() => window.embeddingExplorer.state().backend !== null)
  })
})
