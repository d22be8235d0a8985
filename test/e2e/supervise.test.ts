import type { Page, Worker } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, pngVariance, type Session, startSession } from './browser'

// Worker supervision in real Chromium: a worker killed with `self.close()` (it says nothing when
// it goes) is noticed, restarted from the last good state, and nothing the user had is lost.

declare global {
  interface Window {
    trainDone?: Promise<string>
  }
}

/** The page's worker whose script name starts with `name` (Vite names them `<name>.worker-<hash>.js`). */
async function workerNamed(page: Page, name: string): Promise<Worker> {
  for (let i = 0; i < 100; i++) {
    const w = page.workers().find((x) => new URL(x.url()).pathname.includes(`/${name}.worker`))
    if (w) return w
    await page.waitForTimeout(50)
  }
  throw new Error(`no ${name} worker`)
}

/** Kills a worker as a crash would: it stops at once and posts nothing more. */
async function kill(w: Worker): Promise<void> {
  await w.evaluate(() => self.close()).catch(() => {}) // the evaluation dies with the worker
}

/** The kept record in IndexedDB, as the next visit reads it. */
function keptRecord(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ step: number; epoch: number; vectors: number; optimizer: number } | null>(
        (resolve, reject) => {
          const open = indexedDB.open('embedding-explorer')
          open.onerror = () => reject(new Error(String(open.error)))
          open.onsuccess = () => {
            const get = open.result.transaction('session').objectStore('session').get('state')
            get.onsuccess = () => {
              const r = get.result as {
                step: number
                epoch: number
                vectors: Float32Array | null
                optimizer?: unknown[]
              } | null
              open.result.close()
              resolve(
                r && {
                  step: r.step,
                  epoch: r.epoch,
                  vectors: r.vectors?.length ?? 0,
                  optimizer: r.optimizer?.length ?? 0,
                },
              )
            }
          }
        },
      ),
  )
}

const state = (page: Page) => page.evaluate(() => window.embeddingExplorer.state())

