import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

// A projection worker busy for seconds in one synchronous computation (UMAP's exact kNN graph of
// 8,000 × 240 vectors) is not taken for dead: its beacon says "alive" from inside the loop. The
// heartbeat's silence is lowered to 2 s through the test-only `embeddingExplorerHeartbeat`
// (src/workers/client.ts), shorter than the kNN graph takes, so without the beacon the worker
// would be declared dead and restarted here.

declare global {
  interface Window {
    embeddingExplorerHeartbeat?: Record<string, { everyMs: number; silentMs: number }>
    /** Every worker notice the page showed (recorded by a MutationObserver). */
    workerNotices?: string[]
  }
}

const N = 8000
const DIM = 240
const SILENT_MS = 2000

/** Loads N × DIM clustered vectors as a .npy file built in the page (seeded). */
async function loadBig(page: Page) {
  return page.evaluate(
    async ([n, dim]) => {
      let state = 12345
      const random = () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0
        return state / 2 ** 32
      }
      const centres = Array.from({ length: 20 }, () =>
        Float32Array.from({ length: dim }, () => random() * 2 - 1),
      )
      let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, ${dim}), }`
      while ((10 + header.length + 1) % 64 !== 0) header += ' '
      header += '\n'
      const bytes = new Uint8Array(10 + header.length + n * dim * 4)
      bytes.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0])
      new DataView(bytes.buffer).setUint16(8, header.length, true)
      bytes.set(
        Array.from(header, (c) => c.charCodeAt(0)),
        10,
      )
      const data = new Float32Array(bytes.buffer, 10 + header.length, n * dim)
      for (let i = 0; i < n; i++) {
        const c = centres[i % centres.length]
        for (let t = 0; t < dim; t++) data[i * dim + t] = c[t] + 0.6 * (random() - 0.5)
      }
      return window.embeddingExplorer.loadFiles([{ name: 'big.npy', bytes }])
    },
    [N, DIM] as const,
  )
}

describe('a busy projection worker is not taken for dead (beacon)', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session, undefined, (p) =>
      p.addInitScript((silentMs) => {
        window.embeddingExplorerHeartbeat = { projection: { everyMs: 250, silentMs } }
      }, SILENT_MS),
    )
    await page.evaluate(() => {
      window.workerNotices = []
      new MutationObserver(() => {
        const text = document.body.innerText
        const m = text.match(/The \w+ worker stopped[^\n]*/)
        if (m && !window.workerNotices!.includes(m[0])) window.workerNotices!.push(m[0])
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('UMAP on 8,000 × 240 vectors finishes its layout with no "stopped" notice', async () => {
    const summary = await loadBig(page)
    expect(summary.items).toBe(N)
    const t0 = Date.now()
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'umap', dims: 2 }))
    // UMAP above 7,500 points runs 200 epochs, one per step after the rebuild (kNN graph first).
    // A worker notice ends the wait at once: the assertions below then say what went wrong.
    await page.waitForFunction(
      () => {
        const p = window.embeddingExplorer.state().projection
        const done = p.method === 'umap' && p.dims === 2 && p.step >= 201
        return done || window.workerNotices!.length > 0
      },
      undefined,
      { timeout: 150_000, polling: 250 },
    )
    const ms = Date.now() - t0
    expect(await page.evaluate(() => window.workerNotices)).toEqual([])
    const positions = await page.evaluate(() =>
      Array.from(window.embeddingExplorer.positions().data),
    )
    expect(positions).toHaveLength(N * 2)
    expect(positions.every(Number.isFinite)).toBe(true)
    expect(await page.evaluate(() => window.embeddingExplorer.state().error)).toBeNull()
    console.log(`UMAP of ${N} × ${DIM} laid out in ${ms} ms with silentMs = ${SILENT_MS} ms`)
    expect(ms).toBeGreaterThan(SILENT_MS) // the worker was busy for longer than the silence allowed
  })
})
