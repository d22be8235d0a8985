import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DatasetError } from '../../src/model/datasets/errors'
import { parseFiles } from '../../src/model/datasets/index'
import { parseTable } from '../../src/model/datasets/table'
import type {
  Attribute,
  CategoricalAttribute,
  NumericAttribute,
  TableDataset,
} from '../../src/model/datasets/types'

const TREES = readFileSync(
  fileURLToPath(new URL('../../public/datasets/trees.csv', import.meta.url)),
  'utf8',
)

function attr(ds: TableDataset, name: string): Attribute {
  const a = ds.attributes.find((x) => x.name === name)
  if (!a) throw new Error(`no attribute ${name} in ${ds.attributes.map((x) => x.name).join(', ')}`)
  return a
}

function categorical(ds: TableDataset, name: string): CategoricalAttribute {
  const a = attr(ds, name)
  if (a.kind !== 'categorical') throw new Error(`${name} is ${a.kind}`)
  return a
}

function numeric(ds: TableDataset, name: string): NumericAttribute {
  const a = attr(ds, name)
  if (a.kind !== 'numeric') throw new Error(`${name} is ${a.kind}`)
  return a
}

/** The decoded value of a categorical attribute per row ('' for missing). */
function decoded(a: CategoricalAttribute): string[] {
  return Array.from(a.codes, (c) => (c < 0 ? '' : a.categories[c]))
}

