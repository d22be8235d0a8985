// The TensorFlow Projector's "custom" projection: two axes, each running from the centroid of the
// items one search matches to the centroid of those another matches (vz_projector
// vz-projector-projections-panel.ts reprojectCustom and getCentroid, data.ts projectLinear and
// normalize, util.ts getSearchPredicate).

/** Vectors of at least this many dimensions are centred and scaled to unit length first, as the Projector does. */
export const SPHEREIZE_MIN_DIM = 50

/** One of the four searches: text matched as a case-insensitive substring, or as a regex. */
export interface AxisQuery {
  text: string
  regex: boolean
}

/** The searches of a custom projection: x from `xLeft` to `xRight`, y from `yDown` to `yUp`. */
export interface CustomAxes {
  /** The metadata column searched. */
  field: string
  xLeft: AxisQuery
  xRight: AxisQuery
  yUp: AxisQuery
  yDown: AxisQuery
}

/**
 * The rows whose value matches a search, by the Projector's rule (getSearchPredicate): a
 * case-insensitive regular expression, or a case-insensitive substring. A regular expression
 * that does not compile throws a SyntaxError.
 */
export function projectorMatches(values: readonly string[], q: AxisQuery): number[] {
  const test = q.regex
    ? (
        (re) => (v: string) =>
          re.test(v)
      )(new RegExp(q.text, 'i'))
    : (
        (t) => (v: string) =>
          v.toLowerCase().includes(t)
      )(q.text.toLowerCase())
  const out: number[] = []
  values.forEach((v, i) => {
    if (test(v)) out.push(i)
  })
  return out
}

/**
 * The custom projection of `n` vectors of `dim` numbers: each item's x is its dot product with
 * centroid(xRight) − centroid(xLeft), its y with centroid(yUp) − centroid(yDown), on the vectors
 * as the Projector holds them (from SPHEREIZE_MIN_DIM dimensions: centred, then unit length).
 * Every group must have at least one row (the Projector takes a random direction otherwise).
 */
export function customAxesLayout(
  data: Float32Array,
  n: number,
  dim: number,
  groups: { xLeft: number[]; xRight: number[]; yUp: number[]; yDown: number[] },
): Float32Array {
  const v = sphereized(data, n, dim)
  const centroid = (rows: number[]) => {
    const c = new Float64Array(dim)
    for (const i of rows) for (let d = 0; d < dim; d++) c[d] += v[i * dim + d]
    return c.map((x) => x / rows.length)
  }
  const direction = (from: number[], to: number[]) => {
    const a = centroid(from)
    return centroid(to).map((x, d) => x - a[d])
  }
  const dirs = [direction(groups.xLeft, groups.xRight), direction(groups.yDown, groups.yUp)]
  const out = new Float32Array(n * 2)
  for (let i = 0; i < n; i++)
    dirs.forEach((dir, k) => {
      let dot = 0
      for (let d = 0; d < dim; d++) dot += v[i * dim + d] * dir[d]
      out[i * 2 + k] = dot
    })
  return out
}

/** The vectors the Projector projects: as loaded below SPHEREIZE_MIN_DIM, else centred and unit length. */
function sphereized(data: Float32Array, n: number, dim: number): Float64Array {
  const v = Float64Array.from(data.subarray(0, n * dim))
  if (dim < SPHEREIZE_MIN_DIM) return v
  const mean = new Float64Array(dim)
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += v[i * dim + d] / n
  for (let i = 0; i < n; i++) {
    let sq = 0
    for (let d = 0; d < dim; d++) sq += (v[i * dim + d] -= mean[d]) ** 2
    // A vector at the centroid stays zero (the Projector guards against dividing by 0 too).
    const norm = Math.sqrt(sq)
    if (norm > 0) for (let d = 0; d < dim; d++) v[i * dim + d] /= norm
  }
  return v
}
