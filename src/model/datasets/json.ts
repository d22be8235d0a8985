import { DatasetError } from './errors'
import type { TableDataset, VectorsDataset } from './types'
import {
  FLOAT32_MAX,
  VECTOR_LABEL_COLUMNS,
  buildAttributes,
  numberedLabels,
  vectorsDataset,
} from './vectors'

/** Keys that hold the label in a JSON table, as table.ts's label columns. */
const TABLE_LABEL_KEYS = ['label', 'name', 'item']

/** Keys whose list of numbers makes each object a vector. */
const VECTOR_KEYS = ['vector', 'embedding']

type Where = { line?: number; column?: number }

/** The 1-based line and column of a character offset (\n, \r\n and a lone \r end a line). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++
      start = i + 1
    }
  }
  return { line, column: offset - start + 1 }
}

class JsonSyntax {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

/**
 * Where and why JSON.parse failed, found by a small recursive-descent checker (JSON.parse's own
 * messages differ between browsers and some give no position). Returns null if it finds no error.
 */
function syntaxError(text: string): JsonSyntax | null {
  const n = text.length
  let i = 0
  const fail = (problem?: string): never => {
    const word = /[\w$]+/y
    word.lastIndex = i
    const found = i >= n ? 'end of file' : JSON.stringify(word.exec(text)?.[0] ?? text[i])
    throw new JsonSyntax(i, problem ?? `unexpected ${found}`)
  }
  const ws = () => {
    while (i < n && ' \t\n\r'.includes(text[i])) i++
  }
  const string = () => {
    for (i++; ; i++) {
      if (i >= n) fail('a string is not closed')
      const c = text.charCodeAt(i)
      if (c === 34) return void i++
      if (c < 32) fail('a line break or control character inside a string')
      if (c === 92) {
        i++
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4
        else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('an invalid escape in a string')
      }
    }
  }
  const list = (close: string, item: () => void) => {
    i++
    ws()
    if (text[i] === close) return void i++
    for (;;) {
      item()
      ws()
      if (text[i] === close) return void i++
      if (text[i] !== ',') fail(`expected "," or "${close}"`)
      i++
    }
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{')
      list('}', () => {
        ws()
        if (text[i] !== '"') fail('expected a key in double quotes')
        string()
        ws()
        if (text[i] !== ':') fail('expected ":" after a key')
        i++
        value()
      })
    else if (c === '[') list(']', value)
    else if (c === '"') string()
    else {
      const literal = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
      literal.lastIndex = i
      const m = literal.exec(text)
      if (!m || m[0] === '' || m[0] === '-') fail()
      i += m?.[0].length ?? 0
    }
  }
  try {
    value()
    ws()
    if (i < n) fail()
    return null
  } catch (e) {
    if (e instanceof JsonSyntax) return e
    return null // nested too deep to check: no position
  }
}

/** JSON.parse with an error naming the file, line and column. */
export function parseJson(file: string, raw: string): unknown {
  const text = raw.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new DatasetError(file, 'the file is empty')
  try {
    return JSON.parse(text)
  } catch (e) {
    const found = syntaxError(text)
    if (!found) throw new DatasetError(file, `invalid JSON (${(e as Error).message})`)
    throw new DatasetError(file, `invalid JSON: ${found.problem}`, lineColumn(text, found.offset))
  }
}

/** The offset of each element of a valid JSON text's top-level array. */
function elementOffsets(text: string): number[] {
  const out: number[] = []
  let depth = 0
  let want = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (want && !' \t\n\r]'.includes(c)) {
      out.push(i)
      want = false
    }
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++
    } else if (c === '[' || c === '{') want = ++depth === 1
    else if (c === ']' || c === '}') depth--
    else if (c === ',' && depth === 1) want = true
  }
  return out
}

/** What a JSON value is, for messages: "a number", "a list", "null". */
function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** An own property only: `o['__proto__']` must not find Object.prototype. */
function get(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined
}

/** A JSON value as a table cell: '' for missing or null. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** Copies a list of numbers into `data` at `base`, or names what is wrong with it. */
function copyVector(v: unknown, dim: number, data: Float32Array, base: number): string | null {
  if (!Array.isArray(v)) return `is ${describe(v)}, not a list of numbers`
  if (v.length !== dim) return `has ${v.length} numbers, expected ${dim} (as the first)`
  for (let j = 0; j < dim; j++) {
    const x: unknown = v[j]
    if (typeof x !== 'number' || !(Math.abs(x) <= FLOAT32_MAX))
      return `holds ${JSON.stringify(x) ?? 'undefined'} at position ${j + 1}, not a finite number`
    data[base + j] = x
  }
  return null
}

