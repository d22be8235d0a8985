import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'

/** Flags that make WebGPU, WebGL, wasm and cpu all start in headless Debian Chromium without a GPU. */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The system Chromium, or an error that says how to get one (browser tests never skip silently). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  const found = candidates.find((p) => p && existsSync(p))
  if (!found)
    throw new Error(
      "No Chromium found for the browser tests. Install Debian's package (sudo apt-get install -y chromium) " +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    )
  return found
}

export interface Session {
  browser: Browser
  server: PreviewServer
  url: string
  close(): Promise<void>
}

/** Serves the built app (`dist/`, from `vite build`) and starts headless Chromium. */
export async function startSession(): Promise<Session> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `vite build` first (npm run test:e2e does).')
  const server = await preview({
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'silent',
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report its address')
  // Playwright gives every launch a fresh, empty profile of its own (the --user-data-dir we want).
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_FLAGS,
    headless: true,
  })
  return {
    browser,
    server,
    url,
    close: async () => {
      await browser.close()
      await server.close()
    },
  }
}

/**
 * Opens the app and waits until the bundled dataset is drawn and a backend was chosen. `prepare`
 * runs before the page loads (e.g. `page.addInitScript` of a test-only setting).
 */
export async function openApp(
  s: Session,
  viewport = { width: 1280, height: 720 },
  prepare?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  const page = await s.browser.newPage({ viewport })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await prepare?.(page)
  await page.goto(s.url)
  await page.waitForFunction(
    () => {
      const st = window.embeddingExplorer?.state()
      return (
        st &&
        st.dataset !== null &&
        st.backend !== null &&
        window.embeddingExplorer.positions().data.length > 0
      )
    },
    undefined,
    { timeout: 120_000 },
  )
  if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`)
  return page
}

/** Drops files on the page the way a browser does: a drop event carrying a DataTransfer of Files. */
export async function drop(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, data: Array.from(f.bytes) }))
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer()
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name))
    return dt
  }, payload)
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer })
  await page.getByTestId('drop-target').waitFor()
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
}

/** Variance of the grey levels of a PNG's pixels, decoded in the page itself (blank → ~0). */
export async function pngVariance(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = new OffscreenCanvas(img.width, img.height)
    const ctx = c.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const { data } = ctx.getImageData(0, 0, img.width, img.height)
    let sum = 0
    let sq = 0
    const n = data.length / 4
    for (let i = 0; i < data.length; i += 4) {
      const g = (data[i] + data[i + 1] + data[i + 2]) / 3
      sum += g
      sq += g * g
    }
    return sq / n - (sum / n) ** 2
  }, png.toString('base64'))
}
