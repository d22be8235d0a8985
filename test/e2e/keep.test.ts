import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

const OWN = {
  name: 'fruit.csv',
  text:
    'name,colour,size\nfig,purple,small\nolive,green,small\nlime,green,small\n' +
    'lemon,yellow,medium\nmelon,green,large\nplum,purple,small\n',
}

/** What the kept session in IndexedDB says (a summary, readable across the page boundary). */
function kept(page: Page, key = 'state') {
  return page.evaluate(
    (key) =>
      new Promise<Record<string, unknown> | null>((resolve, reject) => {
        const open = indexedDB.open('embedding-explorer')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const get = db.transaction('session').objectStore('session').get(key)
          get.onsuccess = () => {
            db.close()
            const r = get.result as Record<string, unknown> | undefined
            if (!r) return resolve(null)
            const state = (key === 'state' ? r : r.state) as Record<string, unknown>
            resolve({
              datasetName: state.datasetName,
              epoch: state.epoch,
              params: state.params,
              view: state.view,
              vectors: state.vectors instanceof Float32Array ? state.vectors.length : null,
            })
          }
        }
      }),
    key,
  )
}

describe('never losing the kept session', () => {
  let session: Session
  let page: Page
  /** The link to the bundled trees at epoch 3 (the first test makes it). */
  let link = ''

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
          st?.dataset != null &&
          st.backend !== null &&
          window.embeddingExplorer.positions().data.length > 0
        )
      },
      undefined,
      { timeout: 120_000 },
    )
  const vectors = () => page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
  /** Waits until the kept state is the one at `epoch` of `name` (writes are at most once a second). */
  const keptAt = (name: string, epoch: number) =>
    expect.poll(() => kept(page), { timeout: 15_000 }).toMatchObject({ datasetName: name, epoch })

  it('a shared link opens beside the kept session: the own run comes back on reload', async () => {
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 3 }))
    link = (await page.evaluate(() => window.embeddingExplorer.shareUrl()))!
    expect(link).toContain('epoch=3')
    await page.evaluate((f) => window.embeddingExplorer.loadFiles([f]), OWN)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 20 }))
    const own = await vectors()
    await keptAt('fruit.csv', 20)

    // Open the link (a real load of the page, not a same-document hash change).
    await page.goto('about:blank')
    await page.goto(link)
    await ready()
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 3, undefined, {
      timeout: 60_000,
    })
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'trees.csv',
    )
    await page.getByTestId('linked-notice').waitFor()
    expect(await page.evaluate(() => location.hash)).toBe('')
    // Nothing of the linked view is written while it is shown.
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    await page.waitForTimeout(1500)
    expect(await kept(page)).toMatchObject({ datasetName: 'fruit.csv', epoch: 20 })

    await page.reload()
    await ready()
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 20)
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'fruit.csv',
    )
    expect(await vectors()).toEqual(own)
    expect(await page.getByTestId('linked-notice').count()).toBe(0)
  })

  it('a link that trains for hundreds of epochs asks first; declined, the kept session opens', async () => {
    const long = link.replace('epoch=3', 'epoch=400')
    const asked: string[] = []
    page.once('dialog', (d) => {
      asked.push(d.message())
      void d.dismiss()
    })
    await page.goto('about:blank')
    await page.goto(long)
    await ready()
    expect(asked.join()).toMatch(/400 epochs/)
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 20)
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'fruit.csv',
    )
    expect(await page.evaluate(() => location.hash)).toBe('')
  })

  it('a damaged record: a notice says what was not restored, the run comes back, the record stays', async () => {
    // Its own run, so that it does not depend on the tests before it.
    await page.evaluate((f) => window.embeddingExplorer.loadFiles([f]), OWN)
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 5 }))
    const own = await vectors()
    await keptAt('fruit.csv', 5)
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('embedding-explorer')
          open.onsuccess = () => {
            const db = open.result
            const store = db.transaction('session', 'readwrite').objectStore('session')
            const get = store.get('state')
            get.onsuccess = () => {
              // What an older or newer release's record might look like.
              const put = store.put(
                { ...get.result, params: 'adam:0.1', view: [2, 'pca'] },
                'state',
              )
              put.onsuccess = () => (db.close(), resolve())
              put.onerror = () => reject(put.error)
            }
          }
          open.onerror = () => reject(open.error)
        }),
    )
    await page.reload()
    await ready()
    await expect
      .poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 })
      .toMatch(/could not be restored/)
    const notice = await page.getByTestId('notice').textContent()
    expect(notice).toMatch(/the training parameters/)
    expect(notice).toMatch(/the view/)
    expect(notice).not.toMatch(/projection settings/) // the whole view is named once
    expect(notice).toMatch(/Restored: fruit\.csv and its trained vectors \(epoch 5\)/)
    const st = await page.evaluate(() => window.embeddingExplorer.state())
    expect(st.dataset?.name).toBe('fruit.csv')
    expect(st.epoch).toBe(5)
    expect(await vectors()).toEqual(own)
    // The damaged record itself is still in IndexedDB, untouched.
    expect(await kept(page, 'unreadable')).toMatchObject({
      datasetName: 'fruit.csv',
      epoch: 5,
      params: 'adam:0.1',
      view: [2, 'pca'],
      vectors: own.length,
    })
  })

  it('"Keep this instead of your session" makes the linked view the kept one', async () => {
    await page.goto('about:blank')
    await page.goto(link)
    await ready()
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 3, undefined, {
      timeout: 60_000,
    })
    await page.getByRole('button', { name: 'Keep this instead of your session' }).click()
    await keptAt('trees.csv', 3)
    await page.reload()
    await ready()
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch === 3)
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'trees.csv',
    )
    expect(await page.getByTestId('linked-notice').count()).toBe(0)
  })
})
