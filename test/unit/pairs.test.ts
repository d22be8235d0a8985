import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { dishesCsv, generateRatings, TASTES } from '../../scripts/generate-dishes'
import { DatasetError } from '../../src/model/datasets/errors'
import { detectDelimited, parseFiles } from '../../src/model/datasets/index'
import { parsePairs } from '../../src/model/datasets/pairs'
import { parseTable } from '../../src/model/datasets/table'
import type { Dataset, PairsDataset } from '../../src/model/datasets/types'

const DISHES = readFileSync(
  fileURLToPath(new URL('../../public/datasets/dishes.csv', import.meta.url)),
  'utf8',
)

/** The error a function throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

function asPairs(ds: Dataset): PairsDataset {
  if (ds.kind !== 'pairs') throw new Error(`expected pairs, got ${ds.kind}`)
  return ds
}

/** Each interaction as [user, item, rating or null]. */
function interactions(ds: PairsDataset): Array<[string, string, number | null]> {
  return Array.from(ds.userRows, (u, k) => [
    ds.labels[u],
    ds.labels[ds.itemRows[k]],
    ds.ratings ? ds.ratings[k] : null,
  ])
}

describe('parsePairs', () => {
  it('puts users first, then items, with a role attribute and ratings', () => {
    const ds = parsePairs('r.csv', 'user,item,rating\nann,x,5\nbob,x,3\nann,y,4.5\n')
    expect(ds.kind).toBe('pairs')
    expect(ds.name).toBe('r.csv')
    expect(ds.format).toBe('CSV of user,item,rating interactions')
    expect(ds.labels).toEqual(['ann', 'bob', 'x', 'y'])
    expect(ds.users).toBe(2)
    expect(Array.from(ds.userRows)).toEqual([0, 1, 0])
    expect(Array.from(ds.itemRows)).toEqual([2, 2, 3])
    expect(ds.ratings).toBeInstanceOf(Float32Array)
    expect(Array.from(ds.ratings ?? [])).toEqual([5, 3, 4.5])
    expect(ds.attributes).toEqual([
      {
        kind: 'categorical',
        name: 'role',
        categories: ['item', 'user'],
        codes: Int32Array.from([1, 1, 0, 0]),
      },
    ])
  })

  it('reads implicit feedback without a rating column', () => {
    const ds = parsePairs('i.csv', 'user,item\nann,x\nbob,y\n')
    expect(ds.format).toBe('CSV of user,item interactions (no ratings)')
    expect(ds.ratings).toBeNull()
    expect(interactions(ds)).toEqual([
      ['ann', 'x', null],
      ['bob', 'y', null],
    ])
  })

  it('takes the columns in any order and case, trimmed, from CSV or TSV', () => {
    const csv = parsePairs('o.csv', ' Rating ,ITEM,User\n-1.5, x ,ann\n2e0,y, bob \n')
    expect(interactions(csv)).toEqual([
      ['ann', 'x', -1.5],
      ['bob', 'y', 2],
    ])
    const tsv = parsePairs('o.TSV', 'item\tuser\nx, y\tann\nz\tbob, jr\n')
    expect(tsv.format).toBe('TSV of user,item interactions (no ratings)')
    expect(tsv.labels).toEqual(['ann', 'bob, jr', 'x, y', 'z'])
  })

  it('gives a name used as both user and item one row per role', () => {
    const ds = parsePairs('b.csv', 'user,item\nx,x\ny,z\n')
    expect(ds.labels).toEqual(['x', 'y', 'x', 'z'])
    expect(Array.from(ds.userRows)).toEqual([0, 1])
    expect(Array.from(ds.itemRows)).toEqual([2, 3])
  })

  it('keeps one interaction per user and item, where it first appears, with the last rating', () => {
    const ds = parsePairs('d.csv', 'user,item,rating\na,x,1\nb,y,2\na,x,5\nb,x,3\na,x,4\n')
    expect(interactions(ds)).toEqual([
      ['a', 'x', 4],
      ['b', 'y', 2],
      ['b', 'x', 3],
    ])
    const implicit = parsePairs('d.csv', 'user,item\na,x\na,x\nb,y\n')
    expect(implicit.userRows.length).toBe(2)
  })

  it('handles CRLF, a BOM, blank lines, quoted fields and Unicode names', () => {
    const ds = parsePairs(
      'u.csv',
      '\uFEFFuser,item,rating\r\n\r\nZoë,"Crème brûlée",5\r\n"Smith, J.",東京,3\r\n',
    )
    expect(ds.labels).toEqual(['Zoë', 'Smith, J.', 'Crème brûlée', '東京'])
    expect(Array.from(ds.ratings ?? [])).toEqual([5, 3])
  })

  it('treats __proto__, constructor and other Object keys as ordinary names', () => {
    const ds = parsePairs(
      'p.csv',
      'user,item\n__proto__,constructor\nconstructor,__proto__\n__proto__,toString\n',
    )
    expect(ds.labels).toEqual(['__proto__', 'constructor', 'constructor', '__proto__', 'toString'])
    expect(ds.users).toBe(2)
    expect(Array.from(ds.userRows)).toEqual([0, 1, 0])
    expect(Array.from(ds.itemRows)).toEqual([2, 3, 4])
  })
})

