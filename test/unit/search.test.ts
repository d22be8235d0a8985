import { describe, expect, it } from 'vitest'
import type {
  Attribute,
  CategoricalAttribute,
  NumericAttribute,
} from '../../src/model/datasets/types'
import {
  describeMatch,
  formatDisplayNumber,
  MAX_SEARCH_LENGTH,
  searchItems,
  type SearchQuery,
} from '../../src/model/search'

function categorical(name: string, values: (string | null)[]): CategoricalAttribute {
  const categories = [...new Set(values.filter((v): v is string => v !== null))]
  const codes = Int32Array.from(values, (v) => (v === null ? -1 : categories.indexOf(v)))
  return { kind: 'categorical', name, categories, codes }
}

function numeric(name: string, values: number[]): NumericAttribute {
  return { kind: 'numeric', name, values: Float32Array.from(values), mean: 0, std: 1 }
}

const labels = ['Coast redwood', 'Giant sequoia', 'Dawn redwood', 'Coast live oak', 'Monterey pine']
const attributes: Attribute[] = [
  categorical('family', ['Cupressaceae', 'Cupressaceae', 'Cupressaceae', 'Fagaceae', null]),
  numeric('height', [115.72, 94.8, 50, 25, NaN]),
  numeric('leaf', [0.0012341, 0.5, 2, 3, 4]),
]

const q = (text: string, field = 'label', extra: Partial<SearchQuery> = {}): SearchQuery => ({
  text,
  regex: false,
  field,
  ...extra,
})
const find = (
  query: SearchQuery,
  ls: readonly string[] = labels,
  as = attributes,
  limit?: number,
) => searchItems(ls, as, query, limit)

