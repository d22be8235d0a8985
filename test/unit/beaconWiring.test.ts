import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../src/model/training/random'
import { createParseHandler } from '../../src/workers/parseHandler'
import { createProjectionHandler } from '../../src/workers/projectionHandler'
import type { ParseEvent, ProjectionEvent } from '../../src/workers/protocol'

// The workers' handlers hand their beacon to every long computation: these count its calls
// during a projection's rebuild and a big text parse (each call is one clock read in a worker).

function vectors(n: number, dim: number, seed = 5): Float32Array {
  const random = mulberry32(seed)
  return Float32Array.from({ length: n * dim }, () => random() - 0.5)
}

/** A projection handler whose scheduled passes run when `drain` is called. */
function projectionRig() {
  const posted: ProjectionEvent[] = []
  const tasks: (() => void)[] = []
  let ticks = 0
  let clock = 0
  const handler = createProjectionHandler({
    post: (msg) => posted.push(msg),
    now: () => clock,
    schedule: (fn) => tasks.push(fn),
    tick: () => ticks++,
  })
  const drain = (passes: number) => {
    for (let i = 0; i < passes && tasks.length; i++) {
      clock += 40
      tasks.shift()!()
    }
  }
  return { posted, handler, drain, ticks: () => ticks }
}

const N = 1500
const DIM = 64

describe('the beacon reaches every long computation of the workers', () => {
  for (const [method, knn] of [
    ['umap', 'exact'],
    ['umap', 'approximate'],
    ['tsne', 'exact'],
    ['pca', ''],
  ] as const)
    it(`projection: ${method}${knn ? ` (${knn} kNN)` : ''} calls it while it rebuilds`, () => {
      const { handler, drain, ticks, posted } = projectionRig()
      // The knn mode is a string parameter of the projectors; the handler passes params through.
      const params = (knn ? { knn } : {}) as unknown as Record<string, number>
      handler.request({ type: 'method', method, dims: 2, params })
      handler.snapshot({
        type: 'snapshot',
        run: 1,
        step: 1,
        epoch: 1,
        loss: null,
        items: N,
        dim: DIM,
        data: vectors(N, DIM),
      })
      drain(2) // the first pass takes the snapshot and pays for the rebuild
      expect(posted.filter((m) => m.type === 'error')).toEqual([])
      // Exact kNN of 1,500 points: 36 block pairs; PCA at 64 dims: its projection's row blocks.
      expect(ticks()).toBeGreaterThanOrEqual(method === 'pca' ? 2 : 10)
    })

  it('projection: measuring quality calls it (exact kNN twice, trustworthiness)', () => {
    const { handler, drain, ticks } = projectionRig()
    handler.snapshot({
      type: 'snapshot',
      run: 1,
      step: 1,
      epoch: 1,
      loss: null,
      items: N,
      dim: DIM,
      data: vectors(N, DIM),
    })
    drain(2)
    const before = ticks()
    handler.request({ type: 'quality', k: 10 })
    expect(ticks() - before).toBeGreaterThanOrEqual(2 * 21 + 10)
  })

  it('parse: a big vectors TSV calls it every 256 lines', async () => {
    let ticks = 0
    const posted: ParseEvent[] = []
    const handle = createParseHandler({ post: (m) => posted.push(m), tick: () => ticks++ })
    const rows = 4000
    const random = mulberry32(9)
    const text = Array.from(
      { length: rows },
      (_, i) => `w${i}\t${Array.from({ length: 8 }, () => random().toFixed(4)).join('\t')}`,
    ).join('\n')
    await handle({ type: 'parse', id: 1, files: [{ name: 'v.tsv', text }] })
    const parsed = posted.find((m) => m.type === 'parsed')
    expect(parsed && parsed.type === 'parsed' && parsed.dataset.labels.length).toBe(rows)
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(rows / 256))
  })
})
