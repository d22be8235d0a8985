/**
 * Precomputed layouts (issue 15, part 3): x, y (z) columns shown as the 'precomputed' projection,
 * and Embedding Atlas's `neighbors` column used for the neighbour list when there are no vectors.
 * Fixtures from scripts/make-format-fixtures.py (see test/fixtures/formats/README.md).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadFiles, neighboursOf, setProjection } from '../../src/app/session'
import { DatasetError } from '../../src/model/datasets/errors'
import { readNeighbors } from '../../src/model/datasets/layout'
import { parseParquet } from '../../src/model/datasets/parquet'
import type { VectorsDataset } from '../../src/model/datasets/types'
import { PrecomputedProjector } from '../../src/model/projection/precomputed'
import { createProjectionHandler } from '../../src/workers/projectionHandler'
import type { ProjectionEvent } from '../../src/workers/protocol'
import { parseAll } from '../../src/workers/parseHandler'
import { fakeSession } from './fakeWorkers'

const WORDS = ['king', 'queen', 'prince', 'apple', 'pear', 'plum']
const X = [1.0, 1.5, 1.25, -1.0, -1.5, -1.25]
const Y = [0.5, 0.25, 0.75, -0.5, -0.25, -0.75]
const Z = [0.0, 0.1, -0.1, 0.0, 0.1, -0.1]

function bytes(name: string): Uint8Array {
  return new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../fixtures/formats/${name}`, import.meta.url))),
  )
}

const f32 = (xs: number[]) => Array.from(new Float32Array(xs))

describe('reading a precomputed layout', () => {
  it('x, y, z and neighbors columns without vectors: the layout is the data', async () => {
    const ds = (await parseParquet('layout.parquet', bytes('layout.parquet'))) as VectorsDataset
    expect(ds.kind).toBe('vectors')
    expect(ds.labels).toEqual(WORDS)
    expect(ds.layoutOnly).toBe(true)
    expect(ds.layout?.dims).toBe(3)
    const xyz = WORDS.flatMap((_, i) => [X[i], Y[i], Z[i]])
    expect(Array.from(ds.layout!.positions)).toEqual(f32(xyz))
    expect(Array.from(ds.data)).toEqual(f32(xyz))
    expect(ds.data.buffer).not.toBe(ds.layout!.positions.buffer) // data moves, the layout stays
    expect(ds.neighbors?.k).toBe(2)
    expect(Array.from(ds.neighbors!.ids)).toEqual([1, 2, 0, 2, 0, 1, 5, 4, 3, 5, 3, 4])
    expect(ds.attributes.map((a) => a.name)).toEqual(['kind'])
    expect(ds.format).toBe(
      'Parquet of items; precomputed layout (x, y, z), no vectors: neighbours from its "neighbors" column',
    )
  })

  it('vectors with x, y beside them keep the vectors and carry the layout', async () => {
    const ds = (await parseAll([
      { name: 'lv.parquet', bytes: bytes('layout-vectors.parquet') },
    ])) as VectorsDataset
    expect(ds.dim).toBe(4)
    expect(Array.from(ds.data.slice(0, 4))).toEqual([1, 0.5, 0, -0.25])
    expect(ds.layoutOnly).toBeUndefined()
    expect(ds.layout?.dims).toBe(2)
    expect(Array.from(ds.layout!.positions)).toEqual(f32(WORDS.flatMap((_, i) => [X[i], Y[i]])))
    expect(ds.format).toBe(
      'Parquet of {word, embedding} rows, 4 numbers each; precomputed layout (x, y)',
    )
  })

  it('a CSV with x and y columns is a 2-D layout', async () => {
    const text = new TextDecoder().decode(bytes('layout-2d.csv'))
    const ds = (await parseAll([{ name: 'l.csv', text }])) as VectorsDataset
    expect(ds.layout?.dims).toBe(2)
    expect(ds.dim).toBe(2)
    expect(ds.format).toBe(
      'CSV of items; precomputed layout (x, y), no vectors: neighbours measured in the layout',
    )
    await expect(
      parseAll([{ name: 'gap.csv', text: 'name,kind,x,y\na,p,1,2\nb,q,,3\nc,p,2,1\n' }]),
    ).rejects.toThrow('gap.csv: row 2: the layout column "x" holds nothing, not a finite number')
  })

  it('refuses neighbour ids that are not rows and lists that do not pair up', () => {
    const bad = [
      { ids: [1], distances: [0.1] },
      { ids: [7], distances: [0.2] },
    ]
    expect(() => readNeighbors('n.parquet', bad)).toThrow(
      new DatasetError('n.parquet', 'row 2: neighbour id 7 is not a row number from 0 to 1'),
    )
    expect(() => readNeighbors('n.parquet', [{ ids: [1, 0], distances: [0.1] }])).toThrow(
      'n.parquet: row 1: the "neighbors" column has 2 ids but 1 distances',
    )
    const short = readNeighbors('n.parquet', [{ ids: [1], distances: [0.5] }, null])
    expect(Array.from(short.ids)).toEqual([1, -1])
  })
})

describe('the precomputed projection', () => {
  it('shows the layout as it came; 2-D in 3D lies in z = 0, 3-D in 2D drops z', () => {
    const layout = { dims: 2 as const, positions: new Float32Array([1, 2, 3, 4]) }
    const p = new PrecomputedProjector(3, layout)
    p.update(new Float32Array(8), 2)
    expect(p.step()).toBe(true)
    expect(p.step()).toBe(false)
    expect(Array.from(p.positions())).toEqual([1, 2, 0, 3, 4, 0])
    const flat = new PrecomputedProjector(2, { dims: 3, positions: new Float32Array([1, 2, 3]) })
    flat.update(new Float32Array(1), 1)
    flat.step()
    expect(Array.from(flat.positions())).toEqual([1, 2])
    // Vectors of another item count (the dataset before) get no position.
    flat.update(new Float32Array(2), 2)
    expect(Array.from(flat.positions())).toEqual([NaN, NaN, NaN, NaN])
  })

  it('the projection worker posts the layout, and refuses the method without one', () => {
    const posted: ProjectionEvent[] = []
    const h = createProjectionHandler({
      post: (m) => posted.push(m),
      now: () => 0,
      schedule: (fn) => fn(),
      postIntervalMs: 0,
    })
    const positions = new Float32Array([5, 6, 7, 8])
    h.request({ type: 'method', method: 'precomputed', dims: 2, layout: { dims: 2, positions } })
    h.snapshot({
      type: 'snapshot',
      run: 1,
      step: 0,
      epoch: 0,
      loss: null,
      items: 2,
      dim: 2,
      data: new Float32Array([5, 6, 7, 8]),
    })
    const last = posted.filter((m) => m.type === 'positions').at(-1)
    expect(last?.type === 'positions' && [last.method, Array.from(last.positions)]).toEqual([
      'precomputed',
      [5, 6, 7, 8],
    ])
    h.request({ type: 'method', method: 'precomputed', dims: 2 })
    expect(posted.at(-1)).toMatchObject({ type: 'error' })
  })
})

describe('the session with a precomputed layout', () => {
  it('opens on the layout from the first picture and lists the neighbours the file brought', async () => {
    const { session: s, workers } = fakeSession()
    await loadFiles(s, [{ name: 'layout.parquet', bytes: bytes('layout.parquet') }])
    expect(s.store.getState().method).toBe('precomputed')
    const [method] = workers.of('method')
    expect(method).toMatchObject({ method: 'precomputed', dims: 3 })
    expect(method.layout?.positions).toHaveLength(18)
    // The method went out before the dataset, so the first layout is the precomputed one.
    const order = workers.sent.map((m) => m.type)
    expect(order.indexOf('method')).toBeLessThan(order.indexOf('load'))
    expect(neighboursOf(s, 0, 5).map((n) => [n.label, n.distance])).toEqual([
      ['queen', Math.fround(0.1)],
      ['prince', Math.fround(0.2)],
    ])
  })

  it('refuses the method for data without a layout, and leaves it for the next dataset', async () => {
    const { session: s } = fakeSession()
    await loadFiles(s, [{ name: 'layout.parquet', bytes: bytes('layout.parquet') }])
    await loadFiles(s, [{ name: 'three.tsv', text: 'a\t1\t0\nb\t0\t1\nc\t1\t1\n' }])
    expect(s.store.getState().method).toBe('pca')
    expect(() => setProjection(s, { method: 'precomputed' })).toThrow(
      'This dataset has no precomputed layout: load a file with x and y columns (and z) to show one.',
    )
  })
})