/** A list of objects → vectors (if the first has a `vector`/`embedding` list) or a table. */
function fromObjects(
  file: string,
  items: unknown[],
  where: (k: number) => Where,
  kind: string,
): TableDataset | VectorsDataset {
  if (items.length === 0)
    throw new DatasetError(file, 'the list is empty: expected a list of objects, one per item')
  const keys = new Set<string>()
  items.forEach((o, k) => {
    if (!isObject(o))
      throw new DatasetError(file, `item ${k + 1} is ${describe(o)}, not an object`, where(k))
    for (const key of Object.keys(o)) keys.add(key)
  })
  const objects = items as Record<string, unknown>[]
  const names = [...keys]
  const lower = names.map((n) => n.toLowerCase())
  const column = (name: string) => objects.map((o) => cell(get(o, name)))
  const vectorKey = names.find(
    (n, i) => VECTOR_KEYS.includes(lower[i]) && Array.isArray(get(objects[0], n)),
  )
  const pick = (candidates: string[], skip?: string) =>
    candidates.map((c) => names.find((n, i) => lower[i] === c && n !== skip)).find((n) => n)
  if (vectorKey) {
    const dim = (get(objects[0], vectorKey) as unknown[]).length
    const data = new Float32Array(objects.length * dim)
    objects.forEach((o, k) => {
      const problem = copyVector(get(o, vectorKey), dim, data, k * dim)
      if (problem)
        throw new DatasetError(file, `"${vectorKey}" of item ${k + 1} ${problem}`, where(k))
    })
    const labelKey = pick(VECTOR_LABEL_COLUMNS, vectorKey)
    const labels = labelKey ? column(labelKey).map((l) => l.trim()) : numberedLabels(objects.length)
    labels.forEach((l, k) => {
      if (l === '')
        throw new DatasetError(file, `item ${k + 1} has an empty "${labelKey}"`, where(k))
    })
    const rest = names.filter((n) => n !== vectorKey)
    const { attributes } = buildAttributes(rest, (i) => column(rest[i]))
    const label = labelKey ?? 'no label: items are numbered from 0'
    const format = `${kind} list of {${label}, ${vectorKey}} objects, ${dim} numbers each`
    return vectorsDataset(file, format, labels, dim, data, attributes)
  }
  const labelColumn = pick(TABLE_LABEL_KEYS) ?? names[0]
  if (names.length < 2)
    throw new DatasetError(file, 'each object needs a label and at least one attribute', where(0))
  const labels = column(labelColumn).map((l) => l.trim())
  labels.forEach((l, k) => {
    if (l === '')
      throw new DatasetError(file, `item ${k + 1} has an empty "${labelColumn}"`, where(k))
  })
  const nested = (n: string) =>
    objects.some((o) => typeof get(o, n) === 'object' && get(o, n) !== null)
  const rest = names.filter((n) => n !== labelColumn && !nested(n))
  const { attributes, ignored } = buildAttributes(rest, (i) => column(rest[i]))
  for (const n of names)
    if (n !== labelColumn && nested(n))
      ignored.push({ column: n, reason: 'holds lists or objects, not single values' })
  if (attributes.length === 0) throw new DatasetError(file, 'has no key that can be learned from')
  const format = `${kind} table of items with attributes`
  return { kind: 'table', name: file, format, labelColumn, labels, attributes, ignored }
}

/** An object mapping each label to a list of numbers → vectors. */
function fromMapping(file: string, text: string, value: Record<string, unknown>): VectorsDataset {
  const labels = Object.keys(value)
  if (labels.length === 0)
    throw new DatasetError(file, 'is an empty object: expected a list of objects')
  const where = (key: string): Where => {
    const at = text.indexOf(`${JSON.stringify(key)}:`)
    return at < 0 ? {} : lineColumn(text, at)
  }
  const first = value[labels[0]]
  if (!Array.isArray(first))
    throw new DatasetError(
      file,
      `expected a list of objects, or an object mapping each label to a list of numbers, but ` +
        `"${labels[0]}" holds ${describe(first)}`,
      where(labels[0]),
    )
  const dim = first.length
  const data = new Float32Array(labels.length * dim)
  labels.forEach((label, k) => {
    const problem = copyVector(value[label], dim, data, k * dim)
    if (problem) throw new DatasetError(file, `"${label}" ${problem}`, where(label))
  })
  const format = `JSON object mapping each label to a list of ${dim} numbers`
  return vectorsDataset(file, format, labels, dim, data)
}

/**
 * A `.json` dataset: a list of objects (a table, or vectors when they hold a `vector` or
 * `embedding` list of numbers) or an object mapping each label to a list of numbers.
 */
export function parseJsonDataset(file: string, raw: string): TableDataset | VectorsDataset {
  const text = raw.replace(/^\uFEFF/, '')
  const value = parseJson(file, text)
  if (Array.isArray(value)) {
    let offsets: number[] | null = null
    const where = (k: number) => lineColumn(text, (offsets ??= elementOffsets(text))[k] ?? 0)
    return fromObjects(file, value, where, 'JSON')
  }
  if (isObject(value)) return fromMapping(file, text, value)
  throw new DatasetError(
    file,
    `expected a list of objects, found ${describe(value)} at the top level`,
  )
}

/** A `.jsonl` dataset: one JSON object per line (blank lines skipped), read like a `.json` list. */
export function parseJsonLines(file: string, raw: string): TableDataset | VectorsDataset {
  const items: unknown[] = []
  const lines: number[] = []
  raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((text, i) => {
      if (text.trim() === '') return
      const line = i + 1
      try {
        items.push(JSON.parse(text))
      } catch {
        const found = syntaxError(text)
        const column = found ? found.offset + 1 : undefined
        throw new DatasetError(file, `invalid JSON: ${found?.problem ?? 'cannot be read'}`, {
          line,
          column,
        })
      }
      lines.push(line)
    })
  if (items.length === 0) throw new DatasetError(file, 'the file is empty')
  return fromObjects(file, items, (k) => ({ line: lines[k] }), 'JSON Lines')
}