describe('parsePairs errors', () => {
  const bad = (name: string, text: string) => thrown(() => parsePairs(name, text))

  it('rejects an empty file and a header without rows', () => {
    for (const text of ['', '\uFEFF', ' \r\n\n'])
      expect(bad('e.csv', text).message).toBe('e.csv: the file is empty')
    for (const text of ['user,item', 'user,item,rating\n\n'])
      expect(bad('h.csv', text).message).toBe('h.csv: has a header but no rows')
  })

  it('rejects a header with other, repeated, empty or missing columns', () => {
    expect(bad('x.csv', 'user,item,rating,timestamp,Extra\na,b,1,2,3\n').message).toBe(
      'x.csv line 1: has columns other than user, item and rating: "timestamp", "Extra"' +
        ' (a file of interactions has only user, item and an optional rating)',
    )
    const twice = bad('t.csv', 'user,item,USER\na,b,c\n') as DatasetError
    expect(twice.message).toBe('t.csv line 1, column 3: the column "USER" appears twice')
    expect([twice.line, twice.column]).toEqual([1, 3])
    expect(bad('g.csv', 'user,,item\na,b,c\n').message).toBe(
      'g.csv line 1, column 2: a header cell is empty',
    )
    expect(bad('m.csv', 'user,rating\na,1\n').message).toBe(
      'm.csv line 1: needs a user and an item column, but the header has only user, rating',
    )
  })

  it('reports a ragged row and empty user or item with line and column', () => {
    expect(bad('r.csv', 'user,item\na,b\nc,d,e\n').message).toBe(
      'r.csv line 3: has 3 fields but the header has 2',
    )
    const user = bad('u.csv', 'item,user\nx,a\n"multi\nline",  \n') as DatasetError
    expect(user).toBeInstanceOf(DatasetError)
    expect(user.message).toBe('u.csv line 3, column 2: the user is empty')
    expect([user.line, user.column]).toEqual([3, 2])
    expect(bad('i.csv', 'user,item,rating\na,x,1\nb,,2\n').message).toBe(
      'i.csv line 3, column 2: the item is empty',
    )
  })

  it('reports a rating that is empty, not a number or not finite, with line and column', () => {
    expect(bad('r.csv', 'user,item,rating\na,x,1\nb,y, \n').message).toBe(
      'r.csv line 3, column 3: the rating is empty',
    )
    expect(bad('r.csv', 'rating,user,item\nfive,a,x\n').message).toBe(
      'r.csv line 2, column 1: the rating "five" is not a finite number',
    )
    for (const v of ['Infinity', '-Infinity', 'NaN', '1e999', '4 stars'])
      expect(bad('r.csv', `user,item,rating\na,x,${v}\n`).message).toBe(
        `r.csv line 2, column 3: the rating "${v}" is not a finite number`,
      )
  })

  it('needs at least 2 users and 2 items', () => {
    expect(bad('u.csv', 'user,item\na,x\na,y\n').message).toBe(
      'u.csv: has only 1 user; at least 2 are needed',
    )
    expect(bad('i.csv', 'user,item\na,x\nb,x\n').message).toBe(
      'i.csv: has only 1 item; at least 2 are needed',
    )
  })
})

