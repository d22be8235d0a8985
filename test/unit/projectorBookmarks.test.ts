import { describe, expect, it } from 'vitest'
import {
  loadFiles,
  reset,
  restoreKept,
  resumeLiveProjection,
  type Session,
  setProjection,
  showSavedLayout,
  train,
} from '../../src/app/session'
import { openBookmark } from '../../src/app/library/bookmarks'
import { customProjectionLayout } from '../../src/app/library/customProjection'
import { sessionSnapshot } from '../../src/app/session/persistence'
import type { Bookmark } from '../../src/app/session/bookmarkStore'
import {
  looksLikeProjectorBookmarks,
  parseProjectorBookmarks,
} from '../../src/app/session/projectorBookmarks'
import { toProjectorBookmarks } from '../../src/app/session/projectorBookmarksOut'
import { fakeSession } from './fakeWorkers'
import { halfHeight, type PortState, scenePositions } from './projectorPort'

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
    // A custom projection saved without its coordinates has no equivalent here: PCA, named so.
    expect(c.name).toBe('View 3 (custom projection shown as PCA)')
    expect(c.view.method).toBe('pca')
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
    // And back: the same views, the one shown now with the coordinates it was shown with.
    const again = parseProjectorBookmarks('b.txt', out, target)
    expect(again.map((b) => ({ ...b.view, layout: undefined }))).toEqual(
      views.map((b) => ({ ...b.view, layout: undefined })),
    )
    expect(again[0].view.layout).toBeUndefined()
    expect(again[1].view.layout).toMatchObject({ source: 'pca', dims: 2, positions })
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

