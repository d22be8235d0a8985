import { describe, expect, it } from 'vitest'
import { loadFiles } from '../../src/app/session'
import type { Bookmark } from '../../src/app/session/bookmarkStore'
import {
  looksLikeProjectorBookmarks,
  parseProjectorBookmarks,
  toProjectorBookmarks,
} from '../../src/app/session/projectorBookmarks'
import { fakeSession } from './fakeWorkers'

const labels = ['setosa', 'versicolor', 'virginica']

describe('Projector bookmarks as named views', () => {
  it('maps label, projection, 2D camera, PCA components and selected points', () => {
    const text = JSON.stringify([
      {
        label: 'Setosa cluster',
        selectedProjection: 'tsne',
        selectedPoints: [0, 2, 99, -1, 1.5],
        cameraDef: { orthographic: true },
      },
      { label: 'PCA 2-3-4', selectedProjection: 'pca', pcaComponentDimensions: [1, 2, 3] },
      { selectedProjection: 'custom' },
    ])
    const [a, b, c] = parseProjectorBookmarks('bookmarks.txt', text, {
      labels,
      datasetName: 'iris',
    })
    expect(a.name).toBe('Setosa cluster')
    expect(a.view).toMatchObject({ method: 'tsne', dims: 2, selection: ['setosa', 'virginica'] })
    expect(b.view.method).toBe('pca')
    expect(b.view.dims).toBe(3)
    expect(b.view.params).toMatchObject({ x: 2, y: 3, z: 4 })
    expect(c.name).toBe('View 3')
    expect(c.view.method).toBe('pca') // a custom projection has no equivalent here
    expect(a.datasetName).toBe('iris')
  })

  it('names the file when it is not a bookmarks list', () => {
    expect(() =>
      parseProjectorBookmarks('bookmarks.txt', '{"a":1}', { labels, datasetName: 'iris' }),
    ).toThrow('bookmarks.txt: is not a Projector bookmarks file')
    expect(() =>
      parseProjectorBookmarks('bookmarks.txt', '[{', { labels, datasetName: 'iris' }),
    ).toThrow(/bookmarks\.txt: is not valid JSON/)
    expect(() => parseProjectorBookmarks('b.txt', '[3]', { labels, datasetName: 'iris' })).toThrow(
      'b.txt: bookmark 1 is not an object',
    )
  })
})

