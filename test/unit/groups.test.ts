import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { generateWords } from '../../scripts/generate-words'
import { DatasetError } from '../../src/model/datasets/errors'
import { parseGroups, wordsOf } from '../../src/model/datasets/groups'
import { parseFiles } from '../../src/model/datasets/index'
import { parseTable } from '../../src/model/datasets/table'
import type { Dataset, GroupsDataset } from '../../src/model/datasets/types'

const read = (name: string) =>
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

/** The groups as lists of labels. */
function groupsOf(ds: GroupsDataset): string[][] {
  const out: string[][] = []
  for (let g = 0; g + 1 < ds.offsets.length; g++)
    out.push(Array.from(ds.items.subarray(ds.offsets[g], ds.offsets[g + 1]), (i) => ds.labels[i]))
  return out
}

function asGroups(ds: Dataset): GroupsDataset {
  if (ds.kind !== 'groups') throw new Error(`expected groups, got ${ds.kind}`)
  return ds
}

describe('parseGroups on text', () => {
  it('reads comma-separated groups, numbering items by first appearance', () => {
    const ds = parseGroups('g.txt', '# a comment\n a , b,c\n\n  # another\nb, d ,, \n,,,\nc\n')
    expect(ds.kind).toBe('groups')
    expect(ds.name).toBe('g.txt')
    expect(ds.format).toBe('Text: one group per line, comma-separated')
    expect(ds.labels).toEqual(['a', 'b', 'c', 'd'])
    expect(Array.from(ds.items)).toEqual([0, 1, 2, 1, 3, 2])
    expect(Array.from(ds.offsets)).toEqual([0, 3, 5, 6])
    expect(Array.from(ds.counts)).toEqual([1, 2, 2, 1])
    expect(ds.attributes).toHaveLength(1)
    const [freq] = ds.attributes
    if (freq.kind !== 'numeric') throw new Error('frequency is not numeric')
    expect(freq.name).toBe('frequency')
    expect(Array.from(freq.values)).toEqual([1, 2, 2, 1])
    expect(freq.mean).toBe(1.5)
    expect(freq.std).toBe(0.5)
  })

  it('keeps the case and inner spaces of comma-separated items', () => {
    const ds = parseGroups('t.txt', 'Coast redwood, Douglas fir,  Sitka spruce \n')
    expect(ds.labels).toEqual(['Coast redwood', 'Douglas fir', 'Sitka spruce'])
  })

  it('splits lines without commas into lower-cased words, punctuation stripped at the edges', () => {
    const ds = parseGroups(
      's.txt',
      'The Cat sat on the mat.\n"Don\'t" (stop) -- a well-known cat\'s toy!\n',
    )
    expect(ds.format).toBe('Text: one group per line, words separated by spaces')
    expect(groupsOf(ds)).toEqual([
      ['the', 'cat', 'sat', 'on', 'the', 'mat'],
      ["don't", 'stop', 'a', 'well-known', "cat's", 'toy'],
    ])
    expect(ds.counts[ds.labels.indexOf('the')]).toBe(2)
    expect(wordsOf('  ¿Qué?  «Bonjour» ... Émile\t42% ')).toEqual(['qué', 'bonjour', 'émile', '42'])
  })

  it('decides lists or sentences for the whole file, by how long the comma-separated pieces are', () => {
    // Short pieces between commas: lists, and a line without a comma is one item.
    const lists = parseGroups('m.txt', 'Oak, Ash\nBig Oak\nElm, Silver birch, Rowan\n')
    expect(lists.format).toBe('Text: one group per line, comma-separated')
    expect(groupsOf(lists)).toEqual([['Oak', 'Ash'], ['Big Oak'], ['Elm', 'Silver birch', 'Rowan']])
    // A tie goes to lists.
    expect(groupsOf(parseGroups('t.txt', 'Oak, Ash\nBig Oak\n'))).toEqual([
      ['Oak', 'Ash'],
      ['Big Oak'],
    ])
    // A sentence that holds a comma stays one group of words.
    const prose = parseGroups(
      'p.txt',
      'The lion lives in the wild, far from people.\nA cat sleeps.\n',
    )
    expect(prose.format).toBe('Text: one group per line, words separated by spaces')
    expect(groupsOf(prose)).toEqual([
      ['the', 'lion', 'lives', 'in', 'the', 'wild', 'far', 'from', 'people'],
      ['a', 'cat', 'sleeps'],
    ])
    // Most lines are sentences, so the one list-like line is read as words too.
    const mostly = parseGroups('q.txt', 'Red, green, blue.\nThe sky is blue\nGrass is green\n')
    expect(groupsOf(mostly)[0]).toEqual(['red', 'green', 'blue'])
    expect(mostly.format).toBe('Text: one group per line, words separated by spaces')
  })

  it('keeps single-item groups in counts and offsets', () => {
    const ds = parseGroups('one.txt', 'a\nb,c,a\nhello\n')
    expect(groupsOf(ds)).toEqual([['a'], ['b', 'c', 'a'], ['hello']])
    expect(Array.from(ds.counts)).toEqual([2, 1, 1, 1])
  })

  it('handles CRLF, lone CR and a BOM', () => {
    const crlf = parseGroups('w.txt', '\uFEFFa,b\r\n\r\nc,d\r\n')
    const cr = parseGroups('w.txt', 'a,b\r\rc,d\r')
    const lf = parseGroups('w.txt', 'a,b\nc,d\n')
    expect(crlf).toEqual(lf)
    expect(cr).toEqual(lf)
    expect(lf.labels).toEqual(['a', 'b', 'c', 'd'])
  })

  it('reads Unicode labels', () => {
    const ds = parseGroups('u.txt', 'Açaí palm, Quindío wax palm, 東京, Ünïcödé 🌳\n')
    expect(ds.labels).toEqual(['Açaí palm', 'Quindío wax palm', '東京', 'Ünïcödé 🌳'])
    expect(wordsOf('Ça va très bien')).toEqual(['ça', 'va', 'très', 'bien'])
  })

  it('treats __proto__, constructor and other Object keys as ordinary items', () => {
    const ds = parseGroups(
      'p.txt',
      '__proto__, constructor, toString\nconstructor, hasOwnProperty\n',
    )
    expect(ds.labels).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
    expect(Array.from(ds.counts)).toEqual([1, 2, 1, 1])
    const words = parseGroups('p.txt', '__proto__ constructor valueOf\n')
    expect(words.labels).toEqual(['__proto__', 'constructor', 'valueof'])
    expect(wordsOf('(__init__) _x_.')).toEqual(['__init__', '_x_'])
  })
})

