import { describe, expect, it } from 'vitest'
import type { Attribute } from '../../src/model/datasets/types'
import {
  escapeCsvCell,
  fileName,
  formatNumber,
  metadataTsv,
  positionsCsv,
  selectionCsv,
  selectionJson,
  toCsv,
  vectorsTsv,
} from '../../src/model/export'
import { mulberry32 } from '../../src/model/training/random'

/** n·dim seeded float32 values spread over many magnitudes (1e-12 … 1e12), both signs. */
function randomFloats(count: number, seed: number): Float32Array {
  const random = mulberry32(seed)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = (random() - 0.5) * 10 ** Math.floor(random() * 25 - 12)
  return out
}

/** The float32 bits of each value, so a comparison is exact (no toBeCloseTo). */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))

const colour: Attribute = {
  kind: 'categorical',
  name: 'colour',
  categories: ['red', 'dark\tgreen'],
  codes: Int32Array.from([0, 1, -1]),
}
const height: Attribute = {
  kind: 'numeric',
  name: 'height m',
  values: Float32Array.from([1.5, NaN, -2]),
  mean: 0,
  std: 1,
}

describe('escapeCsvCell', () => {
  it('guards cells a spreadsheet would run as formulas', () => {
    expect(escapeCsvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(escapeCsvCell('+1+2')).toBe("'+1+2")
    expect(escapeCsvCell('@cmd')).toBe("'@cmd")
    expect(escapeCsvCell('\t=1')).toBe("'\t=1")
    expect(escapeCsvCell('-')).toBe("'-")
    expect(escapeCsvCell('-2+3')).toBe("'-2+3")
    expect(escapeCsvCell('\r=1')).toBe('"\'\r=1"')
    expect(escapeCsvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"')
  })

  it('leaves plain numbers and ordinary text unchanged', () => {
    for (const s of ['-1.5', '+3', '-2e-7', '.5', '42', 'redwood', 'a=b', '', 'giant sequoia'])
      expect(escapeCsvCell(s)).toBe(s)
  })

  it('quotes commas, quotes and line breaks per RFC 4180', () => {
    expect(escapeCsvCell('a,b')).toBe('"a,b"')
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""')
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"')
    expect(escapeCsvCell('cr\rlf')).toBe('"cr\rlf"')
  })
})

describe('formatNumber', () => {
  it('writes the shortest digits that read back as the same float32', () => {
    expect(formatNumber(Math.fround(0.1))).toBe('0.1')
    expect(formatNumber(Math.fround(1 / 3))).toBe('0.33333334')
    expect(formatNumber(Math.fround(1e-7))).toBe('1e-7')
    expect(formatNumber(Math.fround(-2.5e-12))).toBe('-2.5e-12')
    expect(formatNumber(3)).toBe('3')
    expect(formatNumber(-0)).toBe('-0')
    expect(formatNumber(0.1)).toBe('0.1') // float64, not a float32: String(x)
    expect(formatNumber(1 / 3)).toBe('0.3333333333333333')
    expect(formatNumber(NaN)).toBe('NaN')
  })
})

describe('toCsv', () => {
  it('writes header and rows with LF line ends, escaping every cell', () => {
    const csv = toCsv(
      ['label', 'score'],
      [
        ['=cmd', -1.5],
        ['a,b', 2],
        ['say "x"', 0.25],
      ],
    )
    expect(csv).toBe('label,score\n\'=cmd,-1.5\n"a,b",2\n"say ""x""",0.25\n')
  })

  it('round-trips random float32 values bit for bit', () => {
    const values = randomFloats(2000, 7)
    const lines = toCsv(
      ['v'],
      Array.from(values, (v) => [v]),
    ).split('\n')
    expect(lines[0]).toBe('v')
    const back = Float32Array.from(lines.slice(1, -1), (s) => Math.fround(Number(s)))
    expect(bits(back)).toEqual(bits(values))
  })
})

describe('Projector TSV', () => {
  it('writes vectors with tabs, no header, one line per item', () => {
    const data = Float32Array.from([1, -0.5, 0.25, 3])
    expect(vectorsTsv(data, 2, 2)).toBe('1\t-0.5\n0.25\t3\n')
    expect(() => vectorsTsv(data, 3, 2)).toThrow(RangeError)
  })

  it('round-trips random float32 vectors bit for bit', () => {
    const data = randomFloats(300 * 16, 11)
    const rows = vectorsTsv(data, 300, 16).split('\n')
    expect(rows).toHaveLength(301)
    expect(rows[300]).toBe('')
    const back = Float32Array.from(
      rows.slice(0, -1).flatMap((r) => r.split('\t')),
      (s) => Math.fround(Number(s)),
    )
    expect(bits(back)).toEqual(bits(data))
  })

  it('writes one metadata column with no header', () => {
    expect(metadataTsv(['oak', 'pine'], [])).toBe('oak\npine\n')
  })

  it('writes a header when there are attributes, with missing values empty', () => {
    expect(metadataTsv(['oak', 'pine', 'fir'], [colour, height])).toBe(
      'label\tcolour\theight m\noak\tred\t1.5\npine\tdark green\t\nfir\t\t-2\n',
    )
  })

  it('replaces tabs and line breaks so rows and columns stay intact', () => {
    const labels = ['a\tb', 'c\nd', 'e\r\nf', 'g\rh']
    expect(metadataTsv(labels, [])).toBe('a b\nc d\ne f\ng h\n')
    const renamed: Attribute = {
      ...colour,
      name: 'two\nlines',
      codes: Int32Array.from([1, 0, 0, 0]),
    }
    const lines = metadataTsv(labels, [renamed]).split('\n')
    expect(lines[0]).toBe('label\ttwo lines')
    expect(lines.slice(1, -1).map((l) => l.split('\t').length)).toEqual([2, 2, 2, 2])
  })

  it('keeps __proto__, HTML and Unicode labels as text', () => {
    const labels = ['__proto__', '<b>x</b>', 'Ünïcødé 🌲', 'constructor']
    expect(metadataTsv(labels, [])).toBe('__proto__\n<b>x</b>\nÜnïcødé 🌲\nconstructor\n')
    const parsed = JSON.parse(selectionJson(labels, [0, 1, 2, 3])) as { label: string }[]
    expect(parsed.map((r) => r.label)).toEqual(labels)
    expect(Object.keys(parsed[0])).toEqual(['label', 'index'])
  })

  it('reads back: vectors + metadata split by lines and tabs give the same items', () => {
    const labels = ['redwood', 'giant\tsequoia', 'coconut palm', '__proto__']
    const data = randomFloats(4 * 5, 3)
    const meta = metadataTsv(labels, [{ ...colour, codes: Int32Array.from([0, 1, -1, 0]) }])
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split('\t'))
    const vecs = vectorsTsv(data, 4, 5).split('\n').slice(0, -1)
    expect(meta.map((m) => m[0])).toEqual(['redwood', 'giant sequoia', 'coconut palm', '__proto__'])
    expect(meta.map((m) => m[1])).toEqual(['red', 'dark green', '', 'red'])
    expect(vecs).toHaveLength(meta.length)
    const back = Float32Array.from(vecs.flatMap((r) => r.split('\t').map(Number)))
    expect(bits(back)).toEqual(bits(data))
  })
})

describe('positions and selections', () => {
  it('writes 2D and 3D positions with their headers', () => {
    const xy = Float32Array.from([0.5, -1, 2, 0.25])
    expect(positionsCsv(['a', '=b'], xy, 2)).toBe("label,x,y\na,0.5,-1\n'=b,2,0.25\n")
    expect(positionsCsv(['a'], Float32Array.from([1, 2, 3]), 3)).toBe('label,x,y,z\na,1,2,3\n')
    expect(() => positionsCsv(['a'], xy, 3)).toThrow(RangeError)
  })

  it('writes a selection as CSV, with or without similarities', () => {
    const labels = ['oak', 'pine, scots', '-x']
    expect(selectionCsv(labels, [2, 1])).toBe('label,index\n\'-x,2\n"pine, scots",1\n')
    expect(selectionCsv(labels, [1, 0], { similarity: [0.75, -0.5] })).toBe(
      'label,index,similarity\n"pine, scots",1,0.75\noak,0,-0.5\n',
    )
    expect(() => selectionCsv(labels, [1], { similarity: [1, 2] })).toThrow(RangeError)
  })

  it('writes a selection as pretty JSON', () => {
    const json = selectionJson(['a "q"', 'b'], Int32Array.from([1, 0]), { similarity: [1, 0.5] })
    expect(json).toBe(
      '[\n  {\n    "label": "b",\n    "index": 1,\n    "similarity": 1\n  },\n' +
        '  {\n    "label": "a \\"q\\"",\n    "index": 0,\n    "similarity": 0.5\n  }\n]\n',
    )
  })
})

describe('fileName', () => {
  it('makes safe, non-empty download names of at most 80 characters', () => {
    expect(fileName('trees.csv', 'vectors', 'tsv')).toBe('trees-vectors.tsv')
    expect(fileName('My Data (v2).csv', 'positions', '.csv')).toBe('My-Data-v2-positions.csv')
    expect(fileName('../../etc/passwd', '', 'csv')).toBe('etc-passwd.csv')
    expect(fileName('C:\\data\\a - b.tsv', 'metadata', 'tsv')).toBe('C-data-a-b-metadata.tsv')
    expect(fileName('v1.2 results', 'x', 'json')).toBe('v1.2-results-x.json')
    expect(fileName('', 'metadata', 'tsv')).toBe('embedding-metadata.tsv')
    expect(fileName('日本語.txt', 'sel', 'json')).toBe('embedding-sel.json')
    expect(fileName('.hidden', '', '')).toBe('embedding')
    const long = fileName(`${'x'.repeat(200)}.csv`, 'vectors', 'tsv')
    expect(long).toBe(`${'x'.repeat(68)}-vectors.tsv`)
    expect(long).toHaveLength(80)
  })
})