describe('row 15: saved coordinates, camera, learning rate and custom projections (issue 16)', () => {
  const iris = ['setosa', 'setosa', 'versicolor', 'versicolor', 'virginica', 'virginica']
  const target = { labels: iris, datasetName: 'iris' }
  const parse = (...states: object[]) =>
    parseProjectorBookmarks('bookmarks.txt', JSON.stringify(states), target)
  // What the Projector saves: every projection it computed, per point (PCA always, t-SNE when run).
  const point = (i: number) => ({
    'pca-0': i,
    'pca-1': 1 - i,
    'pca-2': 0.5,
    'tsne-0': i * 3,
    'tsne-1': (i % 2) * 4,
    'tsne-2': -i,
  })

  it('projections: the t-SNE coordinates are the layout, with the iteration it had reached', () => {
    const [v] = parse({
      label: 't-SNE',
      selectedProjection: 'tsne',
      tSNEis3d: true,
      tSNEIteration: 523,
      tSNEPerplexity: 12,
      tSNELearningRate: 50,
      projections: iris.map((_, i) => point(i)),
      selectedPoints: [4],
    })
    expect(v.view).toMatchObject({ method: 'tsne', dims: 3, selection: ['virginica'] })
    expect(v.view.params).toMatchObject({ perplexity: 12, learningRate: 50 })
    expect(v.view.layout).toMatchObject({ source: 'tsne', dims: 3, iteration: 523 })
    expect([...v.view.layout!.positions]).toEqual(
      iris.flatMap((_, i) => [i * 3, (i % 2) * 4, i ? -i : 0]),
    )
    expect(v.note).toBeUndefined()
  })

  it('projections: one per filtered point, in filteredPoints order; unsampled points have none', () => {
    const [v] = parse({
      selectedProjection: 'umap',
      umapIs3d: false,
      filteredPoints: [5, 1, 3],
      projections: [{ 'umap-0': 1, 'umap-1': 2 }, { 'pca-0': 0 }, { 'umap-0': 5, 'umap-1': 6 }],
    })
    const at = (row: number) => [...v.view.layout!.positions.subarray(row * 2, row * 2 + 2)]
    expect(at(5)).toEqual([1, 2])
    expect(at(1)).toEqual([NaN, NaN]) // left out of the Projector's UMAP sample: not drawn
    expect(at(3)).toEqual([5, 6])
    expect(at(0)).toEqual([NaN, NaN]) // not shown by the view
  })

  it('projections: the PCA components the view shows, and none when none was computed', () => {
    const [pca, bare] = parse(
      {
        selectedProjection: 'pca',
        pcaComponentDimensions: [2, 0],
        projections: iris.map((_, i) => point(i)),
      },
      { selectedProjection: 'tsne', projections: iris.map(() => ({ 'pca-0': 1, 'pca-1': 2 })) },
    )
    expect(pca.view.params).toMatchObject({ x: 3, y: 1 })
    expect([...pca.view.layout!.positions.subarray(2, 4)]).toEqual([0.5, 1])
    expect(bare.view.layout).toBeUndefined() // t-SNE had not run: ours computes it
    expect(bare.note).toBeUndefined()
  })

  it('projections of the wrong length or with a missing number are left out, with a note', () => {
    const [short, nulls] = parse(
      { label: 'short', selectedProjection: 'tsne', projections: [point(0), point(1)] },
      {
        label: 'nulls',
        selectedProjection: 'tsne',
        tSNEis3d: false,
        projections: iris.map((_, i) => (i === 2 ? { 'tsne-0': null, 'tsne-1': 1 } : point(i))),
      },
    )
    expect(short.view.layout).toBeUndefined()
    expect(short.note).toBe(
      '"short": Its saved coordinates are not used: it has saved coordinates for 2 points, but shows 6.',
    )
    expect(nulls.view.layout).toBeUndefined()
    expect(nulls.note).toContain("point 3's saved tsne-0, tsne-1 are not all numbers")
  })

  it('tSNELearningRate in range is kept, out of range leaves 0 (automatic)', () => {
    const [a, b] = parse(
      { selectedProjection: 'tsne', tSNELearningRate: 10 },
      { selectedProjection: 'tsne', tSNELearningRate: 5000 },
    )
    expect(a.view.params.learningRate).toBe(10)
    expect(b.view.params.learningRate).toBe(0)
  })

  it('custom: saved coordinates are shown, else its searches are kept; with one empty, PCA and a note', () => {
    const custom = {
      selectedProjection: 'custom',
      customSelectedSearchByMetadataOption: 'label',
      customXLeftText: 'setosa',
      customXLeftRegex: false,
      customXRightText: 'virginica',
      customXRightRegex: false,
      customYUpText: 'versicolor',
      customYUpRegex: false,
      customYDownText: '',
      customYDownRegex: false,
    }
    const [saved, searches, lost] = parse(
      {
        ...custom,
        label: 'axes',
        projections: iris.map((_, i) => ({ 'linear-x': i, 'linear-y': 2 })),
      },
      { ...custom, label: 'searches', customYDownText: '^s', customYDownRegex: true },
      { ...custom, label: 'no axes', projections: [] },
    )
    expect(saved.name).toBe('axes')
    expect(saved.view).toMatchObject({ method: 'pca', dims: 2 })
    expect(saved.view.layout).toMatchObject({ source: 'custom', dims: 2 })
    expect([...saved.view.layout!.positions.subarray(4, 6)]).toEqual([2, 2])
    expect(searches.name).toBe('searches')
    expect(searches.view).toMatchObject({ method: 'pca', dims: 2 })
    expect(searches.view.custom).toEqual({
      field: 'label',
      xLeft: { text: 'setosa', regex: false },
      xRight: { text: 'virginica', regex: false },
      yUp: { text: 'versicolor', regex: false },
      yDown: { text: '^s', regex: true },
    })
    expect(searches.note).toBeUndefined()
    expect(lost.name).toBe('no axes (custom projection shown as PCA)')
    expect(lost.view.layout).toBeUndefined()
    expect(lost.view.custom).toBeUndefined()
    expect(lost.note).toBe(
      '"no axes": The Projector\'s custom projection (x from "setosa" to "virginica", y from nothing ' +
        'to "versicolor") was saved without its coordinates, and a search without text gives a random ' +
        'direction there, which cannot be repeated: the view shows PCA.',
    )
  })

  // Axes of equal spread, so the Projector's per-axis stretch is one scale and framing is exact.
  const square = iris.map((_, i) => ({
    'tsne-0': (i % 3) * 2 - 2,
    'tsne-1': i < 3 ? -2 : 2,
    'tsne-2': i % 2 ? 2 : -2,
  }))

  it('cameraDef: the Projector camera in its stretched units, in the layout’s units', () => {
    const state = {
      selectedProjection: 'tsne' as const,
      tSNEis3d: true,
      projections: square,
      cameraDef: { orthographic: false, position: [1, 0.5, 3], target: [1, 0, 0], zoom: 2 },
    }
    const [v] = parse(state)
    const cam = v.view.layout!.camera!
    // The Projector draws point 2 (2, −2, −2) at (1, −1, −1): its target x = 1 is x = 2 here.
    const drawn = scenePositions({ ...state, filteredPoints: null } as unknown as PortState, 6)
    expect([...drawn.subarray(6, 9)]).toEqual([1, -1, -1])
    expect(cam.target).toEqual([2, 0, 0])
    expect(cam.position).toEqual([2, 1, 6])
    // Half the view's height: 3 · tan 35° / 2 Projector units, × 2 (its units are half-extents).
    expect(cam.halfHeight).toBeCloseTo(
      halfHeight(state.cameraDef as PortState['cameraDef']) * 2,
      12,
    )
  })

  it('cameraDef: written back in the Projector’s units, it reads back as the same camera', () => {
    const [v] = parse({
      label: 'cam',
      selectedProjection: 'tsne',
      tSNEis3d: true,
      projections: square,
      cameraDef: { orthographic: false, position: [0.4, 0.2, 2], target: [0.5, 0, 0], zoom: 1 },
    })
    const [state] = JSON.parse(toProjectorBookmarks([v], iris)) as PortState[]
    expect(state.cameraDef.target).toEqual([0.5, 0, 0])
    expect(state.cameraDef.position.map((x) => +x.toFixed(9))).toEqual([0.4, 0.2, 2])
    expect(state.cameraDef.zoom).toBeCloseTo(1, 12)
    const drawn = scenePositions(state, iris.length)
    expect([...drawn.subarray(0, 3)]).toEqual([-1, -1, -1]) // the saved coordinates, drawn again
    const [again] = parseProjectorBookmarks('b.txt', JSON.stringify([state]), target)
    expect(again.view.layout!.camera!.halfHeight).toBeCloseTo(v.view.layout!.camera!.halfHeight, 9)
    expect(again.view.layout!.camera!.target).toEqual(v.view.layout!.camera!.target)
  })

  it('cameraDef of a 2D view: the orthographic zoom is how much it shows', () => {
    const flat = square.map((p) => ({ 'tsne-0': p['tsne-0'], 'tsne-1': p['tsne-1'] }))
    const [v] = parse({
      selectedProjection: 'tsne',
      tSNEis3d: false,
      projections: flat,
      cameraDef: { orthographic: true, position: [0.5, 0.5, 4], target: [0.5, 0.5, 0], zoom: 1.5 },
    })
    const cam = v.view.layout!.camera!
    expect(cam.target).toEqual([1, 1, 0])
    expect(cam.halfHeight).toBeCloseTo((1.2 / 1.5) * 2, 12)
    const [state] = JSON.parse(toProjectorBookmarks([v], iris)) as PortState[]
    expect(state.cameraDef).toMatchObject({ orthographic: true, target: [0.5, 0.5, 0] })
    expect(state.cameraDef.zoom).toBeCloseTo(1.5, 12)
  })

  it('our shown view writes its coordinates and its camera, in the Projector’s units', () => {
    const [v] = parse({ label: 'live', selectedProjection: 'tsne', tSNEis3d: false })
    const positions = Float32Array.from(square.flatMap((p) => [p['tsne-0'], p['tsne-1']]))
    const view = { ...v, view: { ...v.view, camera: { position: [9, 9, 9], target: [9, 9, 9] } } }
    const out = toProjectorBookmarks([view as typeof v], iris, {
      method: 'tsne',
      dims: 2,
      params: v.view.params,
      positions,
      // Our scene → layout units, as the app works it out from the scene's frame.
      camera: () => ({ target: [2, 2, 0], position: [2, 2, 5], halfHeight: 2.4 }),
    })
    const [state] = JSON.parse(out) as PortState[]
    expect(state.projections[1]).toEqual({ 'tsne-0': 0, 'tsne-1': -2 })
    expect(state.cameraDef).toMatchObject({ orthographic: true, target: [1, 1, 0], zoom: 1 })
    // Without a camera, the Projector's own first camera.
    const none = JSON.parse(toProjectorBookmarks([v], iris)) as PortState[]
    expect(none[0].cameraDef).toEqual({
      orthographic: true,
      position: [0, 0, 4],
      target: [0, 0, 0],
      zoom: 1,
    })
  })
})

