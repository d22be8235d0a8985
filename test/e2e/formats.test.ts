// The files data tools write, dropped on the built app in Chromium (issue 15, part 2). The
// fixtures are test/fixtures/formats/ (see its README); the 307 MB .npy is made here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { arrow } from '../../src/model/datasets/arrow'
import { parquetWasm } from '../../src/model/datasets/parquetWasm'
import { mulberry32 } from '../../src/model/training/random'
import { drop, openApp, type Session, startSession } from './browser'

const DIR = 'test/fixtures/formats'
const WORDS = ['king', 'queen', 'prince', 'apple', 'pear', 'plum']
const file = (name: string) => ({ name, bytes: readFileSync(`${DIR}/${name}`) })

/**
 * Writes `bytes` to a temporary file, opens it with the Open files picker and waits until the
 * dataset is shown; returns the seconds that took.
 */
async function pickFile(page: Page, name: string, bytes: Uint8Array): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pick-'))
  const path = join(dir, name)
  writeFileSync(path, bytes)
  try {
    const t0 = Date.now()
    await page.getByLabel('Open files').setInputFiles(path)
    await page.waitForFunction((n) => window.embeddingExplorer.state().dataset?.name === n, name, {
      timeout: 240_000,
      polling: 500,
    })
    return (Date.now() - t0) / 1000
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('files data tools write, in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  async function loaded(name: string): Promise<void> {
    await page.waitForFunction((n) => window.embeddingExplorer.state().dataset?.name === n, name, {
      timeout: 60_000,
    })
    await page.waitForFunction(() => window.embeddingExplorer.vectors().data.length > 0)
  }

  it('the drop target states the limits', async () => {
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer()
      dt.items.add(new File(['x'], 'x.csv'))
      return dt
    })
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer })
    expect(await page.getByTestId('drop-limits').textContent()).toBe(
      'Up to 1 GB of numpy or Arrow (174,763 × 1,536 float32), 512 MB of Parquet, 200 MB of text and 1,000,000 items per load; nothing leaves this computer.',
    )
    await page.dispatchEvent('body', 'dragleave', { dataTransfer: transfer })
  })

  it('opens an .npz, a zstd Parquet, a Feather file and a pandas CSV with its index', async () => {
    for (const name of ['vectors.npz', 'polars.parquet', 'vectors.feather', 'vectors-index.csv']) {
      await drop(page, [file(name)])
      await loaded(name)
      const v = await page.evaluate(() => {
        const x = window.embeddingExplorer.vectors()
        return { labels: x.labels, dim: x.dim, first: Array.from(x.data.slice(0, 4)) }
      })
      expect(v, name).toEqual({ labels: WORDS, dim: 4, first: [1, 0.5, 0, -0.25] })
    }
    await expect(page.getByText(/pandas' index column "" left out/).count()).resolves.toBe(1)
  })

  it('a .npy with its metadata TSV dropped together', async () => {
    await drop(page, [file('vectors-f8-fortran.npy'), file('npy-metadata.tsv')])
    await loaded('vectors-f8-fortran.npy')
    expect(await page.evaluate(() => window.embeddingExplorer.vectors().labels)).toEqual(WORDS)
    const near = await page.evaluate(() => window.embeddingExplorer.neighbours('king', 2))
    expect(near.map((n) => n.label).sort()).toEqual(['prince', 'queen'])
  })

  it('a pickle gets one message naming the file and leaves what was loaded', async () => {
    await drop(page, [file('object.npy')])
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'object.npy: holds Python objects (dtype object, stored as a pickle)',
    )
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.name)).toBe(
      'vectors-f8-fortran.npy',
    )
  })

  it('a precomputed layout opens on its own coordinates and neighbours', async () => {
    await drop(page, [file('layout.parquet')])
    await loaded('layout.parquet')
    await page.waitForFunction(() => window.embeddingExplorer.positions().data.length === 18)
    const shown = await page.evaluate(() => ({
      method: window.embeddingExplorer.state().projection.method,
      positions: Array.from(window.embeddingExplorer.positions().data),
    }))
    expect(shown.method).toBe('precomputed')
    const x = [1.0, 1.5, 1.25, -1.0, -1.5, -1.25]
    const y = [0.5, 0.25, 0.75, -0.5, -0.25, -0.75]
    const z = [0.0, 0.1, -0.1, 0.0, 0.1, -0.1]
    expect(shown.positions).toEqual(
      Array.from(new Float32Array(WORDS.flatMap((_, i) => [x[i], y[i], z[i]]))),
    )
    const button = page.getByRole('button', { name: 'Precomputed' })
    expect(await button.getAttribute('aria-pressed')).toBe('true')
    // The View tab says what the layout is, not that PCA has no settings.
    await page.getByRole('tab', { name: 'View' }).click()
    await page.getByText('is shown as it is: nothing to set').waitFor()
    expect(await page.getByText('PCA has no settings').count()).toBe(0)
    const near = await page.evaluate(() => window.embeddingExplorer.neighbours('apple', 2))
    expect(near.map((n) => n.label)).toEqual(['plum', 'pear'])
    // Another method and back, through the control.
    await page.getByRole('button', { name: 'PCA' }).click()
    await page.waitForFunction(() => window.embeddingExplorer.state().projection.method === 'pca')
    await button.click()
    await page.waitForFunction(
      () => window.embeddingExplorer.state().projection.method === 'precomputed',
    )
    // Data without a layout goes back to PCA and offers no precomputed choice.
    await drop(page, [file('vectors.npz')])
    await loaded('vectors.npz')
    expect(await page.evaluate(() => window.embeddingExplorer.state().projection.method)).toBe(
      'pca',
    )
    expect(await button.count()).toBe(0)
  })

  it('a reload brings the layout back, still shown as precomputed', async () => {
    await drop(page, [file('layout.parquet')])
    await loaded('layout.parquet')
    await page.waitForFunction(() => window.embeddingExplorer.positions().data.length === 18)
    await page.waitForTimeout(2500) // the session is written at most once a second
    await page.reload()
    await page.waitForFunction(
      () => {
        const st = window.embeddingExplorer?.state()
        return st?.dataset?.name === 'layout.parquet' && st.projection.method === 'precomputed'
      },
      undefined,
      { timeout: 60_000 },
    )
    await page.waitForFunction(() => window.embeddingExplorer.positions().data.length === 18)
    expect(await page.evaluate(() => window.embeddingExplorer.state().error)).toBeNull()
  })

  it('opens 50,000 × 1,536 float32 (.npy, 307 MB) from the file picker', async () => {
    const rows = 50_000
    const dim = 1536
    const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`
    const header = dict.padEnd(128 - 10 - 1, ' ') + '\n'
    const data = new Float32Array(rows * dim)
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 1000) / 1000 - 0.5
    const prefix = Buffer.alloc(10)
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(prefix)
    prefix.writeUInt16LE(header.length, 8)
    const file = Buffer.concat([prefix, Buffer.from(header), Buffer.from(data.buffer)])
    const seconds = await pickFile(page, 'big.npy', file)
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset).toMatchObject({ kind: 'vectors', items: rows, dim })
    expect(state.error).toBeNull()
    console.log(`big.npy (307 MB) loaded in ${seconds.toFixed(1)} s`)
  }, 300_000)

  it('opens 50,000 × 1,536 float32 as a 307 MB Parquet file (snappy, as pandas writes it)', async () => {
    const rows = 50_000
    const dim = 1536
    const [lib, wasm] = await Promise.all([arrow(), parquetWasm()])
    // 20 clusters with noise, as embeddings look: structure for PCA, nothing for a codec to squeeze.
    const random = mulberry32(7)
    const centers = Float32Array.from({ length: 20 * dim }, () => random() - 0.5)
    const values = new Float32Array(rows * dim)
    for (let r = 0; r < rows; r++)
      for (let j = 0, c = (r % 20) * dim; j < dim; j++)
        values[r * dim + j] = centers[c + j] + 0.2 * (random() - 0.5)
    const child = lib.makeData({ type: new lib.Float32(), length: values.length, data: values })
    const type = new lib.List(new lib.Field('element', new lib.Float32()))
    const offsets = Int32Array.from({ length: rows + 1 }, (_, r) => r * dim)
    const embedding = lib.makeVector(
      lib.makeData({ type, length: rows, nullCount: 0, valueOffsets: offsets, child }),
    )
    const label = lib.vectorFromArray(Array.from({ length: rows }, (_, r) => `item ${r}`))
    const table = new lib.Table({ label, embedding })
    const properties = new wasm.WriterPropertiesBuilder()
      .setCompression(wasm.Compression.SNAPPY)
      .setMaxRowGroupSize(1 << 20)
      .build()
    const bytes = wasm.writeParquet(
      wasm.Table.fromIPCStream(lib.tableToIPC(table, 'stream')),
      properties,
    )
    const seconds = await pickFile(page, 'big.parquet', bytes)
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset).toMatchObject({ kind: 'vectors', items: rows, dim })
    expect(state.error).toBeNull()
    const found = await page.evaluate(() => window.embeddingExplorer.search('item 49999'))
    expect(found.labels).toEqual(['item 49999'])
    console.log(
      `big.parquet (${(bytes.length / 2 ** 20).toFixed(0)} MB) loaded in ${seconds.toFixed(1)} s`,
    )
  }, 300_000)
})
