// Issue 16, rows 14 and 16 in the browser: a Projector bookmarks file dropped on its own, with
// filteredPoints, adds a saved view that shows only those points and selects the right ones.
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
})
