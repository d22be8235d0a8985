import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drop, openApp, type Session, startSession } from './browser'

const DEMO = 'test/fixtures/projector-demo'

describe('loading files in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('a dropped Projector folder (config, .bytes, metadata) shows the Iris vectors', async () => {
    const names = ['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv']
    await drop(
      page,
      names.map((name) => ({ name, bytes: readFileSync(`${DEMO}/${name}`) })),
    )
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.kind === 'vectors')
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset).toMatchObject({ kind: 'vectors', items: 150, dim: 4 })
    await page.waitForFunction(() => window.embeddingExplorer.vectors().data.length === 600)
    const v = await page.evaluate(() => Array.from(window.embeddingExplorer.vectors().data))
    const raw = readFileSync(`${DEMO}/iris_tensors.bytes`)
    const expected = Array.from(new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4))
    expect(v).toEqual(expected)

    // Neighbours (cosine, as the app computes them) are mostly of the same class.
    const classes = readFileSync(`${DEMO}/iris_labels.tsv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[4])
    const norm = (i: number) => Math.hypot(...v.slice(i * 4, i * 4 + 4))
    const cos = (i: number, j: number) =>
      v.slice(i * 4, i * 4 + 4).reduce((s, x, t) => s + x * v[j * 4 + t], 0) / (norm(i) * norm(j))
    let same = 0
    for (let i = 0; i < 150; i++) {
      const near = Array.from({ length: 150 }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => cos(i, b) - cos(i, a))
        .slice(0, 10)
      same += near.filter((j) => classes[j] === classes[i]).length
    }
    expect(same / 1500).toBeGreaterThan(0.8)
    const appNear = await page.evaluate(() => window.embeddingExplorer.neighbours('Iris-setosa', 3))
    expect(appNear).toHaveLength(3)
    expect(await page.getByRole('button', { name: /^(Train|Resume)$/ }).isDisabled()).toBe(true)
  })

  it('a bad dropped file gets one message and leaves the Iris vectors loaded', async () => {
    await drop(page, [{ name: 'broken.csv', bytes: Buffer.from('name,colour\nfig,green,extra\n') }])
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'broken.csv line 2: has 3 fields but the header has 2',
    )
    const state = await page.evaluate(() => window.embeddingExplorer.state())
    expect(state.dataset).toMatchObject({ kind: 'vectors', items: 150 })
  })

  it('a .bytes tensor without its config asks for the dimension, suggesting the right one', async () => {
    await drop(page, [
      { name: 'iris_tensors.bytes', bytes: readFileSync(`${DEMO}/iris_tensors.bytes`) },
      { name: 'iris_labels.tsv', bytes: readFileSync(`${DEMO}/iris_labels.tsv`) },
    ])
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.getByLabel('Numbers per vector').inputValue()).toBe('4')
    await dialog.getByRole('button', { name: 'Load' }).click()
    await page.waitForFunction(() => window.embeddingExplorer.vectors().data.length === 600)
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset)).toMatchObject({
      kind: 'vectors',
      items: 150,
      dim: 4,
    })
    expect(await dialog.count()).toBe(0)
  })

  it('a config with several embeddings offers them, and switching loads the other one', async () => {
    const fixture = (name: string) => ({ name, bytes: readFileSync(`test/fixtures/${name}`) })
    const config = JSON.parse(readFileSync('test/fixtures/projector-config-multi.json', 'utf8'))
    config.embeddings = config.embeddings.slice(0, 2) // the two whose files are here
    await drop(page, [
      { name: 'projector_config.json', bytes: Buffer.from(JSON.stringify(config)) },
      fixture('vectors.tsv'),
      fixture('metadata.tsv'),
    ])
    const choice = page.getByLabel('Embedding (from projector_config.json)')
    await choice.waitFor()
    expect(await choice.inputValue()).toBe('Produce')
    const withMetadata = await page.evaluate(() => window.embeddingExplorer.vectors().labels)
    await choice.selectOption('Produce (no metadata)')
    await page.waitForFunction(
      (before) => window.embeddingExplorer.vectors().labels.join() !== before.join(),
      withMetadata,
    )
    expect(await page.evaluate(() => window.embeddingExplorer.vectors().labels)).toEqual([
      '0',
      '1',
      '2',
    ])
  })

  it('the file picker loads a table', async () => {
    await page.getByLabel('Open files').setInputFiles({
      name: 'fruit.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name,colour,size\nfig,purple,small\nolive,green,small\ncoconut,brown,large\n',
      ),
    })
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.name === 'fruit.csv')
    expect(await page.evaluate(() => window.embeddingExplorer.state().dataset)).toMatchObject({
      kind: 'table',
      items: 3,
    })
  })
})
