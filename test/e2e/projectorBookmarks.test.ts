// Issue 16, rows 14 to 16 in the browser: a Projector bookmarks file dropped on its own, with
// filteredPoints, adds a saved view that shows only those points and selects the right ones; one
// with per-point t-SNE coordinates shows exactly those, with its camera.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drop, openApp, type Session, startSession } from './browser'

const iris = (name: string) => ({
  name,
  bytes: readFileSync(`test/fixtures/projector-demo/${name}`),
})

describe('Projector bookmarks with filteredPoints', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('row 14/16: a bookmarks file on its own selects within the filtered points', async () => {
    await drop(page, [
      iris('projector_config.json'),
      iris('iris_tensors.bytes'),
      iris('iris_labels.tsv'),
    ])
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 150)
    // Shown: rows 0, 50, 100 and 149; selected: the 2nd and 4th of those (rows 50 and 149).
    const bookmarks = JSON.stringify([
      {
        label: 'One of each',
        selectedProjection: 'pca',
        filteredPoints: [0, 50, 100, 149],
        selectedPoints: [1, 3],
        cameraDef: { orthographic: false },
      },
    ])
    await drop(page, [{ name: 'bookmarks.txt', bytes: Buffer.from(bookmarks) }])
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 saved view')
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset?.items)).toBe(150)
    await page.getByRole('tab', { name: 'View' }).click()
    await page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'One of each', exact: true })
      .click()
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.selection()))
      .toEqual(['Iris-versicolor', 'Iris-virginica'])
    expect(await page.evaluate(() => window.embeddingExplorer.visibleItems())).toEqual([
      'Iris-setosa',
      'Iris-versicolor',
      'Iris-virginica',
      'Iris-virginica',
    ])
    // And out again: the saved views of Iris as a Projector bookmarks file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download for the Projector' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('iris_tensors-bookmarks.txt')
    const states = JSON.parse(readFileSync(await download.path(), 'utf8')) as Array<{
      label: string
      filteredPoints: number[] | null
      selectedPoints: number[]
    }>
    expect(states.find((st) => st.label === 'One of each')).toMatchObject({
      filteredPoints: [0, 50, 100, 149],
      selectedPoints: [1, 3],
    })
  })

  it('row 15: a bookmark with t-SNE projections shows exactly those coordinates, selection and camera', async () => {
    // Iris is still loaded. Coordinates as the Projector saves them after 321 t-SNE iterations:
    // one object per point, with its PCA components too.
    const saved = Array.from({ length: 150 }, (_, i) => [
      Math.floor(i / 50) * 10 + Math.sin(i),
      Math.cos(i) * 3,
      (i % 7) - 3,
    ])
    // The Projector's camera looks at row 50 (the first versicolor) in its stretched units.
    const cube = [0, 1, 2].map((k) => {
      const values = saved.map((p) => p[k])
      const [lo, hi] = [Math.min(...values), Math.max(...values)]
      return -1 + ((saved[50][k] - lo) / (hi - lo)) * 2
    })
    const bookmarks = JSON.stringify([
      {
        label: 'Saved t-SNE',
        selectedProjection: 'tsne',
        tSNEis3d: true,
        tSNEIteration: 321,
        tSNEPerplexity: 25,
        tSNELearningRate: 10,
        pcaComponentDimensions: [0, 1, 2],
        projections: saved.map(([x, y, z]) => ({
          'pca-0': 0.1,
          'pca-1': 0.2,
          'pca-2': 0.3,
          'tsne-0': x,
          'tsne-1': y,
          'tsne-2': z,
        })),
        selectedPoints: [50, 149],
        cameraDef: {
          orthographic: false,
          position: [cube[0] + 0.3, cube[1] + 0.4, cube[2] + 1.5],
          target: cube,
          zoom: 1,
        },
      },
    ])
    await drop(page, [{ name: 'bookmarks.txt', bytes: Buffer.from(bookmarks) }])
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 saved view')
    await page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'Saved t-SNE', exact: true })
      .click()
    await expect
      .poll(() => page.getByTestId('projection-info').textContent())
      .toContain('t-SNE 3D · as saved in the Projector, iteration 321')
    // Exactly the saved coordinates, once the layout has arrived from the projection worker.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const p = window.embeddingExplorer.positions()
          return { dims: p.dims, data: [...p.data] }
        }),
      )
      .toEqual({ dims: 3, data: saved.flat().map(Math.fround) })
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Iris-versicolor',
      'Iris-virginica',
    ])
    // The camera looks at row 50: the first versicolor is drawn in the middle of the plot.
    const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
    await expect
      .poll(async () => {
        const at = await page.evaluate(() =>
          window.embeddingExplorer.screenPosition('Iris-versicolor'),
        )
        return Math.hypot(at![0] - box.width / 2, at![1] - box.height / 2)
      })
      .toBeLessThan(2)
    // Choosing a projection computes it again: the saved coordinates are left.
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'pca' }))
    await expect
      .poll(() => page.getByTestId('projection-info').textContent())
      .not.toContain('as saved')
    expect(await page.evaluate(() => window.embeddingExplorer.state().projection.method)).toBe(
      'pca',
    )
    // The next test expects the first camera.
    await page.evaluate(() => window.embeddingExplorer.setView({ camera: 'reset' }))
  })

  it('row 15: a custom projection saved as its searches is computed over the vectors', async () => {
    const bookmarks = JSON.stringify([
      {
        label: 'Custom axes',
        selectedProjection: 'custom',
        customSelectedSearchByMetadataOption: 'class',
        customXLeftText: 'setosa',
        customXLeftRegex: false,
        customXRightText: 'virginica',
        customXRightRegex: false,
        customYUpText: 'versicolor',
        customYUpRegex: false,
        customYDownText: '^iris-s',
        customYDownRegex: true,
        projections: [],
        cameraDef: { orthographic: true },
      },
    ])
    await drop(page, [{ name: 'bookmarks.txt', bytes: Buffer.from(bookmarks) }])
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 saved view')
    await page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'Custom axes', exact: true })
      .click()
    await expect
      .poll(() => page.getByTestId('projection-info').textContent())
      .toContain(
        "Custom projection 2D · from the Projector's searches (x: setosa → virginica, y: /^iris-s/ → versicolor)",
      )
    // The Projector's rule on the demo's 4-d vectors (under 50 dimensions: taken as they are).
    const bytes = readFileSync('test/fixtures/projector-demo/iris_tensors.bytes')
    const v = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
    const mean = (from: number) =>
      [0, 1, 2, 3].map((d) => {
        let sum = 0
        for (let i = from; i < from + 50; i++) sum += v[i * 4 + d]
        return sum / 50
      })
    const [setosa, versicolor, virginica] = [mean(0), mean(50), mean(100)]
    const x = virginica.map((c, d) => c - setosa[d])
    const y = versicolor.map((c, d) => c - setosa[d])
    const dot = (i: number, dir: number[]) => dir.reduce((a, c, d) => a + c * v[i * 4 + d], 0)
    const expected = Array.from({ length: 150 }, (_, i) => [dot(i, x), dot(i, y)]).flat()
    await expect.poll(() => page.evaluate(() => window.embeddingExplorer.positions().dims)).toBe(2)
    const shown = await page.evaluate(() => [...window.embeddingExplorer.positions().data])
    shown.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 4))
    await page.evaluate(() => window.embeddingExplorer.setView({ camera: 'reset' }))
  })

  it('row 12: a numeric column of few values is coloured by category, and the switch changes it', async () => {
    const legend = page.getByRole('complementary', { name: 'Colour legend' })
    await legend.getByLabel('Colour by').selectOption('petal-width')
    const key = legend.locator('.legend-label')
    await expect.poll(() => key.first().textContent()).toBe('0.2')
    await legend.getByLabel('as numbers').check()
    await expect.poll(() => legend.locator('.ramp').count()).toBe(1)
    expect(await key.count()).toBe(0)
    await legend.getByLabel('as categories').check()
    await expect.poll(() => key.count()).toBeGreaterThan(3)
  })

  it('row 13: a __seq_next__ column draws a line between the points of a sequence', async () => {
    const vectors = Buffer.from('0\t0\t0\n8\t0\t0\n8\t8\t0\n0\t8\t1\n')
    const pixelsAtMiddle = async (column: string) => {
      const meta = `name\t${column}\na\t1\nb\t\nc\t\nd\t\n`
      await drop(page, [
        { name: 'vectors.tsv', bytes: vectors },
        { name: 'metadata.tsv', bytes: Buffer.from(meta) },
      ])
      await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 4)
      await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'pca', dims: 2 }))
      await page.waitForTimeout(800)
      const [a, b] = await page.evaluate(() => [
        window.embeddingExplorer.screenPosition('a'),
        window.embeddingExplorer.screenPosition('b'),
      ])
      const box = (await page.getByTestId('scene').locator('canvas').boundingBox())!
      const x = box.x + (a![0] + b![0]) / 2
      const y = box.y + (a![1] + b![1]) / 2
      return page.screenshot({ clip: { x: x - 3, y: y - 3, width: 7, height: 7 } })
    }
    const without = await pixelsAtMiddle('other')
    const withLine = await pixelsAtMiddle('__seq_next__')
    expect(withLine.equals(without)).toBe(false)
    // And the same file without the sequence again draws no line there.
    expect((await pixelsAtMiddle('other')).equals(without)).toBe(true)
  })

  it('a custom view computed from its searches comes back as it was after a reload', async () => {
    await drop(page, [
      iris('projector_config.json'),
      iris('iris_tensors.bytes'),
      iris('iris_labels.tsv'),
    ])
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 150)
    const bookmarks = JSON.stringify([
      {
        label: 'Kept axes',
        selectedProjection: 'custom',
        customSelectedSearchByMetadataOption: 'class',
        customXLeftText: 'setosa',
        customXRightText: 'versicolor',
        customYUpText: 'virginica',
        customYDownText: 'setosa',
      },
    ])
    await drop(page, [{ name: 'bookmarks.txt', bytes: Buffer.from(bookmarks) }])
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 saved view')
    await page
      .getByTestId('bookmarks')
      .getByRole('button', { name: 'Kept axes', exact: true })
      .click()
    const info =
      "Custom projection 2D · from the Projector's searches (x: setosa → versicolor, y: setosa → virginica)"
    await expect.poll(() => page.getByTestId('projection-info').textContent()).toContain(info)
    await expect.poll(() => page.evaluate(() => window.embeddingExplorer.positions().dims)).toBe(2)
    const before = await page.evaluate(() => [...window.embeddingExplorer.positions().data])
    await page.waitForTimeout(2500) // the session is written at most once a second
    await page.reload()
    await page.waitForFunction(
      () => window.embeddingExplorer?.state().dataset?.items === 150,
      undefined,
      { timeout: 60_000 },
    )
    await expect.poll(() => page.getByTestId('projection-info').textContent()).toContain(info)
    await expect
      .poll(() => page.evaluate(() => [...window.embeddingExplorer.positions().data]))
      .toEqual(before)
  })
})