describe('parseGroups errors', () => {
  it('rejects an empty file and a file of comments', () => {
    for (const text of ['', '\uFEFF', ' \n\r\n\t\n'])
      expect(thrown(() => parseGroups('e.txt', text)).message).toBe('e.txt: the file is empty')
    const e = thrown(() => parseGroups('c.txt', '# only\n\n  # comments\n'))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('c.txt: has no groups: every line is blank or a # comment')
  })

  it('rejects a file where nothing co-occurs', () => {
    expect(() => parseGroups('n.txt', 'a\nb\nc,\n,,\n')).toThrow(
      /^n\.txt: nothing co-occurs: every line has fewer than 2 items \(separate the items on a line with commas\)$/,
    )
    expect(() => parseGroups('w.txt', 'Hello !!!\nWorld ...\n')).toThrow(
      /^w\.txt: nothing co-occurs: every line has fewer than 2 words$/,
    )
  })

  it('rejects fewer than 3 distinct items', () => {
    expect(() => parseGroups('two.txt', 'a,b\nb,a\n')).toThrow(
      /^two\.txt: has only 2 distinct items; at least 3 are needed to compare them$/,
    )
    expect(parseGroups('three.txt', 'a,b\nb,c\n').labels).toEqual(['a', 'b', 'c'])
  })

  it('rejects a line over 100,000 characters as likely binary, naming the line', () => {
    const long = 'x'.repeat(100_001)
    const e = thrown(() => parseGroups('big.txt', `a,b,c\r\n\r\n${long}\n`))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe(
      'big.txt line 3: is longer than 100,000 characters: this looks like a binary file, or text ' +
        'without line breaks (put one group per line)',
    )
    expect((e as DatasetError).line).toBe(3)
    expect(parseGroups('ok.txt', `a,b,${'y'.repeat(99_990)}`).labels).toHaveLength(3)
  })

  it('rejects NUL bytes as a binary file, naming the line', () => {
    expect(() => parseGroups('bin.txt', 'a,b,c\nPK\u0003\u0004\u0000\u0000')).toThrow(
      /^bin\.txt line 2: contains a NUL byte: this looks like a binary file, not text$/,
    )
  })
})

