import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Session, startSession } from './browser'

/** What a page (and its workers) reported as blocked by the Content-Security-Policy. */
interface Watched {
  page: Page
  violations: string[]
}

const CSP_MESSAGE = /Content[- ]Security[- ]Policy/i

/** A new page that records every CSP violation: DOM events and the console of page and workers. */
async function watchedPage(s: Session): Promise<Watched> {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 720 } })
  const violations: string[] = []
  const onConsole = (text: string) => CSP_MESSAGE.test(text) && violations.push(text)
  page.on('console', (m) => onConsole(m.text()))
  page.on('pageerror', (e) => onConsole(e.message))
  page.on('worker', (w) => w.on('console', (m) => onConsole(m.text())))
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    )
  })
  return { page, violations }
}

const opened = () => {
  const st = window.embeddingExplorer?.state()
  return !!st && st.dataset !== null && st.backend !== null
}

describe('the Content-Security-Policy (vite preview)', () => {
  let session: Session
  let w: Watched
  let header: string | undefined

  beforeAll(async () => {
    session = await startSession()
    w = await watchedPage(session)
    const res = await w.page.goto(session.url)
    header = res?.headers()['content-security-policy']
    await w.page.waitForFunction(opened, undefined, { timeout: 120_000 })
  })
  afterAll(async () => {
    await session?.close()
  })

  const ee = <T>(fn: () => T) => w.page.evaluate(fn)

  it('is sent with the page: self only, no inline or eval, wasm compiles', () => {
    expect(header).toBeDefined()
    const directives = new Map(
      header!.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(header).not.toMatch(/'unsafe-eval'/)
  })

  it('loads the trees, trains 2 epochs and switches to UMAP with no violation', async () => {
    expect((await ee(() => window.embeddingExplorer.state())).dataset?.name).toBe('trees.csv')
    await ee(() => window.embeddingExplorer.train({ epochs: 2 }))
    expect((await ee(() => window.embeddingExplorer.state())).epoch).toBe(2)
    await ee(() => window.embeddingExplorer.setProjection({ method: 'umap' }))
    await w.page.waitForFunction(() => {
      const p = window.embeddingExplorer.state().projection
      return p.method === 'umap' && p.step > 0
    })
    expect(w.violations).toEqual([])
  })

  it('setParams applies like the Model tab, and the wasm backend trains', async () => {
    await ee(() => window.embeddingExplorer.setParams({ dim: 6 }))
    await w.page.waitForFunction(() => window.embeddingExplorer.vectors().dim === 6)
    expect(await ee(() => window.embeddingExplorer.state())).toMatchObject({
      epoch: 0,
      status: 'ready',
    })
    await expect(ee(() => window.embeddingExplorer.setParams({ dim: 100 }))).rejects.toThrow(
      /dim must be between 2 and 64/,
    )
    await w.page.getByRole('tab', { name: 'Model' }).click()
    await w.page.getByLabel('Backend', { exact: true }).selectOption('wasm')
    await w.page.waitForFunction(() => window.embeddingExplorer.state().backend === 'wasm')
    await ee(() => window.embeddingExplorer.train({ epochs: 2 }))
    expect(await ee(() => window.embeddingExplorer.state())).toMatchObject({
      backend: 'wasm',
      epoch: 2,
    })
    expect(await ee(() => window.embeddingExplorer.vectors().dim)).toBe(6)
    expect(w.violations).toEqual([])
  })

  it('opens a shared link (read with zod) with no violation', async () => {
    const url = await ee(() => window.embeddingExplorer.shareUrl())
    expect(url).toContain('#view=')
    const fresh = await watchedPage(session)
    await fresh.page.goto(url!)
    await fresh.page.waitForFunction(opened, undefined, { timeout: 120_000 })
    // The link (parsed and validated by zod) trains to its epoch with its hyperparameters.
    await fresh.page.waitForFunction(
      () => {
        const st = window.embeddingExplorer.state()
        return st.projection.method === 'umap' && st.epoch === 2 && st.status !== 'training'
      },
      undefined,
      { timeout: 120_000 },
    )
    expect(await fresh.page.evaluate(() => window.embeddingExplorer.vectors().dim)).toBe(6)
    const notice = fresh.page.getByTestId('notice')
    if (await notice.count()) expect(await notice.textContent()).not.toContain('could not')
    expect(fresh.violations).toEqual([])
    await fresh.page.close()
  })
})
