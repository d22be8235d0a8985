// `npm run bench -- scaleBrowser`: in the built app in headless Chromium, the time from
// `setProjection({ method, dims: 3 })` to a finished layout on 10,000 × 768 loaded embeddings
// (t-SNE and UMAP), next to the same projector run directly in Node on the same vectors.
import type { Page } from 'playwright-core'
import { openApp, startSession } from '../test/e2e/browser'
import { TsneProjector } from '../src/model/projection/tsne'
import { UmapProjector } from '../src/model/projection/umap'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'

const N = 10_000
const DIM = 768
const CLUSTERS = 20

/**
 * Loads bench/data.ts's `gaussianClusters(N, DIM, CLUSTERS)` as a .npy file built in the page
 * (the same generator, so Node's baseline lays out the same vectors).
 */
async function loadEmbeddings(page: Page) {
  return page.evaluate(
    async ([n, dim, clusters]) => {
      let a = 1
      const random = () => {
        a = (a + 0x6d2b79f5) >>> 0
        let t = a
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      const centres = Array.from({ length: clusters }, () =>
        Array.from({ length: dim }, () => 4 * gauss()),
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
      for (let i = 0; i < n; i++)
        for (let t = 0; t < dim; t++) data[i * dim + t] = centres[i % clusters][t] + gauss()
      return window.embeddingExplorer.loadFiles([{ name: 'embeddings.npy', bytes }])
    },
    [N, DIM, CLUSTERS] as const,
  )
}

/**
 * Switches the projection and waits for the layout to finish: its step count stops changing for
 * 3 s after the first step (the first step holds the kNN search, so it may be long). Returns the
 * time to the last change and the steps taken.
 */
async function timeToFinished(page: Page, method: 'tsne' | 'umap') {
  return page.evaluate(async (method) => {
    const api = window.embeddingExplorer
    // The step shown stays the last projection's until the new one posts its first positions.
    let step = api.state().projection.step
    let changed = false
    const t0 = performance.now()
    api.setProjection({ method, dims: 3 })
    let changedAt = t0
    for (;;) {
      await new Promise((r) => setTimeout(r, 10))
      const now = performance.now()
      const p = api.state().projection
      if (p.method === method && p.step !== step) {
        step = p.step
        changed = true
        changedAt = now
      } else if (changed && now - changedAt > 3000) break
      if (now - t0 > 300_000) return { ms: NaN, steps: step }
    }
    return { ms: changedAt - t0, steps: step }
  }, method)
}

/** The same projector stepped to its end in this process, on the same vectors. */
function inNode(method: 'tsne' | 'umap', data: Float32Array) {
  const p = method === 'tsne' ? new TsneProjector(3) : new UmapProjector(3)
  const t0 = performance.now()
  p.update(data, N, DIM)
  let steps = 0
  while (p.step()) steps++
  return { ms: performance.now() - t0, steps }
}

export async function scaleBrowserBench(): Promise<Row[]> {
  const { data } = gaussianClusters(N, DIM, CLUSTERS)
  const session = await startSession()
  const rows: Row[] = []
  try {
    // tsx (esbuild keepNames) wraps named functions in the evaluate callbacks with __name().
    const page = await openApp(session, undefined, (p) =>
      p.addInitScript({ content: 'globalThis.__name = (f) => f' }),
    )
    await loadEmbeddings(page)
    for (const method of ['tsne', 'umap'] as const) {
      console.error(`scaleBrowser: ${method} in the app`)
      const app = await timeToFinished(page, method)
      console.error(`scaleBrowser: ${method} in Node`)
      const node = inNode(method, data)
      rows.push({
        figure: `setProjection → finished ${method === 'tsne' ? 't-SNE' : 'UMAP'} 3D layout, 10k × 768, in the app`,
        ours: `${ms(app.ms)} (${app.steps} steps)`,
        baseline: `${ms(node.ms)} (${node.steps} steps)`,
        note: 'headless Chromium, built app, projection worker; baseline: the same projector stepped in Node',
      })
    }
  } finally {
    await session.close()
  }
  return rows
}