describe('row 15: a view with saved coordinates in the session', () => {
  it('shows them as they are, and the view’s own method resumes when asked', async () => {
    const { session: s, workers } = fakeSession()
    await loadFiles(s, [{ name: 'vectors.tsv', text: '1\t2\n3\t4\n5\t6\n' }])
    const layout = {
      dims: 2 as const,
      positions: Float32Array.of(0, 0, 1, 1, NaN, NaN),
      source: 'tsne' as const,
      iteration: 40,
    }
    showSavedLayout(s, { method: 'tsne', params: { perplexity: 2 } }, layout)
    const shown = workers.of('method').at(-1)!
    expect(shown).toMatchObject({ method: 'precomputed', dims: 2 })
    expect([...shown.layout!.positions]).toEqual([0, 0, 1, 1, NaN, NaN])
    const st = s.store.getState()
    expect(st).toMatchObject({ method: 'precomputed', savedLayout: { method: 'tsne', layout } })
    expect(st.projectionParams.tsne.perplexity).toBe(2)
    // Kept with the method that made them: a reload shows them again (t-SNE when they are left).
    expect(sessionSnapshot(s, st)?.view).toMatchObject({ method: 'tsne', layout })
    resumeLiveProjection(s)
    expect(workers.of('method').at(-1)).toMatchObject({ method: 'tsne', dims: 2 })
    expect(workers.of('method').at(-1)!.params).toMatchObject({ perplexity: 2 })
    expect(s.store.getState().savedLayout).toBeNull()
    // Any change of projection leaves them too; 2D/3D (asked of the method shown) computes t-SNE.
    showSavedLayout(s, { method: 'tsne', params: {} }, layout)
    setProjection(s, { method: 'precomputed', dims: 3 })
    expect(s.store.getState()).toMatchObject({ method: 'tsne', dims: 3, savedLayout: null })
    showSavedLayout(s, { method: 'tsne', params: {} }, layout)
    setProjection(s, { method: 'pca' })
    expect(s.store.getState().savedLayout).toBeNull()
    expect(s.store.getState().error).toBeNull()
  })

  it('training moves the vectors: the view’s own method takes over from the saved coordinates', async () => {
    const { session: s, workers } = fakeSession()
    const fruit = 'name,colour\nfig,purple\nolive,green\nlemon,yellow\nmelon,green\n'
    await loadFiles(s, [{ name: 'fruit.csv', text: fruit }])
    const n = s.store.getState().dataset!.labels.length
    const layout = { dims: 2 as const, positions: new Float32Array(n * 2), source: 'umap' as const }
    showSavedLayout(s, { method: 'umap', params: {} }, layout)
    await train(s, { epochs: 1 })
    expect(workers.of('method').at(-1)).toMatchObject({ method: 'umap', dims: 2 })
    expect(s.store.getState().savedLayout).toBeNull()
  })

  const q = (text: string) => ({ text, regex: false })
  const axes = {
    field: 'name',
    xLeft: q('man'),
    xRight: q('woman'),
    yDown: q('king'),
    yUp: q('queen'),
  }
  /** man, woman, king and queen at (1, 0), (0, 1), (2, 2) and (−1, 3), in both workers' hands. */
  async function royals() {
    const fake = fakeSession()
    const vectors = { name: 'vectors.tsv', text: '1\t0\n0\t1\n2\t2\n-1\t3\n' }
    const metadata = {
      name: 'metadata.tsv',
      text: 'name\tkind\nman\tp\nwoman\tp\nking\tr\nqueen\tr\n',
    }
    await loadFiles(fake.session, [vectors, metadata])
    // The fake training worker sends seeded random vectors; the real one sends back the file's.
    fake.workers.sendVectors(Float32Array.of(1, 0, 0, 1, 2, 2, -1, 3), 2)
    return fake
  }

  it('a custom projection’s searches are computed over the loaded vectors and metadata', async () => {
    const { session: s, workers } = await royals()
    const r = await customProjectionLayout(s, axes)
    if (!r || !('layout' in r)) throw new Error(r?.problem)
    // The searches ran here; the projection worker was asked for the axes between their rows.
    expect(workers.of('customAxes').at(-1)!.groups).toEqual({
      xLeft: [0, 1],
      xRight: [1],
      yDown: [2],
      yUp: [3],
    })
    // "man" matches man and woman: x runs from their centroid (0.5, 0.5) to woman (0, 1).
    expect([...r.layout.positions]).toEqual([-0.5, -3, 0.5, 1, 0, -4, 2, 6])
    expect(r.layout).toMatchObject({
      source: 'custom',
      dims: 2,
      computedFrom: 'x: man → woman, y: king → queen',
    })
    const asked = workers.of('customAxes').length
    expect(await customProjectionLayout(s, { ...axes, yUp: q('jack') })).toEqual({
      problem:
        'the search "jack" matches nothing in "name" (the Projector would take a random direction)',
    })
    expect(await customProjectionLayout(s, { ...axes, field: 'colour' })).toEqual({
      problem: 'this dataset has no "colour" column to search',
    })
    expect(workers.of('customAxes')).toHaveLength(asked)
  })

  /** A Projector bookmark of the royals' custom projection, x from `left` to woman. */
  function royalsView(s: Session, left = 'man') {
    const state = {
      label: `From ${left}`,
      selectedProjection: 'custom',
      customSelectedSearchByMetadataOption: 'name',
      customXLeftText: left,
      customXRightText: 'woman',
      customYDownText: 'king',
      customYUpText: 'queen',
    }
    const { labels, name } = s.store.getState().dataset!
    return parseProjectorBookmarks('bookmarks.txt', JSON.stringify([state]), {
      labels,
      datasetName: name,
    })[0]
  }

  it('opened, the axes are shown as saved coordinates; a search matching nothing shows PCA', async () => {
    const { session: s } = await royals()
    await openBookmark(s, royalsView(s))
    expect(s.store.getState()).toMatchObject({
      method: 'precomputed',
      dims: 2,
      savedLayout: { method: 'pca', layout: { source: 'custom' } },
    })
    expect([...s.store.getState().savedLayout!.layout.positions]).toEqual([
      -0.5, -3, 0.5, 1, 0, -4, 2, 6,
    ])
    await openBookmark(s, royalsView(s, 'jack'))
    expect(s.store.getState()).toMatchObject({ method: 'pca', savedLayout: null })
    expect(s.store.getState().notice).toBe(
      '"From jack": Its custom projection cannot be computed: the search "jack" matches nothing in "name" (the Projector would take a random direction). It shows PCA.',
    )
  })

  it('kept with the session: after a reload the same coordinates are shown again', async () => {
    const { session: s } = await royals()
    await openBookmark(s, royalsView(s))
    const state = sessionSnapshot(s, s.store.getState())!
    expect(state.view).toMatchObject({ method: 'pca', dims: 2, layout: { source: 'custom' } })
    const { session: back, workers } = fakeSession()
    const source = s.store.getState().source!
    expect(await restoreKept(back, { source, state }, () => Promise.resolve())).toBe(true)
    expect(back.store.getState()).toMatchObject({
      method: 'precomputed',
      dims: 2,
      notice: null,
      savedLayout: {
        method: 'pca',
        layout: { source: 'custom', computedFrom: 'x: man → woman, y: king → queen' },
      },
    })
    const shown = workers.of('method').at(-1)!
    expect([...shown.layout!.positions]).toEqual([-0.5, -3, 0.5, 1, 0, -4, 2, 6])
    // Coordinates that are not whole rows are not shown: the view's own method is computed.
    const torn = { ...state.view.layout!, positions: new Float32Array(7) }
    const damaged = { ...state, view: { ...state.view, layout: torn } }
    const again = fakeSession()
    const restored = restoreKept(again.session, { source, state: damaged }, () => Promise.resolve())
    expect(await restored).toBe(true)
    expect(again.session.store.getState()).toMatchObject({ method: 'pca', savedLayout: null })
    expect(again.session.store.getState().notice).toMatch(/the saved coordinates shown/)
  })

  it('a projection or another run asked for while the worker computes the axes wins', async () => {
    const { session: s } = await royals()
    const opening = openBookmark(s, royalsView(s))
    setProjection(s, { method: 'umap', dims: 3 })
    await opening
    expect(s.store.getState()).toMatchObject({ method: 'umap', dims: 3, savedLayout: null })
    // Of two custom views opened one after the other, the second is shown.
    const first = openBookmark(s, royalsView(s, 'king'))
    await openBookmark(s, royalsView(s))
    await first
    expect(s.store.getState().savedLayout?.layout.computedFrom).toBe(
      'x: man → woman, y: king → queen',
    )
    // A new run (a reset here; a load begins one the same way): the older vectors' axes are not shown.
    setProjection(s, { method: 'umap', dims: 3 })
    const old = openBookmark(s, royalsView(s))
    reset(s, 5)
    await old
    expect(s.store.getState()).toMatchObject({ method: 'umap', savedLayout: null })
  })
})
