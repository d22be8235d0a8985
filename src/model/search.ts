import type { Attribute } from './datasets/types'

/** What the user typed into the search box. */
export interface SearchQuery {
  /** The substring or pattern; '' matches nothing. At most `MAX_SEARCH_LENGTH` characters. */
  text: string
  /** true: `text` is a JavaScript regular expression (Unicode mode, never global); false: a plain substring. */
  regex: boolean
  /**
   * Where to look: 'label', 'all' (the label or any attribute) or an attribute's name. The two
   * reserved words win over an attribute that happens to be called 'label' or 'all'.
   */
  field: string
  /** Match letter case exactly. Default false (locale-aware case folding). */
  caseSensitive?: boolean
}

/** The items a query found. */
export interface SearchResult {
  /** Matching item indices in ascending order, truncated to `limit`. */
  matches: number[]
  /** How many items match in all, even when `matches` was truncated. */
  total: number
  /** Why the query could not run (invalid pattern, unknown field, too long), for the user; else null. */
  error: string | null
}

/** Which field of an item matched and its displayed value, for the results list. */
export interface MatchDescription {
  /** 'label' or an attribute name. */
  field: string
  value: string
}

/** Longest accepted query text: a cheap guard against pathological patterns and pasted blobs. */
export const MAX_SEARCH_LENGTH = 1000

/** A number as the UI shows it: up to 4 significant digits, trailing zeros dropped (115.7, 0.001234). */
export function formatDisplayNumber(x: number): string {
  return Number.isFinite(x) ? String(+x.toPrecision(4)) : String(x)
}

type Matcher = (s: string) => boolean

/** Builds the string test for a query, or the error to show. Never uses the 'g' flag, so `test` keeps no state. */
function compile(q: SearchQuery): Matcher | string {
  if (q.text.length > MAX_SEARCH_LENGTH)
    return `Search text is too long (${q.text.length} characters; the limit is ${MAX_SEARCH_LENGTH})`
  if (q.regex) {
    let re: RegExp
    try {
      re = new RegExp(q.text, q.caseSensitive ? 'u' : 'iu')
    } catch (e) {
      return `Invalid regular expression: ${regexReason(e)}`
    }
    return (s) => re.test(s)
  }
  if (q.caseSensitive) return (s) => s.includes(q.text)
  const needle = q.text.toLocaleLowerCase()
  return (s) => s.toLocaleLowerCase().includes(needle)
}

/** V8 says "Invalid regular expression: /(/iu: Unterminated group"; keep only the reason. */
function regexReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  if (!msg.startsWith('Invalid regular expression')) return msg
  const at = msg.lastIndexOf(': ')
  return at < 0 ? msg : msg.slice(at + 2)
}

/**
 * A per-item test for one attribute. A categorical attribute tests each category once and then
 * looks codes up, so 100k items cost one array read each; missing values (-1 / NaN) never match.
 */
function attributeTest(a: Attribute, match: Matcher): (i: number) => boolean {
  if (a.kind === 'categorical') {
    const hit = a.categories.map(match)
    const codes = a.codes
    return (i) => hit[codes[i]] === true // a missing code (-1) reads undefined
  }
  const values = a.values
  return (i) => !Number.isNaN(values[i]) && match(formatDisplayNumber(values[i]))
}

/** Item `i`'s value of `a` as the UI shows it, or null when missing. */
function displayValue(a: Attribute, i: number): string | null {
  if (a.kind === 'categorical') return a.codes[i] >= 0 ? a.categories[a.codes[i]] : null
  return Number.isNaN(a.values[i]) ? null : formatDisplayNumber(a.values[i])
}

/** The fields a query looks in, or null when `field` names nothing. */
function fieldsOf(attributes: readonly Attribute[], field: string): (Attribute | 'label')[] | null {
  if (field === 'label') return ['label']
  if (field === 'all') return ['label', ...attributes]
  const a = attributes.find((x) => x.name === field)
  return a ? [a] : null
}

/**
 * Finds the items whose label or attributes match `q`. Linear in the number of items; categorical
 * attributes are tested once per category. `limit` (default 100 000, ≥ 0) caps `matches` only.
 */
export function searchItems(
  labels: readonly string[],
  attributes: readonly Attribute[],
  q: SearchQuery,
  limit = 100_000,
): SearchResult {
  if (q.text === '') return { matches: [], total: 0, error: null }
  const fields = fieldsOf(attributes, q.field)
  if (!fields) return { matches: [], total: 0, error: `Unknown search field "${q.field}"` }
  const match = compile(q)
  if (typeof match === 'string') return { matches: [], total: 0, error: match }
  const tests = fields.map((f) =>
    f === 'label' ? (i: number) => match(labels[i]) : attributeTest(f, match),
  )
  const matches: number[] = []
  let total = 0
  for (let i = 0; i < labels.length; i++) {
    if (!tests.some((t) => t(i))) continue
    total++
    if (matches.length < limit) matches.push(i)
  }
  return { matches, total, error: null }
}

/**
 * The first field of item `i` (label, then attributes in order) that `q` matches, with the value
 * as displayed; null when nothing matches or the query is empty or invalid. Meant for the few
 * rows of a results list: it compiles the query on every call.
 */
export function describeMatch(
  labels: readonly string[],
  attributes: readonly Attribute[],
  q: SearchQuery,
  i: number,
): MatchDescription | null {
  const fields = q.text === '' ? null : fieldsOf(attributes, q.field)
  const match = fields ? compile(q) : null
  if (!fields || typeof match !== 'function') return null
  for (const f of fields) {
    const value = f === 'label' ? labels[i] : displayValue(f, i)
    if (value !== null && match(value)) return { field: f === 'label' ? 'label' : f.name, value }
  }
  return null
}
