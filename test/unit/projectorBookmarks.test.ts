import { describe, expect, it } from 'vitest'
import { parseProjectorBookmarks } from '../../src/app/session/projectorBookmarks'

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
    const [a, b, c] = parseProjectorBookmarks('bookmarks.txt', text, labels, 'iris')
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
    expect(() => parseProjectorBookmarks('bookmarks.txt', '{"a":1}', labels, 'iris')).toThrow(
      'bookmarks.txt: is not a Projector bookmarks file',
    )
    expect(() => parseProjectorBookmarks('bookmarks.txt', '[{', labels, 'iris')).toThrow(
      /bookmarks\.txt: is not valid JSON/,
    )
    expect(() => parseProjectorBookmarks('b.txt', '[3]', labels, 'iris')).toThrow(
      'b.txt: bookmark 1 is not an object',
    )
  })
})
