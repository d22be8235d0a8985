import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Session, startSession } from './browser'

// Two tabs of one browser profile: the first keeps the session, the second works on its own
// (kept in the Library) and never overwrites the first's.

/** The kept record's dataset and epoch, as the next visit reads them. */
function kept(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ datasetName: string; epoch: number } | null>((resolve) => {
        const open = indexedDB.open('embedding-explorer')
        open.onsuccess = () => {
          const get = open.result.transaction('session').objectStore('session').get('state')
          get.onsuccess = () => {
            open.result.close()
            const r = get.result as { datasetName: string; epoch: number } | undefined
            resolve(r ? { datasetName: r.datasetName, epoch: r.epoch } : null)
          }
        }
      }),
  )
}

/** The names of the Library's entries. */
function libraryNames(page: Page) {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('embedding-explorer-library')
        open.onsuccess = () => {
          const all = open.result.transaction('entries').objectStore('entries').getAll()
          all.onsuccess = () => {
            open.result.close()
            resolve(
              (all.result as { name: string; datasetName: string }[]).map(
                (e) => `${e.name} | ${e.datasetName}`,
              ),
            )
          }
        }
      }),
  )
}

async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForFunction(
    () => {
      const st = window.embeddingExplorer?.state()
      return st && st.dataset !== null && window.embeddingExplorer.positions().data.length > 0
    },
    null,
    { timeout: 120_000 },
  )
  return page
}

describe('two tabs in Chromium', () => {
  let session: Session

  beforeAll(async () => {
    session = await startSession()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('the second tab works on its own session, kept in the Library; the first stays kept', async () => {
    const context = await session.browser.newContext()
    const first = await openTab(context, session.url)
    await first.evaluate(() => window.embeddingExplorer.train({ epochs: 3 }))
    await first.waitForFunction(
      async () => {
        const r = await new Promise<{ epoch: number } | undefined>((resolve) => {
          const open = indexedDB.open('embedding-explorer')
          open.onsuccess = () => {
            const get = open.result.transaction('session').objectStore('session').get('state')
            get.onsuccess = () => (open.result.close(), resolve(get.result as { epoch: number }))
          }
        })
        return r?.epoch === 3
      },
      null,
      { timeout: 20_000, polling: 200 },
    )

    const second = await openTab(context, session.url)
    await expect
      .poll(() => second.getByTestId('notice').textContent(), { timeout: 10_000 })
      .toContain('open in another tab')
    await second.evaluate(() => window.embeddingExplorer.loadBuiltin('dishes'))
    await second.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
    await expect
      .poll(() => libraryNames(second), { timeout: 15_000 })
      .toContainEqual(expect.stringMatching(/^Second tab, .* \| dishes\.csv$/))

    // The first tab's kept session is untouched by all of that.
    expect(await kept(first)).toEqual({ datasetName: 'trees.csv', epoch: 3 })
    // And the first tab goes on keeping its own work.
    await first.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    await expect
      .poll(() => kept(first), { timeout: 15_000 })
      .toEqual({
        datasetName: 'trees.csv',
        epoch: 4,
      })
    expect(await kept(second)).toEqual({ datasetName: 'trees.csv', epoch: 4 })
    await context.close()
  })
})
