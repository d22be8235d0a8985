import { DatasetError } from './errors'
import { readRows } from './table'
import type { PairsDataset } from './types'

/** The columns a file of interactions may have; `rating` is optional. */
export const PAIR_COLUMNS = ['user', 'item', 'rating'] as const

/** Fewer users or items than this leave nothing to compare. */
const MIN_PER_ROLE = 2

/** Numbers names by first appearance. A Map, so names such as `__proto__` are ordinary keys. */
class Names {
  readonly labels: string[] = []
  private readonly ids = new Map<string, number>()

  id(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = this.labels.length
      this.ids.set(name, id)
      this.labels.push(name)
    }
    return id
  }
}

/** The 0-based column of each of user, item and rating (-1 when there is no rating column). */
function columnsOf(file: string, cells: string[], line: number) {
  const names = cells.map((c) => c.trim().toLowerCase())
  const seen = new Map<string, number>()
  names.forEach((name, i) => {
    if (name === '') throw new DatasetError(file, 'a header cell is empty', { line, column: i + 1 })
    if (seen.has(name))
      throw new DatasetError(file, `the column "${cells[i].trim()}" appears twice`, {
        line,
        column: i + 1,
      })
    seen.set(name, i)
  })
  const extra = cells
    .map((c) => c.trim())
    .filter((_, i) => !PAIR_COLUMNS.some((p) => p === names[i]))
  if (extra.length > 0)
    throw new DatasetError(
      file,
      `has columns other than user, item and rating: ${extra.map((e) => `"${e}"`).join(', ')}` +
        ' (a file of interactions has only user, item and an optional rating)',
      { line },
    )
  const user = seen.get('user')
  const item = seen.get('item')
  if (user === undefined || item === undefined)
    throw new DatasetError(
      file,
      `needs a user and an item column, but the header has only ${names.join(', ')}`,
      { line },
    )
  return { user, item, rating: seen.get('rating') ?? -1 }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * Parses interactions (ARCHITECTURE.md, format 3): a `.csv` or `.tsv` with a header of `user`,
 * `item` and optionally `rating` (case-insensitive, any order, nothing else). Users are numbered
 * by first appearance as rows 0 … users−1, items follow; a name used as both a user and an item
 * gets one row per role. When the same user and item appear in several rows, they make one
 * interaction, placed where the pair first appears, with the rating of the last row (a later
 * rating replaces an earlier one, as when someone changes their mind).
 */
export function parsePairs(file: string, rawText: string): PairsDataset {
  const text = rawText.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new DatasetError(file, 'the file is empty')
  const delimiter = file.toLowerCase().endsWith('.tsv') ? '\t' : ','
  const [header, ...body] = readRows(file, text, delimiter)
  const col = columnsOf(file, header.cells, header.line)
  if (body.length === 0) throw new DatasetError(file, 'has a header but no rows')
  const width = header.cells.length
  const users = new Names()
  const items = new Names()
  const index = new Map<string, number>()
  const userIds: number[] = []
  const itemIds: number[] = []
  const ratings: number[] = []
  for (const { cells, line } of body) {
    if (cells.length !== width)
      throw new DatasetError(file, `has ${cells.length} fields but the header has ${width}`, {
        line,
      })
    const user = cells[col.user].trim()
    if (user === '')
      throw new DatasetError(file, 'the user is empty', { line, column: col.user + 1 })
    const item = cells[col.item].trim()
    if (item === '')
      throw new DatasetError(file, 'the item is empty', { line, column: col.item + 1 })
    let rating = NaN
    if (col.rating >= 0) {
      const raw = cells[col.rating].trim()
      const column = col.rating + 1
      if (raw === '') throw new DatasetError(file, 'the rating is empty', { line, column })
      rating = Number(raw)
      if (!Number.isFinite(rating))
        throw new DatasetError(file, `the rating "${raw}" is not a finite number`, { line, column })
    }
    const u = users.id(user)
    const i = items.id(item)
    const key = `${u} ${i}`
    const seen = index.get(key)
    if (seen !== undefined) {
      ratings[seen] = rating
      continue
    }
    index.set(key, userIds.length)
    userIds.push(u)
    itemIds.push(i)
    ratings.push(rating)
  }
  const nUsers = users.labels.length
  const nItems = items.labels.length
  if (nUsers < MIN_PER_ROLE)
    throw new DatasetError(
      file,
      `has only ${plural(nUsers, 'user')}; at least ${MIN_PER_ROLE} are needed`,
    )
  if (nItems < MIN_PER_ROLE)
    throw new DatasetError(
      file,
      `has only ${plural(nItems, 'item')}; at least ${MIN_PER_ROLE} are needed`,
    )
  const kind = delimiter === '\t' ? 'TSV' : 'CSV'
  return {
    kind: 'pairs',
    name: file,
    format:
      col.rating >= 0
        ? `${kind} of user,item,rating interactions`
        : `${kind} of user,item interactions (no ratings)`,
    labels: [...users.labels, ...items.labels],
    users: nUsers,
    userRows: Int32Array.from(userIds),
    itemRows: Int32Array.from(itemIds, (i) => nUsers + i),
    ratings: col.rating >= 0 ? Float32Array.from(ratings) : null,
    attributes: [
      {
        kind: 'categorical',
        name: 'role',
        categories: ['item', 'user'],
        codes: Int32Array.from({ length: nUsers + nItems }, (_, row) => (row < nUsers ? 1 : 0)),
      },
    ],
  }
}
