import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

const TABLE = [
  'name,colour,size,weight_kg',
  ...Array.from(
    { length: 40 },
    (_, i) => `thing ${i},${['red', 'green', 'blue'][i % 3]},${['small', 'big'][i % 2]},${i * 1.5}`,
  ),
].join('\n')

describe('library of saved runs, and nothing leaves the page', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('keeps a run in the library, opens it again after loading something else, and deletes it', async () => {
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 4 }))
    const saved = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    await page.getByLabel('Dataset').selectOption({ label: 'Library…' })
    const dialog = page.getByRole('dialog', { name: 'Library' })
    await dialog.getByLabel('Name for the current run').fill('Trees after 4 epochs')
    await dialog.getByRole('button', { name: 'Save current run' }).click()
    await expect
      .poll(() => dialog.getByTestId('library-list').textContent())
      .toContain('Trees after 4 epochs')
    await dialog.getByRole('button', { name: 'Close' }).click()

    await page.evaluate(() => window.embeddingExplorer.loadBuiltin('dishes'))
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'dishes.csv',
    )

    // The saved run is in the dataset menu, also after a reload (once the session write is done).
    await page.waitForTimeout(1500)
    await page.reload()
    await page.waitForFunction(
      () => window.embeddingExplorer?.state().dataset !== null,
      undefined,
      { timeout: 120_000 },
    )
    // The backend chosen on the first visit is checked again alone, not all of them re-timed.
    await page.waitForFunction(() => window.embeddingExplorer.state().backend !== null, undefined, {
      timeout: 120_000,
    })
    expect(
      await page.locator('[title*="on an earlier visit"]').count(),
      'the backend reason says it was remembered',
    ).toBe(1)
    await page.getByLabel('Dataset').selectOption({ label: 'Trees after 4 epochs' })
    await page.waitForFunction(
      () =>
        window.embeddingExplorer.state().dataset?.name === 'trees.csv' &&
        window.embeddingExplorer.state().epoch === 4,
      undefined,
      { timeout: 60_000 },
    )
    // The live vectors follow once the restored run is drawn.
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.vectors().data.length), {
        timeout: 60_000,
      })
      .toBe(saved.length)
    const back = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    expect(back).toEqual(saved)

    await page.getByLabel('Dataset').selectOption({ label: 'Library…' })
    await dialog.getByRole('button', { name: 'Delete Trees after 4 epochs' }).click()
    await expect.poll(() => dialog.getByText('No saved runs yet.').isVisible()).toBe(true)
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  it('loading a user file sends no request outside the page origin', async () => {
    const origin = new URL(session.url).origin
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.getByLabel('Open files').setInputFiles({
      name: 'things.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(TABLE),
    })
    await page.waitForFunction(
      () => window.embeddingExplorer.state().dataset?.name === 'things.csv',
      undefined,
      { timeout: 60_000 },
    )
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
    const outside = requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'),
    )
    expect(outside).toEqual([])
  })

  it('a big file shows a progress bar and can be cancelled, leaving the data as it was', async () => {
    const before = await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)
    const line = Array.from({ length: 64 }, (_, j) => (j / 64).toFixed(6)).join('\t')
    const big = Buffer.from(Array.from({ length: 60_000 }, () => line).join('\n'))
    expect(big.length).toBeGreaterThan(20 * 2 ** 20)
    await page.getByLabel('Open files').setInputFiles({
      name: 'big-vectors.tsv',
      mimeType: 'text/tab-separated-values',
      buffer: big,
    })
    const bar = page.getByTestId('load-progress')
    // Cancel is pressed in the page the moment the bar shows: on a busy machine playwright's
    // click (scroll, stability checks over several frames) could come after a 20 MB parse ended.
    const shown = await page.waitForFunction(
      () => {
        const b = document.querySelector('[data-testid="load-progress"]')
        const cancel = b?.querySelector('button')
        if (!b || cancel?.textContent !== 'Cancel') return null
        const text = b.textContent
        cancel.click()
        return text
      },
      undefined,
      { timeout: 20_000, polling: 'raf' },
    )
    expect(await shown.jsonValue()).toMatch(/big-vectors\.tsv/)
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Loading cancelled')
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(before)
    expect(await bar.count()).toBe(0)
  })
})
