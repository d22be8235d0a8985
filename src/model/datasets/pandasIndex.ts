// pandas writes its index as an unnamed first column: `df.to_csv(path)` heads it "" and a file
// read back with pd.read_csv and saved again (CSV or Parquet) heads it "Unnamed: 0". It holds row
// numbers (0…n−1 for the default RangeIndex), never data: it must not become a vector dimension
// or an attribute.

/** Whether a header cell is how pandas names its saved index: "" or "Unnamed: 0". */
export function isPandasIndexName(name: string): boolean {
  const n = name.trim()
  return n === '' || n === 'Unnamed: 0'
}

/** Whether the values are distinct whole numbers (as text or numbers), as an index holds. */
export function isIndexValues(values: ArrayLike<unknown>): boolean {
  const seen = new Set<number>()
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    const x = typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v.trim()) : v
    if (
      typeof x !== 'number' ||
      !Number.isSafeInteger(x) ||
      (typeof v === 'string' && v.trim() === '')
    )
      return false
    if (seen.has(x)) return false
    seen.add(x)
  }
  return values.length > 0
}

/**
 * Which column of a delimited file is pandas' index: the first, when its header cell is "" or
 * "Unnamed: 0" and every row holds a distinct whole number there; else -1.
 */
export function pandasIndexColumn(header: string[], rows: string[][]): number {
  if (header.length < 2 || !isPandasIndexName(header[0])) return -1
  return isIndexValues(rows.map((r) => r[0] ?? '')) ? 0 : -1
}

/** What the preview says about the column it left out. */
export function pandasIndexNote(name: string): string {
  return `pandas' index column ${JSON.stringify(name.trim())} left out (row numbers, not data)`
}
