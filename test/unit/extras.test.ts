import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { matchBaseName, plainExtras } from '../../src/model/datasets/extras'
import { parseWithExtras } from '../../src/model/datasets/index'
import { createParseHandler } from '../../src/workers/parseHandler'
import type { ParseEvent } from '../../src/workers/protocol'

const iris = (name: string) => readFileSync(`test/fixtures/projector-demo/${name}`)
const config = (entry: Record<string, unknown>) => ({
  name: 'projector_config.json',
  text: JSON.stringify({
    embeddings: [
      {
        tensorName: 'Iris',
        tensorShape: [150, 4],
        tensorPath: 'oss_data/iris_tensors.bytes',
        metadataPath: 'oss_data/iris_labels.tsv',
        ...entry,
      },
      { tensorName: 'Other', tensorPath: 'other.tsv' },
    ],
  }),
})
const tensors = { name: 'iris_tensors.bytes', bytes: new Uint8Array(iris('iris_tensors.bytes')) }
const labels = { name: 'iris_labels.tsv', text: iris('iris_labels.tsv').toString('utf8') }

describe('a load’s extras, read with the config by one rule', () => {
  it('names the sprite (with its cell) and bookmarks the config points at, among all dropped files', () => {
    const bookmarks = { name: 'Bookmarks.TXT', text: '[]' }
    const { dataset, extras } = parseWithExtras(
      [
        config({
          sprite: { imagePath: 'imgs/sprite.png', singleImageDim: [8, 8] },
          bookmarksPath: 'a/bookmarks.txt',
        }),
        tensors,
        labels,
        bookmarks,
      ],
      {},
      ['sprite.png'],
    )
    expect(dataset.labels).toHaveLength(150)
    expect(extras).toEqual({
      embeddingNames: ['Iris', 'Other'],
      sprite: { file: 'sprite.png', cell: [8, 8] },
      bookmarks: 'Bookmarks.TXT',
      missing: null,
    })
    // The bookmarks file is the config's, not an unused data file.
    expect(dataset.format).not.toMatch(/not used/)
  })

  it('says which optional files the config names but were not dropped', () => {
    const { extras } = parseWithExtras(
      [config({ sprite: { imagePath: 'sprite.png' }, bookmarksPath: 'b.txt' }), tensors, labels],
      {},
    )
    expect(extras.sprite).toBeNull()
    expect(extras.bookmarks).toBeNull()
    expect(extras.missing).toBe(
      'projector_config.json also names sprite.png (the sprite image) and b.txt (the bookmarks file), which were not dropped: drop them together with the config to see them.',
    )
  })

  it('prefers an exact base name over one that differs only in case', () => {
    expect(matchBaseName(['SPRITE.png', 'sprite.png'], 'x/sprite.png')).toBe('sprite.png')
    expect(matchBaseName(['SPRITE.png'], 'x/sprite.png')).toBe('SPRITE.png')
    expect(matchBaseName(['other.png'], 'sprite.png')).toBeUndefined()
  })

  it('without a config, one dropped image is the sprite', () => {
    expect(plainExtras(['vectors.tsv', 'thumbs.JPG'])).toEqual({
      embeddingNames: [],
      sprite: { file: 'thumbs.JPG' },
      bookmarks: null,
      missing: null,
    })
    expect(plainExtras(['vectors.tsv']).sprite).toBeNull()
  })

  it('the parse worker answers with the extras beside the dataset', async () => {
    const posted: ParseEvent[] = []
    const handle = createParseHandler({ post: (m) => posted.push(m) })
    await handle({
      type: 'parse',
      id: 7,
      files: [config({ sprite: { imagePath: 'sprite.png' } }), tensors, labels],
      otherNames: ['sprite.png'],
    })
    const parsed = posted.find((m) => m.type === 'parsed')
    expect(parsed).toMatchObject({ id: 7, extras: { sprite: { file: 'sprite.png' } } })
  })
})
