import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drop, openApp, type Session, startSession } from './browser'

// A dataset switch is one step: state(), vectors() and positions() never describe two datasets.

const DEMO = 'test/fixtures/projector-demo'

interface Sample {
  items: number | null
  labels: number
  dim: number
  data: number
  positions: number
  firstLabel: string | null
}

declare global {
  interface Window {
    samples?: Sample[]
    sampling?: boolean
  }
}

describe('atomic dataset switches in Chromium', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('dropping the Iris demo over trees: every sample of state()/vectors()/positions() is one dataset', async () => {
    // Sampled as often as the page lets a script run: after every task (MessageChannel), not rAF.
    await page.evaluate(() => {
      window.samples = []
      window.sampling = true
      const api = window.embeddingExplorer
      const ch = new MessageChannel()
      ch.port1.onmessage = () => {
        const st = api.state()
        const v = api.vectors()
        const p = api.positions()
        window.samples!.push({
          items: st.dataset?.items ?? null,
          labels: v.labels.length,
          dim: v.dim,
          data: v.data.length,
          positions: p.data.length / p.dims,
          firstLabel: v.labels[0] ?? null,
        })
        if (window.sampling) ch.port2.postMessage(null)
      }
      ch.port2.postMessage(null)
    })
    const names = ['projector_config.json', 'iris_tensors.bytes', 'iris_labels.tsv']
    await drop(
      page,
      names.map((name) => ({ name, bytes: readFileSync(`${DEMO}/${name}`) })),
    )
    await page.waitForFunction(() => window.embeddingExplorer.state().dataset?.items === 150)
    await page.waitForTimeout(500)
    const samples = await page.evaluate(() => {
      window.sampling = false
      return window.samples!
    })
    expect(samples.length).toBeGreaterThan(50)
    const bad = samples.filter(
      (s) => s.items !== s.labels || s.data !== s.labels * s.dim || s.positions !== s.labels,
    )
    expect(bad.slice(0, 3), `${bad.length} of ${samples.length} samples mix two datasets`).toEqual(
      [],
    )
    // Both datasets were seen: trees (309 items) before, Iris (150 × 4) after.
    expect(samples[0].labels).toBe(309)
    expect(samples.at(-1)).toMatchObject({ items: 150, labels: 150, dim: 4, data: 600 })
  })
})
