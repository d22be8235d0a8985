// The TensorFlow Projector's "custom" projection: two axes, each running from the centroid of the
// items one search matches to the centroid of those another matches (vz_projector
// vz-projector-projections-panel.ts reprojectCustom and getCentroid, data.ts projectLinear and
// normalize, util.ts getSearchPredicate).
import type { Tick } from '../tick'

/** Vectors of at least this many dimensions are centred and scaled to unit length first, as the Projector does. */
export const SPHEREIZE_MIN_DIM = 50

/** One of the four searches: text matched as a case-insensitive substring, or as a regex. */
export interface AxisQuery {
  text: string
  regex: boolean
}

/** The rows each search matched: x runs from `xLeft` to `xRight`, y from `yDown` to `yUp`. */
export interface AxisGroups {
  xLeft: number[]
  xRight: number[]
  yUp: number[]
  yDown: number[]
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
 * Three passes over the vectors, no copy of them: item i's sphereized vector is (v_i − mean)·s_i.
 * `tick` is called every 256 rows of every pass (a worker's beacon: 0.3–0.5 s at 50,000 × 768).
 */
export function customAxesLayout(
  data: Float32Array,
  n: number,
  dim: number,
  groups: AxisGroups,
  tick?: Tick,
): Float32Array {
  const sphere = dim >= SPHEREIZE_MIN_DIM
  const mean = new Float64Array(dim)
  if (sphere) {
    for (let i = 0; i < n; i++) {
      if ((i & 255) === 0) tick?.()
      for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d]
    }
    for (let d = 0; d < dim; d++) mean[d] /= n
  }
  // Each row's scale: 1 / length of the centred row (a row at the centroid stays zero, as there).
  const scale = new Float64Array(n).fill(1)
  if (sphere)
    for (let i = 0; i < n; i++) {
      if ((i & 255) === 0) tick?.()
      let sq = 0
      for (let d = 0; d < dim; d++) {
        const t = data[i * dim + d] - mean[d]
        sq += t * t
      }
      scale[i] = sq > 0 ? 1 / Math.sqrt(sq) : 0
    }
  const centroid = (rows: number[]) => {
    const c = new Float64Array(dim)
    rows.forEach((i, r) => {
      if ((r & 255) === 0) tick?.()
      for (let d = 0; d < dim; d++) c[d] += ((data[i * dim + d] - mean[d]) * scale[i]) / rows.length
    })
    return c
  }
  const direction = (from: number[], to: number[]) => {
    const a = centroid(from)
    return centroid(to).map((x, d) => x - a[d])
  }
  const [dx, dy] = [direction(groups.xLeft, groups.xRight), direction(groups.yDown, groups.yUp)]
  // (v − mean)·dir = v·dir − mean·dir: one pass for both axes.
  let mx = 0
  let my = 0
  for (let d = 0; d < dim; d++) {
    mx += mean[d] * dx[d]
    my += mean[d] * dy[d]
  }
  const out = new Float32Array(n * 2)
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) tick?.()
    let x = 0
    let y = 0
    for (let d = 0; d < dim; d++) {
      const v = data[i * dim + d]
      x += v * dx[d]
      y += v * dy[d]
    }
    out[i * 2] = (x - mx) * scale[i]
    out[i * 2 + 1] = (y - my) * scale[i]
  }
  return out
}
