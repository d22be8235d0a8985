import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  type InputFile,
  listProjectorEmbeddings,
  parseFiles,
  type ParseOptions,
} from '../../src/model/datasets/index'
import type { CategoricalAttribute, Dataset, VectorsDataset } from '../../src/model/datasets/types'

const demo = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/projector-demo/${name}`, import.meta.url)))
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')

/** The error a function throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

function asVectors(ds: Dataset): VectorsDataset {
  if (ds.kind !== 'vectors') throw new Error(`expected vectors, got ${ds.kind}`)
  return ds
}

const load = (files: InputFile[], options: ParseOptions = {}) =>
  asVectors(parseFiles(files, options))
const failure = (files: InputFile[], options: ParseOptions = {}) =>
  thrown(() => parseFiles(files, options)).message

function categorical(ds: VectorsDataset, name: string): CategoricalAttribute {
  const a = ds.attributes.find((x) => x.name === name)
  if (a?.kind !== 'categorical') throw new Error(`no categorical ${name}`)
  return a
}

describe("the Projector's own Iris demo", () => {
  const bytes = new Uint8Array(demo('iris_tensors.bytes'))
  const config = { name: 'projector_config.json', text: demo('projector_config.json').toString() }
  const tensors = { name: 'iris_tensors.bytes', bytes }
  const labels = { name: 'iris_labels.tsv', text: demo('iris_labels.tsv').toString() }
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
  const classColumn = labels.text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[4])

  function expectIris(ds: VectorsDataset) {
    expect(ds.labels).toHaveLength(150)
    expect(ds.dim).toBe(4)
    expect(ds.data).toEqual(floats)
    expect(ds.data.buffer).not.toBe(bytes.buffer) // a copy the app may transfer
    // The first column that is not numbers labels the points, as in the Projector's data panel.
    expect(ds.labels).toEqual(classColumn)
    const cls = categorical(ds, 'class')
    expect(cls.categories).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'])
    expect(Array.from(cls.codes.slice(0, 3))).toEqual([0, 0, 0])
    expect(cls.codes[149]).toBe(2)
    expect(ds.attributes.map((a) => `${a.name}:${a.kind}`)).toEqual([
      'sepal-length:numeric',
      'sepal-width:numeric',
      'petal-length:numeric',
      'petal-width:numeric',
      'class:categorical',
    ])
  }

  it('reads projector_config.json with the tensors and metadata it names, in any order', () => {
    const ds = load([config, tensors, labels])
    expectIris(ds)
    expect(ds.name).toBe('iris_tensors.bytes')
    expect(ds.format).toBe(
      'Embedding Projector config projector_config.json: "Iris", float32 .bytes vectors ' +
        'iris_tensors.bytes (150 × 4) with metadata iris_labels.tsv',
    )
    expect(load([labels, tensors, config])).toEqual(ds)
    expect(listProjectorEmbeddings(config)).toEqual([
      {
        tensorName: 'Iris',
        tensorShape: [150, 4],
        tensorPath: 'iris_tensors.bytes',
        metadataPath: 'iris_labels.tsv',
        bookmarksPath: undefined,
        spriteImagePath: undefined,
      },
    ])
  })

  it('reads the tensors and metadata without the config, given the dimension', () => {
    const ds = load([tensors, labels], { bytesDim: 4 })
    expectIris(ds)
    expect(ds.format).toBe(
      'Embedding Projector float32 .bytes vectors iris_tensors.bytes (150 × 4) with metadata iris_labels.tsv',
    )
    expect(failure([labels, tensors])).toBe(
      'iris_tensors.bytes: holds float32 numbers without their shape: give the dimension ' +
        '(numbers per vector) (with the 150 items of iris_labels.tsv it would be 4), or drop it ' +
        'together with its projector_config.json',
    )
    const alone = load([tensors], { bytesDim: 4 })
    expect(alone.labels.slice(0, 3)).toEqual(['0', '1', '2'])
    expect(alone.format).toBe(
      'Embedding Projector float32 .bytes vectors iris_tensors.bytes (150 × 4), no metadata: items are numbered from 0',
    )
    expect(failure([tensors])).toMatch(
      /^iris_tensors\.bytes: holds float32 numbers without their shape: give the dimension \(numbers per vector\), or drop/,
    )
  })

  it('checks the size of a .bytes file', () => {
    const short = { name: 'iris_tensors.bytes', bytes: bytes.slice(0, 2396) }
    // Not whole vectors: refused (the Projector would show a 3-number last vector).
    expect(failure([config, short, labels])).toBe(
      'iris_tensors.bytes: has 2396 bytes, which is not a whole number of vectors of 4 float32 numbers (16 bytes each)',
    )
    expect(failure([tensors], { bytesDim: 7 })).toBe(
      'iris_tensors.bytes: has 2400 bytes, which is not a whole number of vectors of 7 float32 numbers (28 bytes each)',
    )
    expect(failure([{ name: 'e.bytes', bytes: new Uint8Array(0) }], { bytesDim: 2 })).toBe(
      'e.bytes: the file is empty',
    )
    expect(() => parseFiles([tensors], { bytesDim: 2.5 })).toThrow(
      'bytesDim must be a positive whole number, not 2.5',
    )
  })

  it('rejects a non-finite float and a .bytes file given as text', () => {
    const nan = bytes.slice()
    new DataView(nan.buffer).setFloat32(4 * 9, NaN, true)
    expect(failure([{ name: 't.bytes', bytes: nan }], { bytesDim: 4 })).toBe(
      't.bytes: number 10 (vector 3, dimension 2) is NaN, not a finite number',
    )
    expect(failure([config, { name: 'iris_tensors.bytes', text: 'abc' }, labels])).toBe(
      'iris_tensors.bytes: is a binary .bytes file but was read as text: read it as bytes',
    )
  })

  it('names the config and the file it names that was not dropped', () => {
    expect(failure([config, labels])).toBe(
      'projector_config.json: names iris_tensors.bytes as the tensorPath of "Iris", but that ' +
        'file was not dropped: drop it together with the config',
    )
    expect(failure([config])).toMatch(/names iris_tensors\.bytes as the tensorPath/)
    expect(failure([tensors, config])).toBe(
      'projector_config.json: names iris_labels.tsv as the metadataPath of "Iris", but that ' +
        'file was not dropped: drop it together with the config',
    )
  })
})

describe('vectors.tsv + metadata.tsv', () => {
  const vectors = { name: 'vectors.tsv', text: fixture('vectors.tsv') }
  const metadata = { name: 'metadata.tsv', text: fixture('metadata.tsv') }

  it('pairs the files by content, whatever their names and order', () => {
    const ds = load([vectors, metadata])
    expect(ds.name).toBe('vectors.tsv')
    expect(ds.format).toBe(
      'Embedding Projector TSV vectors vectors.tsv (3 × 3) with metadata metadata.tsv',
    )
    expect(ds.labels).toEqual(['apple', 'pear', 'kale'])
    expect(Array.from(ds.data)).toEqual(
      Array.from(Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -1, -2, -3)),
    )
    expect(categorical(ds, 'kind').categories).toEqual(['fruit', 'vegetable'])
    expect(Array.from(categorical(ds, 'kind').codes)).toEqual([0, 0, 1])
    const renamed = load([
      { name: 'b.tsv', text: metadata.text },
      { name: 'a.tsv', text: vectors.text },
    ])
    expect(renamed).toEqual({
      ...ds,
      name: 'a.tsv',
      format: ds.format.replace('vectors.tsv', 'a.tsv').replace('metadata.tsv', 'b.tsv'),
    })
  })

  it('says whether a header line explains a count mismatch', () => {
    const mismatch = {
      name: 'metadata-header-mismatch.tsv',
      text: fixture('metadata-header-mismatch.tsv'),
    }
    expect(failure([vectors, mismatch])).toBe(
      'metadata-header-mismatch.tsv: has 4 lines but vectors.tsv has 3 rows (is its first line ' +
        'a header? With one column, metadata has no header line)',
    )
    const noHeader = { name: 'metadata.tsv', text: 'apple\tfruit\npear\tfruit\nkale\tveg\n' }
    expect(failure([vectors, noHeader])).toBe(
      'metadata.tsv: has 3 lines but vectors.tsv has 3 rows (its first line is read as a header ' +
        'because it has 2 columns: is the header line missing?)',
    )
    // Any other difference: the Projector warns and matches the first rows up (issue 16, row 4).
    expect(load([vectors, { name: 'metadata.tsv', text: 'a\nb\nc\nd\ne\n' }]).warnings).toEqual([
      'metadata.tsv describes 5 items but vectors.tsv has 3 vectors: its last 2 lines are not used',
    ])
    expect(load([vectors, { name: 'metadata.tsv', text: 'w\tk\na\tx\n' }]).warnings).toEqual([
      'metadata.tsv describes 1 item but vectors.tsv has 3 vectors: items 1 to 2 have no metadata',
    ])
  })

  it('reads one-column metadata as labels: duplicates, __proto__, HTML and Unicode kept', () => {
    const meta = { name: 'labels.tsv', text: '\uFEFF__proto__\r\n<i>x</i>\r\n\r\n__proto__\r\n' }
    const ds = load([meta, vectors])
    expect(ds.labels).toEqual(['__proto__', '<i>x</i>', '__proto__'])
    expect(categorical(ds, 'label').categories).toEqual(['<i>x</i>', '__proto__'])
    const named = { name: 'm.tsv', text: 'id\tName\n1\tÄpfel\n2\t東京\n3\tconstructor\n' }
    expect(load([vectors, named]).labels).toEqual(['Äpfel', '東京', 'constructor'])
    // The first column that is not numbers, whatever the names (the Projector's data panel).
    const both = { name: 'm.tsv', text: 'word\titem\na\tx\nb\ty\nc\tz\n' }
    expect(load([vectors, both]).labels).toEqual(['a', 'b', 'c'])
    const gap = { name: 'm.tsv', text: '\n\nword\t\na\tx\n' }
    expect(load([vectors, gap]).labels).toEqual(['a', 'Unknown #1', 'Unknown #2'])
  })

  it('reports bad rows in either file', () => {
    const ragged = { name: 'vectors.tsv', text: '1\t2\t3\n4\t5\n6\t7\t8\n' }
    expect(failure([ragged, metadata])).toBe(
      'vectors.tsv line 2: expected 3 numbers (as on line 1), found 2',
    )
    // A cell beyond the header's columns is ignored, as the Projector ignores it.
    const extra = { name: 'metadata.tsv', text: 'w\tk\na\tx\nb\ty\tz\nc\tx\n' }
    expect(load([vectors, extra]).labels).toEqual(['a', 'b', 'c'])
    // Not every row numbers: the names decide, and the error says where.
    const bad = { name: 'my_vectors.tsv', text: '0.1\t0.2\n0.3\tx\n' }
    expect(failure([{ name: 'my_metadata.tsv', text: 'a\nb\n' }, bad])).toBe(
      'my_vectors.tsv line 2, column 2: "x" is not a number',
    )
    expect(
      failure([
        { name: 'a.tsv', text: 'w\tk\n' },
        { name: 'b.tsv', text: 'x\ny\n' },
      ]),
    ).toBe(
      "b.tsv: cannot tell which of a.tsv and b.tsv holds the vectors: the Projector's vectors " +
        'file has only numbers, one row per item (name the files vectors.tsv and metadata.tsv)',
    )
  })

  it('names a header line or spaces in vectors.tsv', () => {
    const header = { name: 'vectors.tsv', text: 'd0\td1\n1\t2\n3\t4\n' }
    const meta = { name: 'metadata.tsv', text: 'a\nb\n' }
    expect(failure([header, meta])).toBe(
      'vectors.tsv line 1: starts with a header line, which a vectors file has not',
    )
    const spaces = { name: 'vectors.tsv', text: '\n0.1 0.2\n0.3 0.4\n' }
    expect(failure([spaces, meta])).toBe(
      'vectors.tsv line 2: has no tabs: the Projector separates numbers with tabs',
    )
  })

  it('reads vectors.tsv alone with items numbered from 0', () => {
    const ds = load([vectors])
    expect(ds.labels).toEqual(['0', '1', '2'])
    expect(ds.format).toBe('TSV of vectors, 3 numbers each, no labels: items are numbered from 0')
  })
})

describe('projector_config.json with several embeddings', () => {
  const config = { name: 'projector_config.json', text: fixture('projector-config-multi.json') }
  const vectors = { name: 'vectors.tsv', text: fixture('vectors.tsv') }
  const metadata = { name: 'metadata.tsv', text: fixture('metadata.tsv') }
  // Not UTF-8: it must never be decoded as text.
  const sprite = { name: 'sprite.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff]) }

  it('reads the first, names the others and notes what is not shown', () => {
    const ds = load([config, vectors, metadata, sprite])
    expect(ds.labels).toEqual(['apple', 'pear', 'kale'])
    expect(ds.format).toBe(
      'Embedding Projector config projector_config.json: "Produce", TSV vectors vectors.tsv ' +
        '(3 × 3) with metadata metadata.tsv; the config also has "Produce (no metadata)", ' +
        '"Elsewhere"',
    )
    expect(listProjectorEmbeddings(config).map((e) => e.tensorName)).toEqual([
      'Produce',
      'Produce (no metadata)',
      'Elsewhere',
    ])
    expect(listProjectorEmbeddings(config)[0]).toEqual({
      tensorName: 'Produce',
      tensorShape: [3, 3],
      tensorPath: 'oss_data/vectors.tsv',
      metadataPath: 'oss_data/metadata.tsv',
      bookmarksPath: 'oss_data/bookmarks.txt',
      spriteImagePath: 'oss_data/sprite.png',
      spriteImageDim: [28, 28],
    })
  })

  it('picks an embedding by name', () => {
    const ds = load([config, vectors, metadata], { embedding: 'Produce (no metadata)' })
    expect(ds.labels).toEqual(['0', '1', '2'])
    expect(ds.format).toBe(
      'Embedding Projector config projector_config.json: "Produce (no metadata)", TSV vectors ' +
        'vectors.tsv (3 × 3), no metadata: items are numbered from 0; the config also has ' +
        '"Produce", "Elsewhere"; not used: metadata.tsv',
    )
    expect(failure([config, vectors], { embedding: 'Elsewhere' })).toBe(
      'projector_config.json: names elsewhere.bytes as the tensorPath of "Elsewhere", but that ' +
        'file was not dropped: drop it together with the config',
    )
    expect(failure([config, vectors], { embedding: 'Nope' })).toBe(
      'projector_config.json: has no embedding named "Nope"; it has "Produce", "Produce (no metadata)", "Elsewhere"',
    )
  })

  it('ignores the tensorShape of a TSV tensor and takes labels from its first column', () => {
    const entry = (shape: string) => ({
      name: 'c.json',
      text: `{"embeddings": [{"tensorName": "X", "tensorPath": "v.tsv"${shape}}]}`,
    })
    const v = { name: 'v.tsv', text: vectors.text }
    for (const shape of [', "tensorShape": [4, 3]', ', "tensorShape": [3, 2]']) {
      const ds = load([entry(shape), v])
      expect([ds.labels.length, ds.dim]).toEqual([3, 3])
    }
    const labelled = { name: 'v.tsv', text: 'a\t1\t2\nb\t3\t4\n' }
    const ds = load([entry(''), labelled])
    expect(ds.labels).toEqual(['a', 'b'])
    expect(ds.format).toMatch(/, no metadata: labels from its first column$/)
  })

  it('rejects configs it cannot follow, naming the config', () => {
    const c = (text: string): InputFile[] => [{ name: 'c.json', text }, vectors]
    expect(failure(c('{"embeddings": []}'))).toBe('c.json: lists no embeddings')
    expect(failure(c('{"embeddings": [{"tensorName": "T"}]}'))).toBe(
      'c.json: "T" has no tensorPath (tensors stored in a model checkpoint cannot be read here)',
    )
    const short = [{ name: 't.bytes', bytes: new Uint8Array(8) }]
    expect(
      failure(c('{"embeddings": [{"tensorPath": "t.bytes", "tensorShape": [3]}]}').concat(short)),
    ).toBe('c.json: "Embedding 1": tensorShape must be [rows, dimension], not [3]')
    expect(
      failure(
        c('{"embeddings": [{"tensorPath": "t.bytes"}]}').concat([
          { name: 't.bytes', bytes: new Uint8Array(8) },
        ]),
      ),
    ).toBe('c.json: "Embedding 1" needs a tensorShape [rows, dimension] to read the binary t.bytes')
    expect(failure(c('{"embeddings": [\n  {"tensorPath": "v.tsv",}\n]}'))).toBe(
      'c.json line 2, column 26: invalid JSON: expected a key in double quotes',
    )
  })
})

describe('what is not a Projector config', () => {
  it('reads a word "embeddings" mapped to a vector as data', () => {
    const ds = parseFiles([{ name: 'm.json', text: '{"embeddings": [1, 2], "vectors": [3, 4]}' }])
    expect(ds.kind).toBe('vectors')
    expect(ds.labels).toEqual(['embeddings', 'vectors'])
  })

  it('keeps the generic message for other files dropped together', () => {
    const csv = { name: 'vectors.csv', text: '1,2\n3,4\n' }
    expect(failure([csv, { name: 'meta.json', text: '[]' }])).toBe(
      'meta.json: loading several files together is not supported yet',
    )
  })
})
