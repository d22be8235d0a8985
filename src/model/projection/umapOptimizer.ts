import type { UMAP } from 'umap-js'

/** Mantissa bits that index `PowB`'s table: 4,096 entries, interpolated linearly. */
const TABLE_BITS = 12

/**
 * x^b for one fixed b, about ten times sooner than `Math.pow` (which costs ~150 ns in V8 and is
 * most of a UMAP epoch): x = m·2^e with m in [1, 2), so x^b = (2^b)^e · m^b, the first factor
 * from a table by exponent, the second from a table over m's top 12 bits, interpolated linearly
 * (relative error under 2e-8 for b up to 2). Falls back to `Math.pow` for 0, subnormals,
 * infinities and NaN.
 */
export class PowB {
  private readonly byExponent = new Float64Array(2048)
  private readonly byMantissa = new Float64Array((1 << TABLE_BITS) + 1)
  private readonly bits = new Float64Array(1)
  private readonly words = new Uint32Array(this.bits.buffer)

  constructor(readonly b: number) {
    for (let e = 1; e < 2047; e++) this.byExponent[e] = Math.pow(2, b * (e - 1023))
    for (let k = 0; k <= 1 << TABLE_BITS; k++)
      this.byMantissa[k] = Math.pow(1 + k / (1 << TABLE_BITS), b)
  }

  /** x^b. */
  of(x: number): number {
    this.bits[0] = x
    const hi = this.words[1]
    const e = (hi >>> 20) & 0x7ff
    if (e === 0 || e === 0x7ff || hi >>> 31) return Math.pow(x, this.b)
    const k = (hi >>> (20 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1)
    // The rest of the mantissa, as a fraction of one table step.
    const t =
      ((hi & ((1 << (20 - TABLE_BITS)) - 1)) + this.words[0] / 4294967296) /
      (1 << (20 - TABLE_BITS))
    const m = this.byMantissa
    return this.byExponent[e] * (m[k] + (m[k + 1] - m[k]) * t)
  }
}

/** Largest step along one axis (umap-learn's and umap-js's clip). */
const CLIP = 4
/** A negative sample at the same spot as the point moves it this far along every axis. */
const COINCIDENT_STEP = 4

/**
 * What umap-js's optimiser keeps between epochs (`optimizationState` after `initializeFit`):
 * the graph's edges with their sampling schedule, the curve parameters and the step size.
 */
interface UmapJsState {
  head: number[]
  tail: number[]
  epochsPerSample: number[]
  epochOfNextSample: number[]
  epochOfNextNegativeSample: number[]
  epochsPerNegativeSample: number[]
  initialAlpha: number
  gamma: number
  a: number
  b: number
  nEpochs: number
  nVertices: number
}

/**
 * UMAP's layout optimisation (umap-learn's `optimize_layout_euclidean`, as umap-js runs it) over
 * typed arrays: every edge is sampled on its schedule, pulls its two ends together and pushes
 * its head away from randomly drawn points; the step size decays linearly to 0 over nEpochs.
 * The same steps as umap-js's `optimizeLayoutStep`, drawing the same random numbers, with one
 * difference: d^b comes from `PowB` (relative error under 2e-8) instead of two `Math.pow` calls
 * a positive sample and one a negative, which were most of an epoch's time.
 */
export class UmapOptimizer {
  /** The layout being optimised, n·dims, row-major. */
  readonly embedding: Float64Array
  /** Epochs done. */
  epoch = 0
  readonly nEpochs: number
  private readonly head: Int32Array
  private readonly tail: Int32Array
  private readonly epochsPerSample: Float64Array
  private readonly epochOfNextSample: Float64Array
  private readonly epochOfNextNegativeSample: Float64Array
  private readonly epochsPerNegativeSample: Float64Array
  private readonly initialAlpha: number
  private alpha: number
  private readonly gamma: number
  private readonly a: number
  private readonly b: number
  private readonly nVertices: number
  private readonly pow: PowB

  /**
   * Takes over `umap`'s optimisation after `initializeFit` (its schedule and parameters) and
   * starts from `start` (n·dims). `random` must be the generator `umap` was given, so negative
   * samples are drawn from the same stream.
   */
  constructor(
    umap: UMAP,
    start: ArrayLike<number>,
    readonly dims: number,
    private readonly random: () => number,
  ) {
    const s = (umap as unknown as { optimizationState: UmapJsState }).optimizationState
    this.head = Int32Array.from(s.head)
    this.tail = Int32Array.from(s.tail)
    this.epochsPerSample = Float64Array.from(s.epochsPerSample)
    this.epochOfNextSample = Float64Array.from(s.epochOfNextSample)
    this.epochOfNextNegativeSample = Float64Array.from(s.epochOfNextNegativeSample)
    this.epochsPerNegativeSample = Float64Array.from(s.epochsPerNegativeSample)
    this.initialAlpha = this.alpha = s.initialAlpha
    this.gamma = s.gamma
    this.a = s.a
    this.b = s.b
    this.pow = new PowB(s.b)
    this.nEpochs = s.nEpochs
    this.nVertices = s.nVertices
    this.embedding = Float64Array.from(start)
  }

  /** Runs one epoch (nothing once nEpochs are done); returns the epochs done. */
  step(): number {
    if (this.epoch >= this.nEpochs) return this.epoch
    const n = this.epoch
    const { head, tail, epochsPerSample, epochOfNextSample, dims, random, nVertices } = this
    const { epochOfNextNegativeSample, epochsPerNegativeSample, a, b, gamma, alpha, pow } = this
    const y = this.embedding
    for (let i = 0; i < epochsPerSample.length; i++) {
      if (epochOfNextSample[i] > n) continue
      const j = head[i]
      const k = tail[i]
      const cj = j * dims
      const ck = k * dims
      let d2 = 0
      for (let d = 0; d < dims; d++) {
        const diff = y[cj + d] - y[ck + d]
        d2 += diff * diff
      }
      let coeff = 0
      if (d2 > 0) {
        // −2ab·d^(b−1) / (a·d^b + 1), with d^(b−1) = d^b / d.
        const pb = pow.of(d2)
        coeff = (-2.0 * a * b * (pb / d2)) / (a * pb + 1.0)
      }
      for (let d = 0; d < dims; d++) {
        let g = coeff * (y[cj + d] - y[ck + d])
        if (g > CLIP) g = CLIP
        else if (g < -CLIP) g = -CLIP
        y[cj + d] += g * alpha
        y[ck + d] += -g * alpha
      }
      epochOfNextSample[i] += epochsPerSample[i]
      const negatives = Math.floor((n - epochOfNextNegativeSample[i]) / epochsPerNegativeSample[i])
      for (let p = 0; p < negatives; p++) {
        const o = Math.floor(random() * nVertices)
        const co = o * dims
        let e2 = 0
        for (let d = 0; d < dims; d++) {
          const diff = y[cj + d] - y[co + d]
          e2 += diff * diff
        }
        let push = 0
        if (e2 > 0) push = (2.0 * gamma * b) / ((0.001 + e2) * (a * pow.of(e2) + 1))
        else if (j === o) continue
        for (let d = 0; d < dims; d++) {
          let g = COINCIDENT_STEP
          if (push > 0) {
            g = push * (y[cj + d] - y[co + d])
            if (g > CLIP) g = CLIP
            else if (g < -CLIP) g = -CLIP
          }
          y[cj + d] += g * alpha
        }
      }
      epochOfNextNegativeSample[i] += negatives * epochsPerNegativeSample[i]
    }
    this.alpha = this.initialAlpha * (1.0 - n / this.nEpochs)
    return ++this.epoch
  }
}
