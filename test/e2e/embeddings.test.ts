import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drop, openApp, type Session, startSession } from './browser'

const sprites = (name: string) => ({
  name,
  bytes: readFileSync(`test/fixtures/sprites/${name}`),
})
const iris = (name: string) => ({
  name,
  bytes: readFileSync(`test/fixtures/projector-demo/${name}`),
})

describe('bringing existing embeddings: sprites, compare with training', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('a Projector folder with a sprite sheet draws thumbnails and shows them in the hover card', async () => {
    await drop(page, [
      sprites('projector_config.json'),
      sprites('vectors.tsv'),
      sprites('metadata.tsv'),
      sprites('sprite-3x2.png'),
    ])
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 6)
    await page.getByRole('tab', { name: 'View' }).click()
    await expect.poll(() => page.getByTestId('show-images').isVisible()).toBe(true)
    await page.evaluate(() => window.embeddingExplorer.select('blue'))
    const thumb = page.getByTestId('neighbour-panel').getByRole('img', { name: 'blue' })
    await expect.poll(() => thumb.count()).toBe(1)
    // The thumbnail is the blue cell of the sheet: read its centre pixel.
    const rgb = await thumb.evaluate((el) => {
      const cv = el as HTMLCanvasElement
      const ctx = cv.getContext('2d')!
      const d = ctx.getImageData(cv.width >> 1, cv.height >> 1, 1, 1).data
      return [d[0], d[1], d[2]]
    })
    expect(rgb[2]).toBeGreaterThan(200)
    expect(rgb[0]).toBeLessThan(60)
  })

  it('a sprite whose grid cannot hold the points gets one message and leaves the data as it was', async () => {
    const seven = Buffer.from(
      readFileSync('test/fixtures/sprites/vectors.tsv', 'utf8').trimEnd() + '\n0.5\t0.5\t0.5\n',
    )
    const config = JSON.parse(readFileSync('test/fixtures/sprites/projector_config.json', 'utf8'))
    config.embeddings[0].tensorShape = [7, 3] // 32×32 thumbnails: the 96×64 sheet holds 6
    const meta = readFileSync('test/fixtures/sprites/metadata.tsv', 'utf8').trimEnd() + '\ngrey\n'
    await drop(page, [
      { name: 'projector_config.json', bytes: Buffer.from(JSON.stringify(config)) },
      { name: 'vectors.tsv', bytes: seven },
      { name: 'metadata.tsv', bytes: Buffer.from(meta) },
      sprites('sprite-3x2.png'),
    ])
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().error))
      .toMatch(/sprite-3x2\.png: .*holds 6 .*but there are 7 points/)
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.items)).toBe(6)
  })

  it('compares the Iris vectors with an embedding trained on their metadata', async () => {
    await drop(page, [
      iris('projector_config.json'),
      iris('iris_tensors.bytes'),
      iris('iris_labels.tsv'),
    ])
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 150)
    await page.getByRole('tab', { name: 'Items' }).click()
    await page.getByRole('button', { name: 'Compare with training' }).click()
    await page.waitForFunction(
      () => window.embeddingExplorer.state().dataset?.kind === 'table',
      undefined,
      { timeout: 60_000 },
    )
    await page.waitForFunction(() => window.embeddingExplorer.state().backend !== null, undefined, {
      timeout: 120_000,
    })
    await page.evaluate(() => window.embeddingExplorer.train({ epochs: 10 }))
    const panel = page.getByTestId('compare-panel')
    await panel.getByRole('button', { name: 'Measure agreement' }).click()
    await expect
      .poll(() => panel.getByTestId('compare-mean').textContent(), { timeout: 60_000 })
      .toMatch(/of each item.s 10 nearest neighbours/)
    const share = Number(
      ((await panel.getByTestId('compare-mean').textContent()) ?? '').match(/([\d.]+) of each/)![1],
    )
    expect(share).toBeGreaterThan(0)
    expect(share).toBeLessThanOrEqual(10)
    // Linked selection: selecting in the main plot shows that item's two neighbour lists.
    const first = await page.evaluate(() => window.embeddingExplorer.vectors().labels[0])
    await page.evaluate((l) => window.embeddingExplorer.select(l), first)
    await expect.poll(() => panel.getByTestId('compare-selected').isVisible()).toBe(true)
  })

  it('word vectors: keeps only the first N words when asked', async () => {
    const glove = Array.from(
      { length: 40 },
      (_, i) =>
        `wörd${i} ${Array.from({ length: 5 }, (_, j) => ((i * 7 + j) % 11) / 10).join(' ')}`,
    ).join('\n')
    await page.getByLabel('Open files').setInputFiles({
      name: 'tiny.glove.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(glove),
    })
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 40)
    await page.getByRole('tab', { name: 'Items' }).click()
    const preview = page.getByTestId('data-preview')
    await preview.locator('summary').click()
    await preview.getByLabel(/Keep only the first/).fill('12')
    await preview.getByRole('button', { name: 'Reload' }).click()
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 12)
    expect(await page.evaluate(() => window.embeddingExplorer.vectors().labels.at(-1))).toBe(
      'wörd11',
    )
  })

  it("the Projector's bookmarks become saved views that set up the projection and selection", async () => {
    const config = JSON.parse(
      readFileSync('test/fixtures/projector-demo/projector_config.json', 'utf8'),
    )
    config.embeddings[0].bookmarksPath = 'bookmarks.txt'
    const bookmarks = JSON.stringify([
      { label: 'Two setosas in t-SNE', selectedProjection: 'tsne', selectedPoints: [0, 1] },
    ])
    await drop(page, [
      { name: 'projector_config.json', bytes: Buffer.from(JSON.stringify(config)) },
      iris('iris_tensors.bytes'),
      iris('iris_labels.tsv'),
      { name: 'bookmarks.txt', bytes: Buffer.from(bookmarks) },
    ])
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 150)
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 saved view')
    await page.getByRole('tab', { name: 'View' }).click()
    await page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'Two setosas in t-SNE', exact: true })
      .click()
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().projection.method))
      .toBe('tsne')
    const labels = await page.evaluate(() => window.embeddingExplorer.vectors().labels)
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      labels[0],
      labels[1],
    ])
  })
})