describe('parseFiles detects pairs', () => {
  it('reads user,item[,rating] headers as pairs, in any case and order', () => {
    const text = 'user,item,rating\na,x,1\nb,y,2\n'
    expect(parseFiles([{ name: 'r.csv', text }])).toEqual(parsePairs('r.csv', text))
    expect(parseFiles([{ name: 'r.csv', text: 'Item , USER\nx,a\ny,b\n' }]).kind).toBe('pairs')
    expect(parseFiles([{ name: 'r.tsv', text: 'user\titem\na\tx\nb\ty\n' }]).kind).toBe('pairs')
    expect(detectDelimited('r.csv', '\uFEFF\r\n\r\nrating,item,user\n')).toBe('pairs')
  })

  it('reads a user,item file with any other column as a table', () => {
    const text = 'user,item,rating,timestamp\na,x,1,100\nb,y,2,200\n'
    expect(parseFiles([{ name: 't.csv', text }])).toEqual(parseTable('t.csv', text))
    expect(detectDelimited('t.csv', 'user,product\na,x\n')).toBe('table')
    expect(detectDelimited('t.csv', 'name,group\na,x\n')).toBe('table')
    expect(detectDelimited('t.csv', '')).toBe('table')
    expect(detectDelimited('t.csv', 'group,item\n')).toBe('groups')
  })

  it('passes pairs errors through with the file name', () => {
    expect(() => parseFiles([{ name: 'p.csv', text: 'user,item\na,\n' }])).toThrow(
      /^p\.csv line 2, column 2: the item is empty$/,
    )
  })
})

describe('bundled dishes.csv', () => {
  const ds = asPairs(parseFiles([{ name: 'dishes.csv', text: DISHES }]))

  it('has about 150 people rating about 40 dishes from 1 to 5', () => {
    expect(ds.format).toBe('CSV of user,item,rating interactions')
    expect(ds.users).toBe(150)
    expect(ds.labels.length - ds.users).toBe(44)
    for (const name of ['Ana', 'Ben', 'Tiramisu', 'Crème brûlée', "Shepherd's pie"])
      expect(ds.labels).toContain(name)
    const n = ds.userRows.length
    expect(n).toBe(DISHES.trimEnd().split('\n').length - 1)
    expect(n / ds.users).toBeGreaterThan(12)
    expect(n / ds.users).toBeLessThan(18)
    expect([...new Set(ds.ratings)].sort()).toEqual([1, 2, 3, 4, 5])
  })

  it('is exactly what scripts/generate-dishes.ts writes', () => {
    expect(DISHES).toBe(dishesCsv())
  })

  it('has its planted taste groups: people rate dishes of their taste higher', () => {
    const { people, ratings } = generateRatings()
    const taste = new Map(people.map((p) => [p.name, p.tastes[0]]))
    const vegetarian = new Set(['Falafel wrap', 'Greek salad', 'Ratatouille', 'Caprese salad'])
    const spicy = new Set(['Chicken vindaloo', 'Thai green curry', 'Kung pao chicken', 'Doro wat'])
    const mean = (who: string, dishes: Set<string>) => {
      const rs = ratings.filter((r) => taste.get(r.user) === who && dishes.has(r.item))
      return rs.reduce((a, r) => a + r.rating, 0) / rs.length
    }
    expect(mean('vegetarian', vegetarian) - mean('vegetarian', spicy)).toBeGreaterThan(1.5)
    expect(mean('spicy', spicy) - mean('spicy', vegetarian)).toBeGreaterThan(1)
    for (const t of TASTES) expect(people.filter((p) => p.tastes[0] === t).length).toBe(30)
  })
})
