import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Session, startSession } from './browser'

// A run restored after a reload goes on exactly: the optimiser's state is kept with it, so its
// losses are those of the same run never interrupted (same seed, same backend).

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

describe('a restored run in Chromium', () => {
  let session: Session

  beforeAll(async () => {
    session = await startSession()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('continues with the loss curve of the uninterrupted run', async () => {
    const setUp = async (page: Page) => {
      await open(page, session.url)
      await page.evaluate(() => {
        window.embeddingExplorer.setParams({ optimizer: 'adam', learningRate: 0.05 })
        window.embeddingExplorer.reset(7)
      })
    }
    const whole = await (await session.browser.newContext()).newPage()
    await setUp(whole)
    const reference = await losses(whole, EPOCHS)

    const context = await session.browser.newContext()
    const page = await context.newPage()
    await setUp(page)
    const before = await losses(page, CUT)
    // Wait until the kept record holds the run at the cut (with its optimiser state), then reload.
    await page.waitForFunction(
      async (cut) => {
        const r = await new Promise<{ epoch: number; optimizer?: unknown[] } | undefined>(
          (resolve) => {
            const req = indexedDB.open('embedding-explorer')
            req.onsuccess = () => {
              const get = req.result.transaction('session').objectStore('session').get('state')
              get.onsuccess = () => (req.result.close(), resolve(get.result as never))
            }
          },
        )
        return r?.epoch === cut && (r.optimizer?.length ?? 0) > 1
      },
      CUT,
      { timeout: 20_000, polling: 200 },
    )
    await page.reload()
    await open(page, null)
    await page.waitForFunction((cut) => window.embeddingExplorer.state().epoch === cut, CUT)
    const after = await losses(page, EPOCHS - CUT)
    const resumed = [...before, ...after]
    console.log(`losses uninterrupted ${reference.map((l) => l.toFixed(5)).join(' ')}`)
    console.log(`losses with a reload ${resumed.map((l) => l.toFixed(5)).join(' ')}`)
    resumed.forEach((l, i) => expect(Math.abs(l - reference[i])).toBeLessThan(1e-4 * reference[i]))
    await context.close()
  })
})
