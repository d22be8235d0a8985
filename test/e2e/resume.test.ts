import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Session, startSession } from './browser'

// A reload gives back what was shown before it, whole: the optimiser's state is kept with the
// run, so the restored run's losses are those of the same run never interrupted (same seed, same
// backend). Nothing waits for the kept record before reloading: a reload right after a run, or in
// the middle of one, is what a user does.

const EPOCHS = 6
const CUT = 3

async function open(page: Page, url: string | null) {
  if (url) await page.goto(url)
  await page.waitForFunction(
    () => {
      const st = window.embeddingExplorer?.state()
      return st && st.dataset !== null && st.backend !== null
    },
    null,
    { timeout: 120_000 },
  )
}

async function setUp(page: Page, url: string) {
  await open(page, url)
  await page.evaluate(() => {
    window.embeddingExplorer.setParams({ optimizer: 'adam', learningRate: 0.05 })
    window.embeddingExplorer.reset(7)
  })
}

/** Trains one epoch at a time and returns the loss after each. */
async function losses(page: Page, epochs: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < epochs; i++) {
    out.push(
      await page.evaluate(async () => {
        await window.embeddingExplorer.train({ epochs: 1 })
        return window.embeddingExplorer.state().loss!
      }),
    )
  }
  return out
}

interface Kept {
  epoch: number
  step: number
  optimizer: number
}

/** The kept record in IndexedDB: its epoch, step and how many optimiser weights it holds. */
function keptRecord(page: Page): Promise<Kept | null> {
  return page.evaluate(
    () =>
      new Promise<Kept | null>((resolve, reject) => {
        const req = indexedDB.open('embedding-explorer')
        req.onerror = () => reject(req.error)
        req.onsuccess = () => {
          const get = req.result.transaction('session').objectStore('session').get('state')
          get.onerror = () => reject(get.error)
          get.onsuccess = () => {
            req.result.close()
            const r = get.result as { epoch: number; step: number; optimizer?: unknown[] } | null
            resolve(
              r ? { epoch: r.epoch, step: r.step, optimizer: r.optimizer?.length ?? 0 } : null,
            )
          }
        }
      }),
  )
}

const close = (a: number[], b: number[]) =>
  a.forEach((l, i) => expect(Math.abs(l - b[i])).toBeLessThan(1e-4 * Math.abs(b[i])))

describe('a restored run in Chromium', () => {
  let session: Session
  /** The loss after each epoch of the run never interrupted. */
  let reference: number[]

  beforeAll(async () => {
    session = await startSession()
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await setUp(page, session.url)
    reference = await losses(page, EPOCHS)
    await context.close()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('reloaded right after a run finishes: back at that epoch, whole, on the uninterrupted loss curve', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await setUp(page, session.url)
    const before = await losses(page, CUT)
    await page.reload() // at once: what was on screen is epoch CUT
    await open(page, null)
    expect(await keptRecord(page)).toMatchObject({ epoch: CUT, step: expect.any(Number) })
    expect((await keptRecord(page))!.optimizer).toBeGreaterThan(1)
    expect(await page.evaluate(() => window.embeddingExplorer.state().epoch)).toBe(CUT)
    const after = await losses(page, EPOCHS - CUT)
    console.log(`losses uninterrupted ${reference.map((l) => l.toFixed(5)).join(' ')}`)
    console.log(`losses with a reload ${[...before, ...after].map((l) => l.toFixed(5)).join(' ')}`)
    close([...before, ...after], reference)
    await context.close()
  })

  it('reloaded in the middle of a run: back in the epoch shown, whole, on the same curve', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await setUp(page, session.url)
    // 5 steps a second (the Speed control): an epoch of the trees (10 steps) takes 2 s.
    await page.getByRole('tab', { name: 'Model' }).click()
    await page.getByLabel('Speed').selectOption('5')
    await page.evaluate(() => void window.embeddingExplorer.train({ epochs: 6 }))
    await page.waitForFunction((cut) => window.embeddingExplorer.state().epoch >= cut - 1, CUT, {
      timeout: 60_000,
      polling: 50,
    })
    // Half-way through the next epoch (1 s at 5 steps a second): the page shows epoch ≥ CUT - 1.
    await page.waitForTimeout(1000)
    const shown = await page.evaluate(() => window.embeddingExplorer.state().epoch)
    await page.reload()
    await open(page, null)
    const kept = (await keptRecord(page))!
    const restored = await page.evaluate(() => window.embeddingExplorer.state().epoch)
    console.log(`shown epoch ${shown} before the reload; kept ${JSON.stringify(kept)}`)
    // The epoch shown is kept (or a later one: it trained on while the page unloaded), whole, at
    // most about a second (5 steps) before the reload.
    expect(kept.epoch).toBeGreaterThanOrEqual(shown)
    expect(restored).toBe(kept.epoch)
    expect(kept.optimizer).toBeGreaterThan(1)
    // From a step inside epoch `restored + 1`, train on: each finished epoch's loss is the same.
    const after = await losses(page, EPOCHS - restored)
    console.log(`losses uninterrupted ${reference.map((l) => l.toFixed(5)).join(' ')}`)
    console.log(`losses after reload  ${after.map((l) => l.toFixed(5)).join(' ')} from ${restored}`)
    close(after, reference.slice(restored))
    await context.close()
  })

  it('reloaded in the middle of a run at full speed: never behind the epoch shown', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await setUp(page, session.url)
    // The trees train several epochs a second here: a reload at any moment keeps the epoch shown.
    for (let round = 0; round < 3; round++) {
      const from = await page.evaluate(() => window.embeddingExplorer.state().epoch)
      await page.evaluate(() => void window.embeddingExplorer.train({ epochs: 500 }))
      await page.waitForFunction((e) => window.embeddingExplorer.state().epoch >= e, from + 3, {
        timeout: 60_000,
        polling: 50,
      })
      const shown = await page.evaluate(() => window.embeddingExplorer.state().epoch)
      await page.reload()
      await open(page, null)
      const kept = (await keptRecord(page))!
      console.log(
        `full speed: shown epoch ${shown} before the reload; kept ${JSON.stringify(kept)}`,
      )
      expect(kept.epoch).toBeGreaterThanOrEqual(shown)
      expect(await page.evaluate(() => window.embeddingExplorer.state().epoch)).toBe(kept.epoch)
    }
    await context.close()
  })
})
