import { describe, expect, it } from 'vitest'
import { DatasetError } from '../../src/model/datasets/errors'
import { parseFiles, parseTable } from '../../src/model/datasets/index'
import type { Dataset, TableDataset, VectorsDataset } from '../../src/model/datasets/types'

/** The error a function throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

const load = (name: string, text: string) => parseFiles([{ name, text }])
const failure = (name: string, text: string) => thrown(() => load(name, text)).message

function asTable(ds: Dataset): TableDataset {
  if (ds.kind !== 'table') throw new Error(`expected a table, got ${ds.kind}`)
  return ds
}

function asVectors(ds: Dataset): VectorsDataset {
  if (ds.kind !== 'vectors') throw new Error(`expected vectors, got ${ds.kind}`)
  return ds
}

describe('JSON and JSON Lines tables', () => {
  const objects = [
    { name: 'Oak', group: 'broadleaf', height: 40, evergreen: false, tags: ['a'] },
    { name: 'Pine', group: 'conifer', height: 2.5e1, evergreen: true },
    { name: 'Fir', height: null, evergreen: true, tags: [] },
  ]
  const csv =
    'name,group,height,evergreen\nOak,broadleaf,40,false\nPine,conifer,25,true\nFir,,,true\n'

  it('reads a list of objects like the same table in CSV; nested values are ignored', () => {
    const ds = asTable(load('trees.json', JSON.stringify(objects, null, 2)))
    const table = parseTable('trees.csv', csv)
    expect(ds.format).toBe('JSON table of items with attributes')
    expect(ds.name).toBe('trees.json')
    expect(ds.labelColumn).toBe('name')
    expect(ds.labels).toEqual(['Oak', 'Pine', 'Fir'])
    expect(ds.attributes).toEqual(table.attributes)
    expect(ds.ignored).toEqual([
      { column: 'tags', reason: 'holds lists or objects, not single values' },
    ])
  })

  it('reads JSON Lines with a BOM, CRLF and blank lines', () => {
    const text = '\uFEFF' + objects.map((o) => JSON.stringify(o)).join('\r\n\r\n') + '\r\n'
    const ds = asTable(load('trees.jsonl', text))
    expect(ds.format).toBe('JSON Lines table of items with attributes')
    expect(ds.attributes).toEqual(parseTable('trees.csv', csv).attributes)
  })

  it('treats __proto__ and constructor as ordinary keys and labels, duplicates kept', () => {
    const text = JSON.stringify([
      { label: '__proto__', kind: 'a' },
      { label: 'constructor', kind: 'b' },
      { label: '__proto__', kind: 'a', extra: 1 },
    ]).replace('"extra"', '"__proto__"')
    const ds = asTable(load('p.json', text))
    expect(ds.labels).toEqual(['__proto__', 'constructor', '__proto__'])
    expect(ds.ignored).toEqual([{ column: '__proto__', reason: 'has the same value in every row' }])
    const kind = ds.attributes.find((a) => a.name === 'kind')
    expect(kind?.kind === 'categorical' && kind.categories).toEqual(['a', 'b'])
  })

  it('reports table problems with the line of the item', () => {
    expect(failure('e.json', '[\n {"name": "a", "g": 1},\n {"name": "  ", "g": 2}\n]')).toBe(
      'e.json line 3, column 2: item 2 has an empty "name"',
    )
    expect(failure('e.jsonl', '{"name": "a", "g": 1}\n\n{"g": 2}\n')).toBe(
      'e.jsonl line 3: item 2 has an empty "name"',
    )
    expect(failure('o.json', '[{"name": "a"}, {"name": "b"}]')).toBe(
      'o.json line 1, column 2: each object needs a label and at least one attribute',
    )
    expect(failure('s.json', '[{"name": "a", "g": 1}, {"name": "b", "g": 1}]')).toBe(
      's.json: has no key that can be learned from',
    )
  })
})

describe('JSON vectors', () => {
  it('reads a list of {word, vector} objects; other keys become attributes', () => {
    const text = JSON.stringify([
      { word: 'king', vector: [0.1, 0.2], pos: 'noun' },
      { word: 'run', vector: [1, -2], pos: 'verb' },
      { word: 'king', vector: [3, 4e-3], pos: 'noun' },
    ])
    const ds = asVectors(load('w.json', text))
    expect(ds.format).toBe('JSON list of {word, vector} objects, 2 numbers each')
    expect(ds.labels).toEqual(['king', 'run', 'king'])
    expect(ds.data).toEqual(Float32Array.of(0.1, 0.2, 1, -2, 3, 4e-3))
    expect(ds.attributes.map((a) => `${a.name}:${a.kind}`)).toEqual([
      'word:categorical',
      'pos:categorical',
    ])
    const jsonl = text.slice(1, -1).replaceAll('},{', '}\n{')
    expect(asVectors(load('w.jsonl', jsonl)).data).toEqual(ds.data)
  })

  it('reads {label, embedding} objects and an object mapping labels to lists', () => {
    const ds = asVectors(
      load(
        'e.json',
        '[{"label": "a", "embedding": [1, 2, 3]}, {"label": "b", "embedding": [4, 5, 6]}]',
      ),
    )
    expect(ds.labels).toEqual(['a', 'b'])
    expect(ds.dim).toBe(3)
    const map = asVectors(
      load('m.json', '{"__proto__": [1, 2], "<b>b</b>": [3, 4], "東京": [5, 6]}'),
    )
    expect(map.format).toBe('JSON object mapping each label to a list of 2 numbers')
    expect(map.labels).toEqual(['__proto__', '<b>b</b>', '東京'])
    expect(Array.from(map.data)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('names the item and line of a bad vector', () => {
    const list = (second: string) =>
      `[\n  {"label": "a", "vector": [1, 2]},\n  {"label": "b", "vector": ${second}}\n]`
    expect(failure('v.json', list('[1]'))).toBe(
      'v.json line 3, column 3: "vector" of item 2 has 1 numbers, expected 2 (as the first)',
    )
    expect(failure('v.json', list('[1, "2"]'))).toBe(
      'v.json line 3, column 3: "vector" of item 2 holds "2" at position 2, not a finite number',
    )
    expect(failure('v.json', list('[1, 1e39]'))).toBe(
      'v.json line 3, column 3: "vector" of item 2 holds 1e+39 at position 2, not a finite number',
    )
    expect(failure('v.json', list('null'))).toBe(
      'v.json line 3, column 3: "vector" of item 2 is null, not a list of numbers',
    )
    expect(failure('m.json', '{\n  "a": [1, 2],\n  "b": [1, null]\n}')).toBe(
      'm.json line 3, column 3: "b" holds null at position 2, not a finite number',
    )
    expect(failure('m.json', '{"a": "x"}')).toBe(
      'm.json line 1, column 2: expected a list of objects, or an object mapping each label to a list of numbers, but "a" holds a string',
    )
  })
})

describe('JSON errors', () => {
  it('names the line and column of invalid JSON', () => {
    const e = thrown(() => load('bad.json', '[\n  {"name": "a", "g": 1},\n]'))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('bad.json line 3, column 1: invalid JSON: unexpected "]"')
    expect([(e as DatasetError).line, (e as DatasetError).column]).toEqual([3, 1])
    expect(failure('b.json', "[{'name': 'a'}]")).toBe(
      'b.json line 1, column 3: invalid JSON: expected a key in double quotes',
    )
    expect(failure('b.json', '[{"name": "a}]')).toBe(
      'b.json line 1, column 15: invalid JSON: a string is not closed',
    )
    expect(failure('b.json', '[{"name": NaN}]')).toBe(
      'b.json line 1, column 11: invalid JSON: unexpected "NaN"',
    )
    expect(failure('b.json', '[{"a": 1}')).toBe(
      'b.json line 1, column 10: invalid JSON: expected "," or "]"',
    )
    expect(failure('b.json', '\r\n{"a": [1, 2]} x')).toBe(
      'b.json line 2, column 15: invalid JSON: unexpected "x"',
    )
    expect(failure('b.jsonl', '{"a": 1}\n{"a": 2,}\n')).toBe(
      'b.jsonl line 2, column 9: invalid JSON: expected a key in double quotes',
    )
    expect(failure('e.json', ' \n')).toBe('e.json: the file is empty')
  })

  it('says what the top level is when it is not a list of objects', () => {
    expect(failure('n.json', '42')).toBe(
      'n.json: expected a list of objects, found a number at the top level',
    )
    expect(failure('s.json', '"text"')).toBe(
      's.json: expected a list of objects, found a string at the top level',
    )
    expect(failure('z.json', 'null')).toBe(
      'z.json: expected a list of objects, found null at the top level',
    )
    expect(failure('l.json', '[]')).toBe(
      'l.json: the list is empty: expected a list of objects, one per item',
    )
    expect(failure('o.json', '{}')).toBe('o.json: is an empty object: expected a list of objects')
  })

  it('names the line of an item that is not an object', () => {
    const text =
      '[\n  {"name": "a,]\\"{", "g": "x"},\n  {"name": "b", "g": [1, {"c": 2}]},\n  42\n]'
    expect(failure('i.json', text)).toBe(
      'i.json line 4, column 3: item 3 is a number, not an object',
    )
    expect(failure('i.jsonl', '{"name": "a", "g": 1}\n[1, 2]\n')).toBe(
      'i.jsonl line 2: item 2 is a list, not an object',
    )
  })
})