/** The error a function throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

describe('trees.csv', () => {
  const ds = parseTable('trees.csv', TREES)

  it('has the expected labels, label column and identifier column ignored', () => {
    expect(ds.kind).toBe('table')
    expect(ds.name).toBe('trees.csv')
    expect(ds.format).toBe('CSV table of items with attributes')
    expect(ds.labelColumn).toBe('name')
    expect(ds.labels.length).toBeGreaterThanOrEqual(150)
    for (const name of ['Coast redwood', 'Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab'])
      expect(ds.labels).toContain(name)
    expect(new Set(ds.labels).size).toBe(ds.labels.length)
    for (const l of ds.labels) expect(l).toBe(l.trim())
    const sci = ds.ignored.find((i) => i.column === 'scientific_name')
    expect(sci?.reason).toBe('every value is different, so it cannot teach similarity')
    expect(ds.attributes.map((a) => a.name)).not.toContain('scientific_name')
    expect(ds.attributes.map((a) => a.name)).not.toContain('name')
  })

  it('has a categorical group attribute with conifers and palms', () => {
    const group = categorical(ds, 'group')
    expect(group.categories).toContain('conifer')
    expect(group.categories).toContain('palm')
    expect(group.codes.length).toBe(ds.labels.length)
    const values = decoded(group)
    expect(values[ds.labels.indexOf('Coast redwood')]).toBe('conifer')
    expect(values[ds.labels.indexOf('Giant sequoia')]).toBe('conifer')
    expect(values[ds.labels.indexOf('Coconut palm')]).toBe('palm')
    expect(values).not.toContain('')
  })

  it('gives every attribute one value per row, with valid codes', () => {
    for (const a of ds.attributes) {
      if (a.kind === 'categorical') {
        expect(a.codes.length).toBe(ds.labels.length)
        expect([...a.categories].sort()).toEqual(a.categories)
        for (const c of a.codes) expect(c).toBeGreaterThanOrEqual(-1)
        for (const c of a.codes) expect(c).toBeLessThan(a.categories.length)
      } else {
        expect(a.values.length).toBe(ds.labels.length)
      }
    }
  })

  it('reads max_height_m and lifespan_years as numeric where present', () => {
    const header = TREES.replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0]
      .split(',')
    for (const column of ['max_height_m', 'lifespan_years']) {
      if (!header.includes(column)) continue
      const a = numeric(ds, column)
      expect(a.values.length).toBe(ds.labels.length)
      expect(Number.isFinite(a.mean)).toBe(true)
      expect(Number.isFinite(a.std)).toBe(true)
      expect(a.std).toBeGreaterThan(0)
      expect(a.mean).toBeGreaterThan(0)
      for (const v of a.values) if (!Number.isNaN(v)) expect(v).toBeGreaterThan(0)
    }
    if (header.includes('max_height_m')) {
      const h = numeric(ds, 'max_height_m')
      const redwood = h.values[ds.labels.indexOf('Coast redwood')]
      expect(redwood).toBeGreaterThan(h.mean)
    }
  })
})

describe('parseTable on small tables', () => {
  it('prefers label > name > item > first column, case-insensitively', () => {
    const rows = ['a,b,c,d,e,x', 'f,g,h,i,j,y']
    const table = (header: string) => parseTable('t.csv', [header, ...rows].join('\n'))
    expect(table('id,item,name,label,other,kind').labelColumn).toBe('label')
    expect(table('id,item,name,label,other,kind').labels).toEqual(['d', 'i'])
    expect(table('id,item,name,x1,other,kind').labelColumn).toBe('name')
    expect(table('id,item,name,x1,other,kind').labels).toEqual(['c', 'h'])
    expect(table('id,item,x0,x1,other,kind').labelColumn).toBe('item')
    expect(table('id,item,x0,x1,other,kind').labels).toEqual(['b', 'g'])
    expect(table('id,x,x0,x1,other,kind').labelColumn).toBe('id')
    expect(table('id,x,x0,x1,other,kind').labels).toEqual(['a', 'f'])
    expect(table('ID, Name ,x0,x1,other,kind').labelColumn).toBe('Name')
    const ds = table('id,item,name,label,other,kind')
    expect(ds.attributes.map((a) => a.name)).toEqual(['id', 'item', 'name', 'other', 'kind'])
  })

  it('detects numeric and categorical columns, with golden mean, std and codes', () => {
    const ds = parseTable(
      'n.csv',
      ['name,height,colour,mixed', 'a,1,red,1', 'b,2.5,blue,two', 'c, -3e2 ,red,3', 'd,,,'].join(
        '\n',
      ),
    )
    expect(ds.labels).toEqual(['a', 'b', 'c', 'd'])
    const h = numeric(ds, 'height')
    expect(Array.from(h.values)).toEqual([1, 2.5, -300, NaN])
    const mean = (1 + 2.5 - 300) / 3
    expect(h.mean).toBeCloseTo(mean, 12)
    const variance = ((1 - mean) ** 2 + (2.5 - mean) ** 2 + (-300 - mean) ** 2) / 3
    expect(h.std).toBeCloseTo(Math.sqrt(variance), 10)
    const colour = categorical(ds, 'colour')
    expect(colour.categories).toEqual(['blue', 'red'])
    expect(Array.from(colour.codes)).toEqual([1, 0, 1, -1])
    const mixed = categorical(ds, 'mixed')
    expect(mixed.categories).toEqual(['1', '3', 'two'])
    expect(Array.from(mixed.codes)).toEqual([0, 2, 1, -1])
    expect(ds.ignored).toEqual([])
  })

  it('ignores a column with one value, and an all-distinct column from 20 rows on', () => {
    const make = (n: number) =>
      ['name,same,unique,kind', ...Array.from({ length: n }, (_, i) => `r${i},x,u${i},k${i % 3}`)]
        .concat(['last,,ulast,k0'])
        .join('\n')
    const big = parseTable('big.csv', make(20))
    expect(big.ignored).toEqual([
      { column: 'same', reason: 'has the same value in every row' },
      { column: 'unique', reason: 'every value is different, so it cannot teach similarity' },
    ])
    expect(big.attributes.map((a) => a.name)).toEqual(['kind'])
    const small = parseTable('small.csv', make(5))
    expect(small.ignored).toEqual([{ column: 'same', reason: 'has the same value in every row' }])
    expect(small.attributes.map((a) => a.name)).toEqual(['unique', 'kind'])
  })

  it('reads TSV by the .tsv extension', () => {
    const ds = parseTable('t.TSV', 'name\tgroup\tnote\na, b\tx\t1,2\nc\ty\t3,4\n')
    expect(ds.format).toBe('TSV table of items with attributes')
    expect(ds.labels).toEqual(['a, b', 'c'])
    expect(categorical(ds, 'group').categories).toEqual(['x', 'y'])
    expect(categorical(ds, 'note').categories).toEqual(['1,2', '3,4'])
  })

  it('reads a .csv with commas, not tabs', () => {
    const ds = parseTable('t.csv', 'name,group\na\tb,x\nc,y\n')
    expect(ds.labels).toEqual(['a\tb', 'c'])
  })

  it('strips a UTF-8 BOM and handles CRLF line ends', () => {
    const ds = parseTable('bom.csv', '\uFEFFlabel,group\r\nOak,broad\r\nPine,conifer\r\n')
    expect(ds.labelColumn).toBe('label')
    expect(ds.labels).toEqual(['Oak', 'Pine'])
    expect(categorical(ds, 'group').categories).toEqual(['broad', 'conifer'])
  })

  it('reads quoted fields containing commas, quotes and newlines', () => {
    const text = [
      'name,group,note',
      '"Smith, J.",a,"said ""hi"""',
      '"two',
      'lines",b,"x,y"',
      'plain,a,"multi',
      '',
      'para"',
      '',
    ].join('\n')
    const ds = parseTable('q.csv', text)
    expect(ds.labels).toEqual(['Smith, J.', 'two\nlines', 'plain'])
    expect(decoded(categorical(ds, 'note'))).toEqual(['said "hi"', 'x,y', 'multi\n\npara'])
    expect(decoded(categorical(ds, 'group'))).toEqual(['a', 'b', 'a'])
  })

  it('skips blank lines between rows', () => {
    const ds = parseTable('b.csv', 'name,group\n\na,x\n\n\nb,y\n\n')
    expect(ds.labels).toEqual(['a', 'b'])
  })
})

describe('dataset errors', () => {
  it('DatasetError names the file, line and column', () => {
    const e = new DatasetError('f.csv', 'went wrong', { line: 4, column: 2 })
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('DatasetError')
    expect(e.message).toBe('f.csv line 4, column 2: went wrong')
    expect([e.file, e.line, e.column]).toEqual(['f.csv', 4, 2])
    expect(new DatasetError('f.csv', 'x', { line: 7 }).message).toBe('f.csv line 7: x')
    const bare = new DatasetError('f.csv', 'x')
    expect(bare.message).toBe('f.csv: x')
    expect(bare.line).toBeUndefined()
    expect(bare.column).toBeUndefined()
  })

  it('rejects an empty file', () => {
    for (const text of ['', '\uFEFF', '  \n\r\n\t\n']) {
      const e = thrown(() => parseTable('e.csv', text))
      expect(e).toBeInstanceOf(DatasetError)
      expect(e.message).toBe('e.csv: the file is empty')
    }
  })

  it('rejects a header without rows', () => {
    for (const text of ['name,group', 'name,group\n', 'name,group\n\n\n']) {
      const e = thrown(() => parseTable('h.csv', text))
      expect(e).toBeInstanceOf(DatasetError)
      expect(e.message).toBe('h.csv: has a header but no rows')
    }
  })

  it('rejects a header with one column or an empty cell', () => {
    expect(() => parseTable('one.csv', 'name\na\nb\n')).toThrow(
      'one.csv line 1: needs a label column and at least one attribute column',
    )
    const e = thrown(() => parseTable('gap.csv', 'name, ,group\na,b,c\n'))
    expect(e.message).toBe('gap.csv line 1, column 2: a header cell is empty')
    expect((e as DatasetError).column).toBe(2)
  })

  it('reports a ragged row with the file name and line', () => {
    const e = thrown(() => parseTable('ragged.csv', 'name,group\na,x\nb,y,z\nc,w\n'))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('ragged.csv line 3: has 3 fields but the header has 2')
    expect((e as DatasetError).line).toBe(3)
    expect(() => parseTable('short.csv', 'name,group,kind\na,x,1\nb,y\n')).toThrow(
      /^short\.csv line 3: has 2 fields but the header has 3$/,
    )
  })

  it('counts the lines of a quoted multi-line field before a ragged row', () => {
    const text = 'name,group\n"a\nb\nc",x\n"d\r\ne",y\nf,z,extra\n'
    expect(() => parseTable('multi.csv', text)).toThrow(
      /^multi\.csv line 7: has 3 fields but the header has 2$/,
    )
    // And with blank lines before it.
    expect(() => parseTable('blank.csv', 'name,group\n\n"a\nb",x\n\nf,z,extra\n')).toThrow(
      /^blank\.csv line 6: has 3 fields/,
    )
  })

  it('reports an empty label with line and column', () => {
    const e = thrown(() => parseTable('l.csv', 'id,name,group\n1,a,x\n2,  ,y\n'))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('l.csv line 3, column 2: the label is empty')
    expect([(e as DatasetError).line, (e as DatasetError).column]).toEqual([3, 2])
  })

  it('reports an unclosed quote with the line where the row starts', () => {
    expect(() => parseTable('q.csv', 'name,group\na,x\n"b,y\nc,z\n')).toThrow(
      /^q\.csv line 3: unclosed quote \(.+\)$/,
    )
  })

  it('rejects a table with nothing to learn from', () => {
    expect(() => parseTable('n.csv', 'name,same\na,x\nb,x\n')).toThrow(
      'n.csv line 1: has no column that can be learned from',
    )
  })

  it('parseFiles reads .csv and .tsv in any case and rejects other formats', () => {
    const text = 'name,group\na,x\nb,y\n'
    expect(parseFiles([{ name: 'T.CSV', text }])).toEqual(parseTable('T.CSV', text))
    expect(parseFiles([{ name: 'dir.v2/t.tsv', text: 'name\tg\na\tx\nb\ty\n' }]).format).toBe(
      'TSV table of items with attributes',
    )
    const e = thrown(() => parseFiles([{ name: 'table.parquet', text: 'PAR1' }]))
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe(
      'table.parquet: is a columnar file: read it with parseAll, not parseFiles',
    )
    expect(() => parseFiles([{ name: 'x.csv.gz', text: '' }])).toThrow(
      /^x\.csv\.gz: \.gz files are not supported yet/,
    )
  })

  it('parseFiles names a file without an extension', () => {
    expect(() => parseFiles([{ name: 'README', text: 'name,g\na,x\n' }])).toThrow(
      'README: has no file extension: name it .csv or .tsv so its format is known',
    )
  })

  it('counts lone carriage returns (old Mac line ends) as line breaks', () => {
    expect(() => parseTable('a.csv', 'name,group\ra,b\rc,d,e\r')).toThrow(
      'a.csv line 3: has 3 fields but the header has 2',
    )
  })

  it('parseFiles rejects several files and no file', () => {
    const text = 'name,group\na,x\nb,y\n'
    const e = thrown(() =>
      parseFiles([
        { name: 'a.csv', text },
        { name: 'b.csv', text },
      ]),
    )
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe('b.csv: loading several files together is not supported yet')
    expect(() => parseFiles([])).toThrow(/^No file was given\.$/)
  })

  it('parseFiles passes table errors through with the file name', () => {
    expect(() => parseFiles([{ name: 'bad.csv', text: 'name,g\na,b,c\n' }])).toThrow(
      'bad.csv line 2: has 3 fields but the header has 2',
    )
  })
})

describe('table preview choices', () => {
  const csv = 'name,code,colour,size\nfir,A1,green,10\noak,B2,green,20\nfig,C3,brown,5\n'
  it('uses another label column and leaves columns out, saying so', () => {
    const ds = parseTable('t.csv', csv, { labelColumn: 'code', exclude: ['size'] })
    expect(ds.labelColumn).toBe('code')
    expect(ds.labels).toEqual(['A1', 'B2', 'C3'])
    const names = ds.attributes.map((a) => a.name)
    expect(names).toContain('colour')
    expect(names).not.toContain('size')
    expect(names).not.toContain('code')
    expect(ds.ignored).toContainEqual({ column: 'size', reason: 'left out' })
  })
  it('names a label column that does not exist', () => {
    expect(() => parseTable('t.csv', csv, { labelColumn: 'nope' })).toThrow(
      't.csv line 1: has no column "nope" to use as the label',
    )
  })
})
