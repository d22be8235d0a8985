import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

/**
 * Longest main-thread task allowed while a big pair loads. ARCHITECTURE.md's budget is 50 ms;
 * this machine is shared and slow, so the test allows 4× that and still catches a load that
 * copies or reads a whole file in one task.
 */
const LONG_TASK_LIMIT_MS = 200
const DIM = 768

/**
 * Makes a seeded n × 768 Projector pair in the page as a script's `{ name, text }` files (the
 * old load copied each whole text twice on the main thread: to the parse worker and into the kept
 * session), then loads it and returns every long task from the start of the load until 3 s after the
 * dataset was shown (the kept session is written and the panels have drawn by then).
 */
function loadPair(page: Page, n: number) {
  return page.evaluate(
    async ({ n, dim }) => {
      let seed = 7
      const random = () => {
        seed = (seed + 0x6d2b79f5) | 0
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      const rows: string[] = []
      const meta = ['label\tcluster']
      const row = new Array<string>(dim)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < dim; j++) row[j] = (((i % 10) * 0.1 + random()) * 2 - 1).toFixed(6)
        rows.push(row.join('\t'))
        meta.push(`item ${i}\tc${i % 10}`)
      }
      // Joined with the final newline, so each text is one flat string, as fetch or a FileReader gives.
      const texts = [[...rows, ''].join('\n'), [...meta, ''].join('\n')]
      const names = ['vectors.tsv', 'metadata.tsv']
      const files = texts.map((text, i) => ({ name: names[i], text }))
      await new Promise((r) => setTimeout(r, 1000)) // making the text was itself a long task
      const tasks: number[] = []
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push(Math.round(e.duration))
      })
      observer.observe({ type: 'longtask', buffered: false })
      const api = window.embeddingExplorer
      const failed = api.loadFiles(files).then(
        () => null,
        (e: Error) => e.message,
      )
      const deadline = performance.now() + 120_000
      while (api.state().dataset?.items !== n && performance.now() < deadline) {
        const error = await Promise.race([failed, new Promise((r) => setTimeout(r, 50))])
        if (typeof error === 'string') throw new Error(error)
      }
      await new Promise((r) => setTimeout(r, 3000))
      observer.disconnect()
      const dataset = api.state().dataset
      return {
        tasks,
        items: dataset?.items,
        dim: dataset?.dim,
        megabytes: texts[0].length / 2 ** 20,
      }
    },
    { n, dim: DIM },
  )
}

describe('a 768-d Projector pair loads without stalling the page', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it("a script's { name, text } (5,000 × 768, 29 MB): no main-thread task over 200 ms", async () => {
    const r = await loadPair(page, 5000)
    expect(r.items).toBe(5000)
    expect(r.dim).toBe(DIM)
    expect(Math.max(0, ...r.tasks), `long tasks: ${r.tasks.join(', ')} ms`).toBeLessThan(
      LONG_TASK_LIMIT_MS,
    )
  })
})
