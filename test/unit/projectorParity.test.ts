// Issue 16, rows 1–11: each exact input of the table, read as the TensorFlow Embedding Projector
// reads it (tensorboard vz_projector data-provider.ts, data.ts, the data panel).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadFiles, setColorAs, setColorBy } from '../../src/app/session'
import { sequenceLinks } from '../../src/model/datasets/sequences'
import { colorCategories } from '../../src/viz/palette'
import { type InputFile, parseFiles, parseWithExtras } from '../../src/model/datasets/index'
import type { Dataset, VectorsDataset } from '../../src/model/datasets/types'
import { fakeSession } from './fakeWorkers'

const demo = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/projector-demo/${name}`, import.meta.url)))

function vectors(ds: Dataset): VectorsDataset {
  if (ds.kind !== 'vectors') throw new Error(`expected vectors, got ${ds.kind}`)
  return ds
}
const load = (files: InputFile[]) => vectors(parseFiles(files))
const lone = (text: string) => load([{ name: 'vectors.tsv', text }])
const rows = (ds: VectorsDataset) =>
  Array.from({ length: ds.labels.length }, (_, i) =>
    Array.from(ds.data.subarray(i * ds.dim, (i + 1) * ds.dim)),
  )
const failure = (files: InputFile[]) => {
  try {
    parseFiles(files)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected an error')
}
const vec3 = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n' }

describe('Projector parity: reading files (issue 16)', () => {
  it('row 1: a lone vectors.tsv "1\\t2\\n2\\t3\\n" has 2 points (no header taken)', () => {
    const ds = lone('1\t2\n2\t3\n')
    expect(rows(ds)).toEqual([
      [1, 2],
      [2, 3],
    ])
    expect(ds.labels).toEqual(['0', '1'])
  })

  it('row 2: a lone vectors.tsv whose first row counts 0… keeps all 3 points', () => {
    const ds = lone('0.5\t0\n0.25\t0.7\n0.75\t0.1\n')
    expect(ds.labels).toHaveLength(3)
    expect(rows(ds)[0]).toEqual([0.5, 0])
    expect(rows(ds)[2]).toEqual([0.75, Math.fround(0.1)])
  })

  it('row 3: trailing and leading tabs are trimmed, as the Projector trims each line', () => {
    for (const text of ['1.5\t2.5\t\n3\t4\t\n', '\t1.5\t2.5\n3\t4\n']) {
      const ds = lone(text)
      expect(rows(ds)).toEqual([
        [1.5, 2.5],
        [3, 4],
      ])
    }
    // The same in a tensor read with metadata and in a config's TSV tensor.
    const meta = { name: 'metadata.tsv', text: 'a\nb\n' }
    const ds = load([{ name: 'vectors.tsv', text: '1.5\t2.5\t\n3\t4\t\n' }, meta])
    expect(ds.dim).toBe(2)
    expect(ds.labels).toEqual(['a', 'b'])
    // A pandas index header (an empty first cell, then 0, 1, …) is still a header.
    expect(lone('\t0\t1\nx\t0.5\t1.5\ny\t2\t3\n').labels).toHaveLength(2)
  })

  it('row 4: metadata with fewer or more lines than vectors loads with a warning', () => {
    const fewer = load([vec3, { name: 'metadata.tsv', text: 'a\nb\n' }])
    expect(fewer.labels).toEqual(['a', 'b', 'Unknown #2'])
    expect(fewer.warnings).toEqual([
      'metadata.tsv describes 2 items but vectors.tsv has 3 vectors: item 2 has no metadata',
    ])
    const more = load([
      vec3,
      { name: 'metadata.tsv', text: 'name\tc\na\tx\nb\ty\nc\tx\nd\ty\ne\tx\n' },
    ])
    expect(more.labels).toEqual(['a', 'b', 'c'])
    expect(more.warnings?.[0]).toMatch(
      /describes 5 items but vectors.tsv has 3 vectors: its last 2/,
    )
    // Where a header line explains the difference the Projector refuses, and so do we.
    expect(failure([vec3, { name: 'metadata.tsv', text: 'label\na\nb\nc\n' }])).toMatch(
      /With one column, metadata has no header line/,
    )
    expect(failure([vec3, { name: 'metadata.tsv', text: 'a\tx\nb\ty\nc\tz\n' }])).toMatch(
      /is the header line missing/,
    )
  })

  it('row 4: the user sees the count mismatch warning when the files load', async () => {
    const { session: s } = fakeSession()
    await loadFiles(s, [vec3, { name: 'metadata.tsv', text: 'a\nb\n' }])
    expect(s.store.getState().dataset?.labels).toEqual(['a', 'b', 'Unknown #2'])
    expect(s.store.getState().notice).toBe(
      'metadata.tsv describes 2 items but vectors.tsv has 3 vectors: item 2 has no metadata',
    )
  })

  it('row 5: a trailing tab or an extra empty cell in a metadata row is ignored', () => {
    const ds = load([
      vec3,
      { name: 'metadata.tsv', text: 'name\tcolour\na\tred\t\nb\tblue\t\t\nc\tred\n' },
    ])
    expect(ds.labels).toEqual(['a', 'b', 'c'])
    expect(ds.attributes.map((a) => a.name)).toEqual(['name', 'colour'])
    expect(ds.warnings).toBeUndefined()
  })

  it('row 6: a metadata header with an empty last name loads', () => {
    const ds = load([
      vec3,
      { name: 'metadata.tsv', text: 'name\tcolour\t\na\tred\t\nb\tblue\t\nc\tred\t\n' },
    ])
    expect(ds.labels).toEqual(['a', 'b', 'c'])
    expect(ds.metadata?.names).toEqual(['name', 'colour', ''])
  })

  it('row 7: a metadata row with an empty label loads, its label missing', () => {
    const ds = load([
      vec3,
      { name: 'metadata.tsv', text: 'name\tcolour\na\tred\n\tblue\nc\tred\n' },
    ])
    expect(ds.labels).toEqual(['a', 'Unknown #1', 'c'])
  })

  it('row 8: an empty metadataPath or bookmarksPath in a config is treated as absent', () => {
    const config = {
      name: 'projector_config.json',
      text: JSON.stringify({
        embeddings: [
          { tensorName: 't', tensorPath: 'vectors.tsv', metadataPath: '', bookmarksPath: '' },
        ],
      }),
    }
    const ds = load([config, vec3])
    expect(ds.labels).toEqual(['0', '1', '2'])
    // No note about a bookmarks file that was "not dropped".
    expect(parseWithExtras([config, vec3]).extras).toMatchObject({ bookmarks: null, missing: null })
  })

  it('row 9: a config .bytes whose length disagrees with tensorShape[0] loads with a warning', () => {
    const bytes = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer)
    const config = (rows: number) => ({
      name: 'projector_config.json',
      text: JSON.stringify({
        embeddings: [{ tensorName: 't', tensorPath: 't.bytes', tensorShape: [rows, 2] }],
      }),
    })
    for (const promised of [5, 2]) {
      const ds = load([config(promised), { name: 't.bytes', bytes }])
      expect(rows(ds)).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ])
      expect(ds.warnings).toEqual([
        `t.bytes has 3 vectors of 2 numbers (24 bytes) but the tensorShape [${promised},2] of "t" in projector_config.json says ${promised}: showing the 3 there are`,
      ])
    }
  })

  it('row 10: a config TSV tensor ignores its tensorShape, whatever it says', () => {
    for (const tensorShape of [[7, 9], [3], 'x', [0, 0]]) {
      const config = {
        name: 'projector_config.json',
        text: JSON.stringify({
          embeddings: [{ tensorName: 't', tensorPath: 'vectors.tsv', tensorShape }],
        }),
      }
      const ds = load([config, vec3])
      expect([ds.labels.length, ds.dim]).toEqual([3, 2])
    }
  })

  it('row 11: the first text column labels the points (Iris: class)', () => {
    const ds = load([
      { name: 'projector_config.json', text: demo('projector_config.json').toString('utf8') },
      { name: 'iris_tensors.bytes', bytes: new Uint8Array(demo('iris_tensors.bytes')) },
      { name: 'iris_labels.tsv', text: demo('iris_labels.tsv').toString('utf8') },
    ])
    expect(ds.labels[0]).toBe('Iris-setosa')
    expect(new Set(ds.labels).size).toBe(3)
    // Numbers only: the first column.
    const numeric = load([vec3, { name: 'metadata.tsv', text: 'id\tscore\n10\t1\n11\t2\n12\t3\n' }])
    expect(numeric.labels).toEqual(['10', '11', '12'])
  })

  it('row 12: a column of at most 50 distinct numbers is coloured by category; a switch overrides', async () => {
    const ds = load([
      { name: 'projector_config.json', text: demo('projector_config.json').toString('utf8') },
      { name: 'iris_tensors.bytes', bytes: new Uint8Array(demo('iris_tensors.bytes')) },
      { name: 'iris_labels.tsv', text: demo('iris_labels.tsv').toString('utf8') },
    ])
    const petal = ds.attributes.find((a) => a.name === 'petal-width')!
    expect(petal.kind).toBe('numeric')
    const cats = colorCategories(petal, 'auto')
    expect(cats?.categories.slice(0, 4)).toEqual(['0.1', '0.2', '0.3', '0.4'])
    expect(cats?.categories[cats.codes[0]]).toBe('0.2') // 5.1 3.5 1.4 0.2 Iris-setosa
    expect(colorCategories(petal, 'numbers')).toBeNull()
    // 51 distinct values: a ramp, unless the user asks for categories.
    const wide = { ...petal, values: Float32Array.from({ length: 51 }, (_, i) => i) }
    expect(colorCategories(wide, 'auto')).toBeNull()
    expect(colorCategories(wide, 'categories')?.categories).toHaveLength(51)
    // The switch is view state; choosing another column goes back to the Projector's rule.
    const { session: s } = fakeSession()
    await loadFiles(s, [vec3, { name: 'metadata.tsv', text: 'name\tn\na\t1\nb\t2\nc\t1\n' }])
    setColorBy(s, 'n')
    setColorAs(s, 'numbers')
    expect(s.store.getState().colorAs).toBe('numbers')
    setColorBy(s, 'name')
    expect(s.store.getState().colorAs).toBe('auto')
  })

  it('row 13: __seq_next__ / __next__ metadata links each point to the next of its sequence', () => {
    const vectors = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n7\t8\n9\t1\n' }
    const meta = {
      name: 'metadata.tsv',
      text: 'word\t__seq_next__\t__next__\na\t1\t\nb\t2\t\nc\t\t\nd\t\t4\ne\tx\t9\n',
    }
    const ds = load([vectors, meta])
    // a→b→c is one sequence, d→e another; "x" and row 9 are no rows.
    expect(Array.from(sequenceLinks(ds.metadata, ds.labels.length)!)).toEqual([0, 1, 1, 2, 3, 4])
    expect(sequenceLinks(load([vec3, { name: 'm.tsv', text: 'a\nb\nc\n' }]).metadata, 3)).toEqual(
      null,
    )
  })
})