describe('parseGroups on group,item CSV', () => {
  it('groups rows by the group value, items numbered by first appearance in the file', () => {
    const text = 'item,Group\napple,basket 1\npear,basket 2\nplum,basket 1\n"fig, dried",basket 2\n'
    const ds = parseGroups('g.csv', text)
    expect(ds.format).toBe('CSV of group,item rows')
    expect(ds.labels).toEqual(['apple', 'pear', 'plum', 'fig, dried'])
    expect(groupsOf(ds)).toEqual([
      ['apple', 'plum'],
      ['pear', 'fig, dried'],
    ])
    expect(Array.from(ds.counts)).toEqual([1, 1, 1, 1])
  })

  it('reads TSV, CRLF, a BOM, blank lines and Unicode', () => {
    const ds = parseGroups(
      'g.tsv',
      '\uFEFF GROUP \t Item \r\n1\tÄpfel\r\n\r\n1\t梨\r\n2\t__proto__\r\n2\tÄpfel\r\n',
    )
    expect(ds.format).toBe('TSV of group,item rows')
    expect(groupsOf(ds)).toEqual([
      ['Äpfel', '梨'],
      ['__proto__', 'Äpfel'],
    ])
  })

  it('reports header, row and value problems with line and column', () => {
    expect(() => parseGroups('h.csv', 'group,item\n')).toThrow(/^h\.csv: has a header but no rows$/)
    expect(() => parseGroups('x.csv', 'group,thing\na,b\n')).toThrow(
      /^x\.csv line 1: needs exactly the two columns group and item, but the header is "group,thing"$/,
    )
    expect(() => parseGroups('r.csv', 'group,item\n1,a\n1,b,c\n')).toThrow(
      /^r\.csv line 3: has 3 fields but the header has 2$/,
    )
    const e = thrown(() => parseGroups('v.csv', 'item,group\na,1\n"b\nc",1\n ,1\n'))
    expect(e.message).toBe('v.csv line 5, column 1: the item is empty')
    expect(() => parseGroups('w.csv', 'group,item\n1,a\n,b\n')).toThrow(
      /^w\.csv line 3, column 1: the group is empty$/,
    )
    expect(() => parseGroups('n.csv', 'group,item\n1,a\n2,b\n3,c\n')).toThrow(
      /^n\.csv: nothing co-occurs: no group has 2 or more items$/,
    )
  })
})