describe('Projector parity: bookmarks (issue 16)', () => {
  const iris = ['setosa', 'setosa', 'versicolor', 'versicolor', 'virginica', 'virginica']
  const target = { labels: iris, datasetName: 'iris', attributes: ['class', 'petal'] }

  it('row 14: selectedPoints index the filteredPoints subset, repeated labels kept apart', () => {
    const text = JSON.stringify([{ label: 'f', filteredPoints: [1, 3, 5], selectedPoints: [0, 2] }])
    const [v] = parseProjectorBookmarks('bookmarks.txt', text, target)
    expect(v.view.filter).toEqual([1, 3, 5])
    expect(v.view.selectionIndices).toEqual([1, 5])
    expect(v.view.selection).toEqual(['setosa', 'virginica'])
    // Without a filter the indices are the dataset's rows.
    const [w] = parseProjectorBookmarks(
      'b.txt',
      JSON.stringify([{ selectedPoints: [0, 2] }]),
      target,
    )
    expect(w.view.selectionIndices).toEqual([0, 2])
    expect(w.view.filter).toBeUndefined()
  })

  it('row 15: PCA components up to 10, t-SNE/UMAP parameters and 2D, colour and label options', () => {
    const text = JSON.stringify([
      { selectedProjection: 'pca', pcaComponentDimensions: [6, 8, 9] },
      { selectedProjection: 'tsne', tSNEPerplexity: 12, tSNEis3d: false },
      { selectedProjection: 'umap', umapNeighbors: 40, umapIs3d: true },
      { selectedColorOptionName: 'class', selectedLabelOption: 'petal', cameraDef: {} },
      { selectedColorOptionName: 'No color map', selectedLabelOption: 'nope', cameraDef: {} },
      { selectedProjection: 'tsne', tSNEPerplexity: 1e9 },
      { selectedColorOptionName: 'petal', forceCategoricalColoring: true },
    ])
    const [pca, tsne, umap, options, none, far, forced] = parseProjectorBookmarks(
      'b.txt',
      text,
      target,
    )
    expect(pca.view).toMatchObject({ method: 'pca', dims: 3, params: { x: 7, y: 9, z: 10 } })
    expect(tsne.view).toMatchObject({ method: 'tsne', dims: 2, params: { perplexity: 12 } })
    expect(umap.view).toMatchObject({ method: 'umap', dims: 3, params: { nNeighbors: 40 } })
    expect(options.view).toMatchObject({ colorBy: 'class', labelBy: 'petal' })
    expect(none.view).toMatchObject({ colorBy: null, labelBy: null })
    expect(far.view.params.perplexity).toBe(30) // out of range: the default stays
    expect(forced.view).toMatchObject({ colorBy: 'petal', colorAs: 'categories' })
    expect(options.view.colorAs).toBeUndefined()
    expect(JSON.parse(toProjectorBookmarks([forced], iris))[0].forceCategoricalColoring).toBe(true)
  })

  it('row 16: a bookmarks file on its own is recognised, and our views export as one', () => {
    const text = JSON.stringify([{ label: 'a', selectedProjection: 'pca', selectedPoints: [1] }])
    expect(looksLikeProjectorBookmarks(text)).toBe(true)
    expect(looksLikeProjectorBookmarks('oak pine\nfir\n')).toBe(false)
    expect(looksLikeProjectorBookmarks('[{"name": "oak"}]')).toBe(false)
    const views = parseProjectorBookmarks(
      'b.txt',
      JSON.stringify([
        { label: 'f', filteredPoints: [1, 3, 5], selectedPoints: [2], selectedProjection: 'umap' },
        { label: 'p', selectedPoints: [4], pcaComponentDimensions: [0, 1] },
      ]),
      target,
    )
    const positions = Float32Array.from({ length: 12 }, (_, i) => i / 10)
    const out = toProjectorBookmarks(views, iris, {
      method: 'pca',
      dims: 2,
      params: views[1].view.params,
      positions,
    })
    const states = JSON.parse(out) as Record<string, unknown>[]
    expect(states[0]).toMatchObject({
      label: 'f',
      selectedProjection: 'umap',
      filteredPoints: [1, 3, 5],
      selectedPoints: [2],
      umapIs3d: true,
      projections: [],
    })
    expect(states[1]).toMatchObject({
      label: 'p',
      selectedProjection: 'pca',
      pcaComponentDimensions: [0, 1],
      selectedPoints: [4],
      filteredPoints: null,
      cameraDef: { orthographic: true },
    })
    expect((states[1].projections as object[])[5]).toEqual({
      'pca-0': Math.fround(1),
      'pca-1': Math.fround(1.1),
    })
    // And back: the same views.
    const again = parseProjectorBookmarks('b.txt', out, target)
    expect(again.map((b) => b.view)).toEqual(views.map((b) => b.view))
  })
})

describe('row 16: a bookmarks file dropped on its own (session)', () => {
  it('adds its views to the loaded dataset instead of loading it as data', async () => {
    const { session: s } = fakeSession()
    const vectors = { name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n' }
    await loadFiles(s, [vectors, { name: 'metadata.tsv', text: 'a\nb\nc\n' }])
    const added: Bookmark[][] = []
    s.loading.addViews = (views) => {
      added.push(views)
      return Promise.resolve({ notice: `${views.length} added` })
    }
    const text = JSON.stringify([{ label: 'v', selectedPoints: [2] }])
    const summary = await loadFiles(s, [{ name: 'bookmarks.txt', text }])
    expect(summary.name).toBe('vectors.tsv')
    expect(added[0].map((b) => b.view.selection)).toEqual([['c']])
    expect(s.store.getState().notice).toBe('1 added')
    expect(s.store.getState().dataset?.labels).toEqual(['a', 'b', 'c'])
  })

  it('says to load the data first when nothing is loaded', async () => {
    const { session: s } = fakeSession()
    const text = JSON.stringify([{ selectedPoints: [0] }])
    await expect(loadFiles(s, [{ name: 'bookmarks.txt', text }])).rejects.toThrow(
      'bookmarks.txt: is a Projector bookmarks file: load the data it was made for first',
    )
  })
})