describe('worker supervision in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('a killed training worker is restarted from the last good state and train() settles', async () => {
    const { dataset } = await state(page)
    const initial = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    const EPOCHS = 40
    await page.evaluate((epochs) => {
      window.trainDone = window.embeddingExplorer.train({ epochs }).then(
        () => 'resolved',
        (e: Error) => `rejected: ${e.message}`,
      )
    }, EPOCHS)
    await page.waitForFunction(() => window.embeddingExplorer.state().epoch >= 8)
    const before = await page.evaluate(() => {
      const api = window.embeddingExplorer
      return { epoch: api.state().epoch, vectors: Array.from(api.vectors().data) }
    })
    const killedAt = Date.now()
    await kill(await workerNamed(page, 'training'))

    // Noticed and said once, within a few seconds.
    await page.waitForFunction(
      () => /training worker stopped/.test(document.body.innerText),
      null,
      { timeout: 15_000 },
    )
    const noticedMs = Date.now() - killedAt
    expect(noticedMs).toBeLessThan(12_000) // 6 s of silence, a 0.5 s ping, a busy machine
    const after = await state(page)
    // Training goes on from the last good state (at most a second behind), not from the seed.
    expect(after.epoch).toBeGreaterThanOrEqual(before.epoch - 2)
    const restarted = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    expect(restarted).toHaveLength(before.vectors.length)
    // The vectors are the trained ones (near those before the kill), not the starting ones.
    const gap = (a: number[], b: number[]) => a.reduce((t, x, i) => t + Math.abs(x - b[i]), 0)
    expect(gap(restarted, before.vectors)).toBeLessThan(gap(restarted, initial) / 2)
    console.log(`training worker killed → restart noticed in ${noticedMs} ms`)

    // The pending train() settles: the new worker trains the epochs that were left.
    const outcome = await page.waitForFunction(() => window.trainDone, null, { timeout: 60_000 })
    expect(await outcome.jsonValue()).toBe('resolved')
    const done = await state(page)
    expect(done.epoch).toBe(EPOCHS)
    expect(done.status).toBe('paused')
    expect(done.dataset).toEqual(dataset)
    // The epochs lost with the worker were trained again, not skipped: the loss curve is whole.
    const history = await page.evaluate(() => window.embeddingExplorer.state().epoch)
    expect(history).toBe(EPOCHS)

    // The next save is the trained run (vectors and optimiser state), not an empty one.
    await page.waitForFunction(
      async (epochs) => {
        const r = await new Promise<{ epoch: number } | null>((resolve) => {
          const open = indexedDB.open('embedding-explorer')
          open.onsuccess = () => {
            const get = open.result.transaction('session').objectStore('session').get('state')
            get.onsuccess = () => {
              open.result.close()
              resolve(get.result as { epoch: number } | null)
            }
          }
        })
        return r?.epoch === epochs
      },
      EPOCHS,
      { timeout: 10_000, polling: 200 },
    )
    const kept = await keptRecord(page)
    expect(kept?.step).toBeGreaterThan(0)
    expect(kept?.vectors).toBe(before.vectors.length)
    expect(kept?.optimizer).toBeGreaterThan(0)

    // And the new worker answers: one more epoch trains.
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    expect((await state(page)).epoch).toBe(EPOCHS + 1)
  })

  it('a killed projection worker is restarted and the layout goes on; the next load settles', async () => {
    await kill(await workerNamed(page, 'projection'))
    await page.waitForFunction(
      () => /projection worker stopped/.test(document.body.innerText),
      null,
      { timeout: 30_000 },
    )
    const before = await page.evaluate(() => Array.from(window.embeddingExplorer.positions().data))
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 2 }))
    const after = await page.evaluate(() => Array.from(window.embeddingExplorer.positions().data))
    expect(after).toHaveLength(before.length)
    expect(after).not.toEqual(before) // new layouts keep coming
    const summary = await page.evaluate(() => window.embeddingExplorer.loadBuiltin('dishes'))
    expect(summary.name).toMatch(/dishes/i)
    expect(await page.evaluate(() => window.embeddingExplorer.positions().data.length)).toBe(
      summary.items * 3,
    )
  })

  it('a warm parse worker that died is replaced: the next load settles', async () => {
    await kill(await workerNamed(page, 'parse'))
    const started = Date.now()
    const summary = await page.evaluate(() =>
      window.embeddingExplorer.loadFiles([
        { name: 'tiny.csv', text: 'label,colour\na,red\nb,red\nc,blue\nd,blue\ne,red\nf,blue\n' },
      ]),
    )
    expect(summary).toMatchObject({ name: 'tiny.csv', items: 6 })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await state(page)).dataset?.items).toBe(6)
  })

  it('a lost WebGL context of the plot is said, and the plot comes back when it is restored', async () => {
    // The extension is taken while the context lives (a lost context gives none) and kept.
    await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="scene"] canvas') as HTMLCanvasElement
      const ext = canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!
      ;(window as unknown as { loseContext: WEBGL_lose_context }).loseContext = ext
    })
    const lose = (restore: boolean) =>
      page.evaluate((again) => {
        const ext = (window as unknown as { loseContext: WEBGL_lose_context }).loseContext
        if (again) ext.restoreContext()
        else ext.loseContext()
      }, restore)
    await lose(false)
    await expect
      .poll(() => page.getByTestId('notice').textContent(), { timeout: 10_000 })
      .toContain('WebGL context was lost')
    await lose(true)
    await expect.poll(() => page.getByTestId('notice').count(), { timeout: 10_000 }).toBe(0)
    // Drawing goes on after the restore: the plot is not blank.
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 1 }))
    const shot = await page.getByTestId('scene').screenshot()
    expect(await pngVariance(page, shot)).toBeGreaterThan(1)
  })
})