describe('parseFiles detects groups', () => {
  const csv = 'group,item\n1,a\n1,b\n2,c\n2,a\n'

  it('reads .txt as groups and group,item CSV/TSV as groups, in any case and order', () => {
    expect(parseFiles([{ name: 'Notes.TXT', text: 'a b c\n' }]).kind).toBe('groups')
    const ds = asGroups(parseFiles([{ name: 'g.csv', text: csv }]))
    expect(ds).toEqual(parseGroups('g.csv', csv))
    expect(parseFiles([{ name: 'g.csv', text: '\n ITEM , Group \nx,1\ny,1\nz,1\n' }]).kind).toBe(
      'groups',
    )
    expect(parseFiles([{ name: 'g.tsv', text: 'group\titem\n1\ta\n1\tb\n1\tc\n' }]).kind).toBe(
      'groups',
    )
  })

  it('reads any other header as a table', () => {
    const extra = 'group,item,size\n1,a,x\n2,b,y\n'
    expect(parseFiles([{ name: 't.csv', text: extra }])).toEqual(parseTable('t.csv', extra))
    expect(parseFiles([{ name: 't.csv', text: 'item,kind\na,x\nb,y\n' }]).kind).toBe('table')
    // In a .tsv, a comma does not separate columns.
    expect(parseFiles([{ name: 't.tsv', text: 'group,item\tx\na\tb\nc\td\n' }]).kind).toBe('table')
  })
})

describe('bundled forests.txt', () => {
  const text = read('forests.txt')
  const ds = asGroups(parseFiles([{ name: 'forests.txt', text }]))
  const trees = parseTable('trees.csv', read('trees.csv')).labels

  it('is comma-separated groups of 4 to 15 tree species', () => {
    expect(ds.format).toBe('Text: one group per line, comma-separated')
    const groups = groupsOf(ds)
    expect(groups.length).toBeGreaterThanOrEqual(60)
    expect(groups.length).toBeLessThanOrEqual(120)
    for (const g of groups) {
      expect(g.length).toBeGreaterThanOrEqual(4)
      expect(g.length).toBeLessThanOrEqual(15)
      expect(new Set(g).size).toBe(g.length)
    }
    for (const name of ['Coast redwood', 'Giant sequoia', 'Coconut palm', 'Baobab', 'Kauri'])
      expect(ds.labels).toContain(name)
  })

  it('uses only names from trees.csv and covers most of them', () => {
    const known = new Set(trees)
    expect(ds.labels.filter((l) => !known.has(l))).toEqual([])
    expect(ds.labels.length / trees.length).toBeGreaterThanOrEqual(0.9)
  })

  it('puts a # comment naming the forest above every group', () => {
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      if (line.includes(',') && !line.startsWith('#')) expect(lines[i - 1]).toMatch(/^# \S/)
    })
  })

  it('is ecologically sensible: sequoia with sugar pine, redwood never with coconut palm', () => {
    const groups = groupsOf(ds)
    const together = (a: string, b: string) => groups.some((g) => g.includes(a) && g.includes(b))
    expect(together('Giant sequoia', 'Sugar pine')).toBe(true)
    expect(together('Coast redwood', 'Douglas fir')).toBe(true)
    expect(together('Baobab', 'Umbrella thorn')).toBe(true)
    expect(together('Coast redwood', 'Coconut palm')).toBe(false)
    expect(together('Black spruce', 'Mango')).toBe(false)
  })
})

describe('bundled words.txt', () => {
  const text = read('words.txt')
  const ds = asGroups(parseFiles([{ name: 'words.txt', text }]))

  it('is sentences of lower-cased words with the topic words present', () => {
    expect(ds.format).toBe('Text: one group per line, words separated by spaces')
    expect(ds.offsets.length - 1).toBe(1200)
    expect(ds.labels.length).toBeGreaterThan(200)
    for (const w of ['cat', 'dog', 'apple', 'banana', 'paris', 'london', 'rainy', 'mother'])
      expect(ds.labels).toContain(w)
    for (const l of ds.labels) expect(l).toMatch(/^[a-z][a-z'-]*$/)
    for (const w of ['cat', 'dog', 'apple', 'paris'])
      expect(ds.counts[ds.labels.indexOf(w)]).toBeGreaterThan(5)
  })

  it('is exactly what scripts/generate-words.ts writes', () => {
    expect(text).toBe(generateWords())
  })
})
