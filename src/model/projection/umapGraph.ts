import type { UMAP } from 'umap-js'
import type { Tick } from '../tick'

// umap-js's graph construction over typed arrays: the same numbers, several times faster.

/**
 * umap-js's symmetric fuzzy graph, shaped as its set-up reads `this.graph` (getValues, map,
 * getAll in row-then-column order, nRows, nCols): nothing else touches it when fitting.
 */
class FuzzyGraph {
  constructor(
    readonly nRows: number,
    readonly nCols: number,
    private readonly rows: Int32Array,
    private readonly cols: Int32Array,
    private readonly vals: Float64Array,
  ) {}

  getValues(): number[] {
    return Array.from(this.vals)
  }

  map(fn: (value: number, row: number, col: number) => number): FuzzyGraph {
    const vals = this.vals.map((v, e) => fn(v, this.rows[e], this.cols[e]))
    return new FuzzyGraph(this.nRows, this.nCols, this.rows, this.cols, vals)
  }

  getAll(): { value: number; row: number; col: number }[] {
    return Array.from(this.vals, (value, e) => ({ value, row: this.rows[e], col: this.cols[e] }))
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length

/**
 * umap-js 1.4's `fuzzySimplicialSet` (smoothKNNDistance with local connectivity 1, membership
 * strengths, then the fuzzy union S + Sᵀ − S∘Sᵀ) with the same floating-point operations in the
 * same order, over CSR arrays instead of sparse matrices keyed by "row:col" strings.
 */
function fuzzyGraph(indices: number[][], distances: number[][], tick?: Tick): FuzzyGraph {
  const n = indices.length
  const k = indices[0].length
  const target = Math.log(k) / Math.log(2)
  let globalMean = NaN
  const strength = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) tick?.()
    const d = distances[i]
    const rho = d.find((v) => v > 0) ?? 0
    let lo = 0
    let hi = Infinity
    let mid = 1
    for (let it = 0; it < 64; it++) {
      let psum = 0
      for (let j = 1; j < k; j++) psum += d[j] - rho > 0 ? Math.exp(-((d[j] - rho) / mid)) : 1
      if (Math.abs(psum - target) < 1e-5) break
      if (psum > target) {
        hi = mid
        mid = (lo + hi) / 2
      } else {
        lo = mid
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2
      }
    }
    if (rho <= 0 && Number.isNaN(globalMean)) globalMean = mean(distances.map(mean))
    const floor = 1e-3 * (rho > 0 ? mean(d) : globalMean)
    const sigma = mid < floor ? floor : mid
    for (let j = 0; j < k; j++)
      strength[i * k + j] =
        indices[i][j] === i ? 0 : d[j] - rho <= 0 ? 1 : Math.exp(-((d[j] - rho) / sigma))
  }
  // Transpose by counting sort: for each column c, the rows that list c and their strengths.
  const tStart = new Int32Array(n + 1)
  for (const row of indices) for (const c of row) if (c >= 0) tStart[c + 1]++
  for (let c = 0; c < n; c++) tStart[c + 1] += tStart[c]
  const tRow = new Int32Array(tStart[n])
  const tVal = new Float64Array(tStart[n])
  const fill = tStart.slice(0, n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      const c = indices[i][j]
      if (c < 0) continue
      tRow[fill[c]] = i
      tVal[fill[c]++] = strength[i * k + j]
    }
  // Union of row i of S and of Sᵀ, columns ascending; an absent entry is 0 as in umap-js.
  const s = new Float64Array(n)
  const t = new Float64Array(n)
  const mark = new Int32Array(n).fill(-1)
  const rows: number[] = []
  const cols: number[] = []
  const vals: number[] = []
  tick?.()
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0) tick?.()
    const seen: number[] = []
    for (let j = 0; j < k; j++) {
      const c = indices[i][j]
      if (c < 0) continue
      if (mark[c] !== i) seen.push(c)
      mark[c] = i
      s[c] = strength[i * k + j]
    }
    for (let e = tStart[i]; e < tStart[i + 1]; e++) {
      const c = tRow[e]
      if (mark[c] !== i) seen.push(c)
      mark[c] = i
      t[c] = tVal[e]
    }
    for (const c of seen.sort((a, b) => a - b)) {
      rows.push(i)
      cols.push(c)
      vals.push(s[c] + t[c] - s[c] * t[c])
      s[c] = 0
      t[c] = 0
    }
  }
  return new FuzzyGraph(n, n, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(vals))
}

/**
 * Routes umap-js's graph construction to `fuzzyGraph` and skips its search graph (only
 * `transform()` reads it, and we never call that). These are private methods of umap-js 1.4: if
 * they are not there, nothing is replaced and umap-js's own code runs, slower but correct.
 */
export function installFastGraph(
  umap: UMAP,
  indices: number[][],
  distances: number[][],
  tick?: Tick,
): void {
  const inner = umap as unknown as Record<string, unknown>
  if (typeof inner.fuzzySimplicialSet !== 'function' || typeof inner.makeSearchGraph !== 'function')
    return
  const none = new Int32Array(0)
  inner.fuzzySimplicialSet = () => fuzzyGraph(indices, distances, tick)
  inner.makeSearchGraph = () => new FuzzyGraph(0, 0, none, none, new Float64Array(0))
}