describe('searchItems', () => {
  it('finds substrings case-insensitively by default, and exactly when asked', () => {
    expect(find(q('REDWOOD'))).toEqual({ matches: [0, 2], total: 2, error: null })
    expect(find(q('coast'))).toEqual({ matches: [0, 3], total: 2, error: null })
    expect(find(q('coast', 'label', { caseSensitive: true })).matches).toEqual([])
    expect(find(q('Coast', 'label', { caseSensitive: true })).matches).toEqual([0, 3])
  })

  it('matches nothing, without error, for empty text', () => {
    expect(find(q(''))).toEqual({ matches: [], total: 0, error: null })
    expect(find(q('', 'all', { regex: true }))).toEqual({ matches: [], total: 0, error: null })
  })

  it('honours regex anchors and case options', () => {
    expect(find(q('^Coast', 'label', { regex: true })).matches).toEqual([0, 3])
    expect(find(q('redwood$', 'label', { regex: true })).matches).toEqual([0, 2])
    expect(find(q('^coast', 'label', { regex: true, caseSensitive: true })).matches).toEqual([])
    expect(find(q('o{2}|ia$', 'label', { regex: true })).matches).toEqual([0, 1, 2])
  })

  it('reports an invalid regex instead of throwing', () => {
    const r = find(q('(', 'label', { regex: true }))
    expect(r.matches).toEqual([])
    expect(r.total).toBe(0)
    expect(r.error).toMatch(/^Invalid regular expression: \S/)
    // In substring mode the same text is just a character.
    expect(find(q('(', 'label', { regex: false })).error).toBeNull()
  })

  it('searches one categorical attribute, skipping missing codes', () => {
    expect(find(q('cupress', 'family')).matches).toEqual([0, 1, 2])
    expect(find(q('^Fagaceae$', 'family', { regex: true })).matches).toEqual([3])
    expect(find(q('redwood', 'family')).matches).toEqual([])
  })

  it('searches numeric attributes as displayed (4 significant digits), skipping NaN', () => {
    expect(formatDisplayNumber(115.72)).toBe('115.7')
    expect(formatDisplayNumber(0.0012341)).toBe('0.001234')
    expect(formatDisplayNumber(50)).toBe('50')
    expect(find(q('115.7', 'height')).matches).toEqual([0])
    expect(find(q('115.72', 'height')).matches).toEqual([]) // not shown, so not found
    expect(find(q('^50$', 'height', { regex: true })).matches).toEqual([2])
    expect(find(q('NaN', 'height')).matches).toEqual([])
    expect(find(q('0.001234', 'leaf')).matches).toEqual([0])
  })

  it("searches the label and every attribute with field 'all'", () => {
    expect(find(q('fagaceae', 'all')).matches).toEqual([3])
    expect(find(q('pine', 'all')).matches).toEqual([4])
    expect(find(q('^(94\\.8|dawn.*)$', 'all', { regex: true })).matches).toEqual([1, 2])
    expect(find(q('fagaceae', 'label')).matches).toEqual([])
  })

  it('names an unknown field and rejects over-long text', () => {
    const r = find(q('x', 'colour'))
    expect(r.matches).toEqual([])
    expect(r.error).toContain('colour')
    const long = find(q('a'.repeat(MAX_SEARCH_LENGTH + 1)))
    expect(long.error).toMatch(/too long/)
    expect(long.matches).toEqual([])
    expect(find(q('a'.repeat(MAX_SEARCH_LENGTH))).error).toBeNull()
  })

  it('folds Unicode case and handles accents, CJK and emoji', () => {
    const ls = ['école', 'ÉTÉ', '日本語', 'tree 🌲 big', 'İstanbul', 'plain']
    expect(find(q('ÉCOLE'), ls, []).matches).toEqual([0])
    expect(find(q('été'), ls, []).matches).toEqual([1])
    expect(find(q('日本'), ls, []).matches).toEqual([2])
    expect(find(q('🌲'), ls, []).matches).toEqual([3])
    expect(find(q('ÉCOLE', 'label', { regex: true }), ls, []).matches).toEqual([0])
    // 'u' flag: '.' is one code point, so one emoji is one character.
    expect(find(q('^tree . big$', 'label', { regex: true }), ls, []).matches).toEqual([3])
  })

  it('treats special-looking labels as plain strings', () => {
    const ls = ['__proto__', 'constructor', '<img src=x>', 'toString', 'hasOwnProperty']
    const as = [categorical('kind', ['__proto__', 'constructor', 'toString', null, 'x'])]
    expect(find(q('__proto__'), ls, as).matches).toEqual([0])
    expect(find(q('constructor'), ls, as).matches).toEqual([1])
    expect(find(q('<img src=x>'), ls, as).matches).toEqual([2])
    expect(find(q('tostring', 'kind'), ls, as).matches).toEqual([2])
    expect(find(q('__proto__', 'kind'), ls, as).matches).toEqual([0])
    expect(find(q('x', 'toString'), ls, as).error).toContain('toString')
  })

  it('truncates matches to the limit but counts every match', () => {
    const r = find(q('o'), labels, attributes, 2)
    expect(r).toEqual({ matches: [0, 1], total: 5, error: null })
    expect(find(q('o'), labels, attributes, 0)).toEqual({ matches: [], total: 5, error: null })
  })

  it('gives the same answer twice for the same regex (no lastIndex state)', () => {
    const query = q('wood', 'label', { regex: true })
    const first = find(query)
    expect(first.matches).toEqual([0, 2])
    expect(find(query)).toEqual(first)
    // Adjacent matching items would be skipped by a global regex reused across items.
    const ls = ['aa', 'aa', 'aa', 'aa']
    expect(find(q('a', 'label', { regex: true }), ls, []).matches).toEqual([0, 1, 2, 3])
  })

  it('searches 100k items correctly', () => {
    const n = 100_000
    const ls = Array.from({ length: n }, (_, i) => `item ${i}`)
    const families = Array.from({ length: 1000 }, (_, k) => `family${k}`)
    const fam = categorical(
      'family',
      Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : families[i % 1000])),
    )
    const num = numeric(
      'size',
      Array.from({ length: n }, (_, i) => i),
    )
    const as = [fam, num]
    const byLabel = find(q('item 9999'), ls, as)
    expect(byLabel.matches).toEqual([9999, ...Array.from({ length: 10 }, (_, k) => 99990 + k)])
    const byFamily = find(q('^family42$', 'family', { regex: true }), ls, as)
    const expected = Array.from({ length: 100 }, (_, k) => 42 + 1000 * k).filter((i) => i % 7 !== 0)
    expect(byFamily).toEqual({ matches: expected, total: expected.length, error: null })
    // Shown with 4 significant digits, 12345…12354 all read 12350: '^1235' finds those and 1235.
    const bySize = find(q('^1235', 'size', { regex: true }), ls, as)
    expect(bySize.total).toBe(11)
    const limited = find(q('item', 'all'), ls, as, 10)
    expect(limited.matches).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(limited.total).toBe(n)
  })
})

describe('describeMatch', () => {
  it('names the first matching field and its displayed value', () => {
    expect(describeMatch(labels, attributes, q('cupress', 'all'), 1)).toEqual({
      field: 'family',
      value: 'Cupressaceae',
    })
    expect(describeMatch(labels, attributes, q('redwood', 'all'), 0)).toEqual({
      field: 'label',
      value: 'Coast redwood',
    })
    expect(describeMatch(labels, attributes, q('115.7', 'all'), 0)).toEqual({
      field: 'height',
      value: '115.7',
    })
    expect(describeMatch(labels, attributes, q('cupress', 'all'), 4)).toBeNull()
    expect(describeMatch(labels, attributes, q('(', 'all', { regex: true }), 0)).toBeNull()
  })
})
