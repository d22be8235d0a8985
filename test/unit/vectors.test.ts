import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DatasetError } from '../../src/model/datasets/errors'
import {
  type InputFile,
  type TextFile,
  isWordVectors,
  parseFiles,
  parseTable,
} from '../../src/model/datasets/index'
import type { Dataset, VectorsDataset } from '../../src/model/datasets/types'

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')
const bundled = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../public/datasets/${name}`, import.meta.url)), 'utf8')

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

const load = (name: string, text: string, options = {}) =>
  asVectors(parseFiles([{ name, text }], options))

/** The message of the error that parsing one file throws. */
const failure = (name: string, text: string, options = {}) =>
  thrown(() => parseFiles([{ name, text }], options)).message

describe('GloVe, word2vec and fastText text', () => {
  it('reads a 5-word GloVe file: Unicode and HTML labels, exact float32 values', () => {
    const ds = load('glove5.txt', fixture('glove5.txt'))
    expect(ds.name).toBe('glove5.txt')
    expect(ds.format).toBe('GloVe text: a word and 4 numbers per line')
    expect(ds.labels).toEqual(['the', 'of', 'café', '東京', '<b>bold</b>'])
    expect(ds.dim).toBe(4)
    const expected = [
      [0.418, 0.24968, -0.41242, 0.1217],
      [0.70853, 0.57088, -0.4716, 0.18048],
      [-0.1, 0.2, 0.003, 4],
      [1, 2, 3, 4],
      [-1.5, 0, 0, 100],
    ]
    expect(ds.data).toEqual(Float32Array.from(expected.flat()))
    expect(ds.data.buffer.byteLength).toBe(20 * 4)
    expect(ds.attributes).toEqual([])
  })

  it('reads word2vec text with a header, CRLF, trailing spaces, duplicates and __proto__', () => {
    const text = fixture('word2vec-header.vec')
    const ds = load('w.vec', text)
    expect(ds.format).toBe(
      'word2vec/fastText text: a "4 3" header line, then a word and 3 numbers per line',
    )
    expect(ds.labels).toEqual(['bank', 'constructor', 'bank', '__proto__'])
    expect(ds.data).toEqual(
      Float32Array.from([0.1, 0.2, 0.3, -1, -2, -3, 1, 1, 1, 0.5, 0.25, 0.125]),
    )
    // The same file named .txt is detected as vectors by its header.
    expect(load('w.txt', text)).toEqual({ ...ds, name: 'w.txt' })
  })

  it('reads a BOM, lone CR line ends and blank lines', () => {
    const ds = load('b.txt', '\uFEFF\ra 1 2\r\r b 3 4 \r')
    expect(ds.labels).toEqual(['a', 'b'])
    expect(Array.from(ds.data)).toEqual([1, 2, 3, 4])
  })

  it('keeps only the first maxItems vectors', () => {
    const glove = load('g.txt', fixture('glove5.txt'), { maxItems: 2 })
    expect(glove.labels).toEqual(['the', 'of'])
    expect(glove.data.length).toBe(8)
    expect(glove.format).toBe('GloVe text: a word and 4 numbers per line; only the first 2 kept')
    // The header's count is checked only as far as the file was read.
    expect(load('w.vec', fixture('word2vec-header.vec'), { maxItems: 3 }).labels).toEqual([
      'bank',
      'constructor',
      'bank',
    ])
    expect(load('g.txt', fixture('glove5.txt'), { maxItems: 5 }).format).not.toMatch(/only/)
    expect(() => load('g.txt', 'a 1 2\nb 3 4\n', { maxItems: 0 })).toThrow(
      'maxItems must be a positive whole number, not 0',
    )
  })

  it('names the line of a missing or extra number', () => {
    const text = 'a 0.1 0.2 0.3\nb 0.1 0.2 0.3\nc 0.1 0.2\n'
    expect(failure('g.txt', text)).toBe(
      'g.txt line 3: expected 3 numbers after the label (as on line 1), found 2',
    )
    expect(failure('g.vec', 'a 1 2\nb 1 2 3\n')).toBe(
      'g.vec line 2: expected 2 numbers after the label (as on line 1), found 3',
    )
    expect(failure('g.vec', 'x 1 2\nalone\n')).toBe(
      'g.vec line 2: expected 2 numbers after the label (as on line 1), found 0',
    )
  })

  it('names the line and column of a value that is not a finite number', () => {
    const e = thrown(() => load('g.vec', 'a 1 2 3\nb 1 abc 3\n'))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('g.vec line 2, column 3: "abc" is not a number')
    expect([(e as DatasetError).line, (e as DatasetError).column]).toEqual([2, 3])
    expect(failure('g.vec', 'a 1 2\nb nan 2\n')).toBe(
      'g.vec line 2, column 2: "nan" is not a finite number',
    )
    expect(failure('g.vec', 'a 1 -Infinity\nb 1 2\n')).toBe(
      'g.vec line 1, column 3: "-Infinity" is not a finite number',
    )
    // Finite as a double, but Infinity as a float32.
    expect(failure('g.vec', 'a 1 2\nb 1 1e39\n')).toBe(
      'g.vec line 2, column 3: "1e39" is not a finite number',
    )
  })

  it('checks the header against the body', () => {
    expect(failure('w.vec', '4 2\na 1 2\nb 3 4\nc 5 6\n')).toBe(
      'w.vec line 1: the header says 4 vectors but the file has 3',
    )
    expect(failure('w.vec', '2 2\na 1 2\nb 3 4\nc 5 6\n')).toBe(
      'w.vec line 1: the header says 2 vectors but the file has 3',
    )
    expect(failure('w.vec', '2 3\na 1 2\nb 3 4\n')).toBe(
      'w.vec line 2: expected 3 numbers after the label (as the header on line 1 says), found 2',
    )
    expect(failure('w.vec', '\n10 3\n\n')).toBe(
      'w.vec line 2: has a "count dimension" header line but no vectors',
    )
    expect(failure('w.vec', ' \n')).toBe('w.vec: the file is empty')
    expect(failure('w.vec', 'a 1 2\n')).toBe(
      'w.vec: has only 1 vector; at least 2 are needed to compare them',
    )
  })

  it('tells word vectors from groups in a .txt', () => {
    expect(isWordVectors(fixture('glove5.txt'))).toBe(true)
    expect(isWordVectors(fixture('word2vec-header.vec'))).toBe(true)
    expect(isWordVectors(bundled('forests.txt'))).toBe(false)
    expect(isWordVectors(bundled('words.txt'))).toBe(false)
    expect(parseFiles([{ name: 'words.txt', text: bundled('words.txt') }]).kind).toBe('groups')
    // Baskets of whole-number ids of varying length stay groups.
    expect(isWordVectors('12 34 56\n7 8 9 10\n11 12 13\n')).toBe(false)
    expect(parseFiles([{ name: 'b.txt', text: '12 34 56\n7 8 9 10\n' }]).kind).toBe('groups')
    // Equal lengths, or fractions, make vectors.
    expect(isWordVectors('a 1 2\nb 3 4\n')).toBe(true)
    expect(isWordVectors('a 0.5 2 3\nb 3 4\n')).toBe(true)
    // A sentence with a couple of numbers is not a vector.
    expect(isWordVectors('Room 101 is on floor 2\nThe cat sat\n')).toBe(false)
    // A bad value in an otherwise numeric file still reads as vectors, so the error says where.
    expect(failure('g.txt', 'a 0.1 0.2 0.3\nb 0.1 oops 0.3\n')).toBe(
      'g.txt line 2, column 3: "oops" is not a number',
    )
  })

  it('parses 20,000 × 50 GloVe text into the right rows (its speed is in npm run bench)', () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) =>
        `w${i} ${Array.from({ length: 50 }, (_, j) => ((i * 31 + j) % 997) / 1000).join(' ')}`,
    )
    const ds = load('big.txt', lines.join('\n'))
    expect(ds.labels.length).toBe(20_000)
    expect(ds.data[19_999 * 50 + 49]).toBe(Math.fround(((19_999 * 31 + 49) % 997) / 1000))
  })
})

describe('CSV and TSV of labels and numbers', () => {
  it('reads a header with a label column, or no header', () => {
    const ds = load('v.csv', 'word,x,y\napple,1,2\npear,3,4.5\n')
    expect(ds.format).toBe('CSV of labels and vectors, 2 numbers each')
    expect(ds.labels).toEqual(['apple', 'pear'])
    expect(Array.from(ds.data)).toEqual([1, 2, 3, 4.5])
    expect(load('v.csv', 'apple,1,2\npear,3,4.5\n')).toEqual(ds)
    expect(load('v.tsv', 'apple\t1\t2\r\npear\t3\t4.5\r\n').format).toBe(
      'TSV of labels and vectors, 2 numbers each',
    )
  })

  it("reads pandas' header of column numbers, and a label column anywhere", () => {
    const pandas = load('p.csv', ',0,1,2\napple,1,2,3\npear,4,5,6\n')
    expect(pandas.labels).toEqual(['apple', 'pear'])
    expect(pandas.dim).toBe(3)
    expect(load('p.csv', 'word,0,1\na,1,2\nb,3,4\n').labels).toEqual(['a', 'b'])
    const last = load('l.csv', 'x,y,Label\n1,2,a\n3,4,b\n')
    expect(last.labels).toEqual(['a', 'b'])
    expect(Array.from(last.data)).toEqual([1, 2, 3, 4])
  })

  it('numbers items from 0 when every column is numeric', () => {
    const ds = load('n.csv', '0.5,1,2\n3,4,5\n6,7,8\n')
    expect(ds.labels).toEqual(['0', '1', '2'])
    expect(ds.format).toBe('CSV of vectors, 3 numbers each, no labels: items are numbered from 0')
    expect(load('n.tsv', 'x\ty\n1\t2\n3\t4\n').labels).toEqual(['0', '1'])
  })

  it('reads quoted labels the same way as plain ones', () => {
    const quoted = load('q.csv', '"Smith, J.",1,2\n"say ""hi""",3,4\n')
    expect(quoted.labels).toEqual(['Smith, J.', 'say "hi"'])
    expect(Array.from(quoted.data)).toEqual([1, 2, 3, 4])
    const plain = load('q.csv', 'a,1,2\nb,3,4\n')
    expect(load('q.csv', '"a",1,2\n"b",3,4\n')).toEqual(plain)
    expect(failure('q.csv', '"a",1,2\n"b",3\n')).toBe('q.csv line 2: has 2 fields but line 1 has 3')
    // A bad value among the first 1,000 rows makes it a table; after them, an error.
    expect(parseFiles([{ name: 'q.csv', text: '"a",1,2\n"b",3,x\n"c",4,y\n' }]).kind).toBe('table')
    const rows = Array.from({ length: 1100 }, (_, i) => `"w${i}",${i},1`)
    rows[1050] = '"w",1,x'
    expect(failure('q.csv', rows.join('\n'))).toBe('q.csv line 1051, column 3: "x" is not a number')
    rows[1050] = '" ",1,2'
    expect(failure('q.csv', rows.join('\n'))).toBe('q.csv line 1051, column 1: the label is empty')
  })

  it('keeps tables tables: trees.csv, a missing number, a single numeric column', () => {
    const trees = bundled('trees.csv')
    expect(parseFiles([{ name: 'trees.csv', text: trees }])).toEqual(parseTable('trees.csv', trees))
    const missing = 'name,h,w\na,1,2\nb,,3\n'
    expect(parseFiles([{ name: 'm.csv', text: missing }]).kind).toBe('table')
    expect(parseFiles([{ name: 'm.csv', text: 'name,h\na,1\nb,2\n' }]).kind).toBe('table')
    expect(parseFiles([{ name: 'm.csv', text: 'name,h,kind\na,1,x\nb,2,y\n' }]).kind).toBe('table')
  })

  it('reports a bad row after the rows used for detection', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `w${i},${i},${i / 2}`)
    rows[1400] = 'w1400,1400,n/a'
    expect(failure('late.csv', rows.join('\n'))).toBe(
      'late.csv line 1401, column 3: "n/a" is not a number',
    )
    rows[1400] = 'w1400,1400'
    expect(failure('late.csv', rows.join('\n'))).toBe(
      'late.csv line 1401: expected 2 numbers after the label (as on line 1), found 1',
    )
    rows[1400] = 'w1400,1400,'
    expect(failure('late.csv', rows.join('\n'))).toBe(
      'late.csv line 1401, column 3: a number is missing (the field is empty)',
    )
  })
})

describe('input files', () => {
  const glove = fixture('glove5.txt')

  it('decodes UTF-8 bytes, with or without a BOM, like text', () => {
    const utf8 = new TextEncoder().encode(glove)
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])
    const fromText = load('g.txt', glove)
    expect(asVectors(parseFiles([{ name: 'g.txt', bytes: utf8 }]))).toEqual(fromText)
    expect(asVectors(parseFiles([{ name: 'g.txt', bytes: withBom }]))).toEqual(fromText)
  })

  it('rejects bytes that are not UTF-8, UTF-16 and NUL bytes', () => {
    const bad: InputFile = { name: 'x.csv', bytes: new Uint8Array([0x61, 0x2c, 0xc3, 0x28]) }
    expect(thrown(() => parseFiles([bad])).message).toBe(
      'x.csv: is not UTF-8 text (is it a binary file?)',
    )
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00])
    expect(thrown(() => parseFiles([{ name: 'u.txt', bytes: utf16 }])).message).toBe(
      'u.txt: is UTF-16 text: save it as UTF-8',
    )
    expect(failure('n.csv', 'a,b\nc,\0d\n')).toBe(
      'n.csv line 2: contains a NUL byte: this looks like a binary file, not text',
    )
    const nul = new Uint8Array([0x61, 0x0a, 0x00])
    expect(thrown(() => parseFiles([{ name: 'n.json', bytes: nul }])).message).toBe(
      'n.json line 2: contains a NUL byte: this looks like a binary file, not text',
    )
  })

  it('still accepts TextFile, and names unsupported extensions', () => {
    const file: TextFile = { name: 'g.vec', text: glove }
    expect(parseFiles([file]).kind).toBe('vectors')
    expect(failure('x.xlsx', 'PK')).toBe(
      'x.xlsx: .xlsx files are not supported yet: load a .csv, .tsv, .txt, .vec, .json, .jsonl, .bytes, .npy, .npz, .parquet, .arrow or .feather file',
    )
  })
})
