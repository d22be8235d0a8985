import type { Tick } from '../tick'
import { gaussianMatrix } from '../training/random'
import { knnGraph } from './knn'
import { goesApproximate, type KnnMode, type LayoutGraph, layoutKnn } from './layoutKnn'
import { approximateKnn } from './nndescent'
import { pcaReduce } from './reduce'
import { SpaceTree } from './spacetree'
import {
  conditionalAffinities,
  effectivePerplexity,
  neighboursFor,
  type SparseAffinities,
  symmetrise,
} from './tsneAffinity'
import { barnesHutGradientInto, klDivergence } from './tsneGradient'
import type { Projector } from './types'

export { barnesHutGradient, exactGradient, klDivergence } from './tsneGradient'
export type { TsneGradient } from './tsneGradient'
export type { SparseAffinities } from './tsneAffinity'

/** t-SNE hyperparameters (names and defaults follow scikit-learn / bhtsne where they exist). */
export interface TsneParams {
  /**
   * Effective number of neighbours each point's Gaussian is tuned to. Default 30, range 2–100;
   * lowered to (n − 1)/3 when there are too few points. Uses k = ⌊3·perplexity⌋ neighbours.
   */
  perplexity: number
  /**
   * Gradient-descent step size. Default 'auto' = max(n / earlyExaggeration / 4, 50), as
   * scikit-learn (Belkina et al. 2019); a number is used as is (typical 10–1000).
   */
  learningRate: number | 'auto'
  /**
   * Factor on P during the first iterations, so clusters form before they spread.
   * Default 12, range 1–50.
   */
  earlyExaggeration: number
  /**
   * Iterations of early exaggeration (and of the initial momentum) after a cold start.
   * Default 250, range 0–1000.
   */
  exaggerationIterations: number
  /**
   * Barnes-Hut accuracy: a cell is treated as one point when the width of its points' bounding
   * box / their centre of mass's distance < theta (from every point of the group that shares
   * the tree walk, see `SpaceTree.repulsion`). Default 0.6, range 0–1; 0 is exact (O(n²)),
   * larger is faster and coarser. In 3D, 0.6 here is as accurate as 0.5 in bhtsne's point-by-point
   * walk over cell widths (relative force error 6.0e-3 for both, 10,000 points, iteration 500);
   * in 2D a little coarser (5.5e-3 vs 4.2e-3).
   */
  theta: number
  /** Momentum during early exaggeration. Default 0.5, range 0–1. */
  momentum: number
  /** Momentum after early exaggeration and after a warm start. Default 0.8, range 0–1. */
  finalMomentum: number
  /**
   * Most steps after an update, restart or perturb before `step()` stops moving (returns false).
   * Default 0 = by size: 1,000 up to 5,000 points, else 500 (250 of them exaggerated, as the
   * Projector runs), so a 10,000-point layout finishes in seconds. Range 0 or 1–10000.
   */
  maxIterations: number
  /**
   * A run also ends, before `maxIterations`, once the KL divergence changed by less than this
   * share of itself over the last 50 iterations (both ends after early exaggeration): the layout
   * has settled, as when a training snapshot barely moved a finished one. Default 0.01, range
   * 0–0.1; 0 always runs to `maxIterations`.
   */
  convergence: number
  /** Seed of the initial layout and of `perturb` noise. Default 1, any integer. */
  seed: number
  /** How the kNN graph is found: 'auto' (default) goes approximate (NN-descent) when exact
   * search would be slow; see `KnnMode`. */
  knn: KnnMode
}

/** The defaults documented on each field of TsneParams. */
export const DEFAULT_TSNE_PARAMS: TsneParams = {
  perplexity: 30,
  learningRate: 'auto',
  earlyExaggeration: 12,
  exaggerationIterations: 250,
  theta: 0.6,
  momentum: 0.5,
  finalMomentum: 0.8,
  maxIterations: 0,
  convergence: 0.01,
  seed: 1,
  knn: 'auto',
}

/** Dimensions t-SNE searches neighbours in when its kNN goes approximate (see `pcaReduce`). */
const SEARCH_DIMS = 50
/** Above this many points the default iteration budget halves (see `maxIterations`). */
const AUTO_ITERATIONS_POINTS = 5_000
/** Standard deviation of the random initial layout (van der Maaten 2014; openTSNE's default). */
const INIT_STD = 1e-4
/**
 * Up to this many points the reduced-space search is exact (blocked brute force over SEARCH_DIMS
 * numbers: 1.8 s at 10,000 points here, where NN-descent took 2.7 s for a recall of 0.999).
 */
const EXACT_SEARCH_POINTS = 15_000
/**
 * NN-descent in the reduced space stops once a round changes under this share of the graph:
 * looser than the search's default, as the last of the k = 90 neighbours carry little of P.
 */
const SEARCH_DELTA = 0.05
/**
 * Iterations between KL divergence evaluations (O(n·k) each, reusing the gradient's Z), and the
 * span over which `convergence` compares it.
 */
const KL_EVERY = 50
/** Smallest gain of the delta-bar-delta step-size adaptation (bhtsne, scikit-learn). */
const MIN_GAIN = 0.01

/**
 * Sparse input affinities of n vectors: euclidean kNN with k = ⌊3·perplexity⌋ (exact unless
 * `mode` says otherwise), a per-point bandwidth search for the perplexity, then (P + Pᵀ) / 2n.
 */
export function tsneAffinities(
  data: Float32Array,
  n: number,
  dim: number,
  perplexity: number,
  mode: KnnMode = 'exact',
): SparseAffinities {
  return tsneAffinitiesWithGraph(data, n, dim, perplexity, mode).P
}

function tsneAffinitiesWithGraph(
  data: Float32Array,
  n: number,
  dim: number,
  perplexity: number,
  mode: KnnMode,
  previous: LayoutGraph | null = null,
  tick?: Tick,
): { P: SparseAffinities; knn: LayoutGraph } {
  const perp = effectivePerplexity(perplexity, n)
  const k = neighboursFor(perp, n)
  const init = previous?.graph.n === n && previous.graph.k === k ? previous : null
  let knn: LayoutGraph
  if (goesApproximate(mode, n, dim) && dim > SEARCH_DIMS) {
    // At scale, neighbours are searched among the top principal components (as most tools do):
    // k = 90 neighbours by NN-descent in hundreds of dimensions would cost more than brute force.
    // There, brute force up to EXACT_SEARCH_POINTS points, NN-descent beyond.
    const low = pcaReduce(data, n, dim, SEARCH_DIMS, tick)
    const graph =
      n <= EXACT_SEARCH_POINTS
        ? knnGraph(low, n, SEARCH_DIMS, k, 'euclidean', tick)
        : approximateKnn(low, n, SEARCH_DIMS, k, 'euclidean', {
            init: init?.approximate ? init.graph : null,
            delta: SEARCH_DELTA,
            tick,
          })
    knn = { graph, approximate: true, data, dim, metric: 'euclidean' }
  } else knn = layoutKnn(data, n, dim, k, 'euclidean', mode, 1, init, tick)
  return { P: symmetrise(knn.graph, conditionalAffinities(knn.graph, perp, tick).p), knn }
}

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) in 2D or 3D, stepwise.
 *
 * - Cold start (first update, a new point count, or `restart`): seeded gaussian noise of std 1e-4,
 *   early exaggeration with the initial momentum, then the final momentum.
 * - Warm start (`update` with the same point count): the current layout is the starting point,
 *   gains and velocity are reset so points glide from where they are, and early exaggeration is
 *   not repeated (only an unfinished one continues).
 * - Random rather than PCA initialisation, so that the seed matters and `restart` on the same
 *   vectors reproduces a fresh run exactly.
 * - Affinities are computed lazily on the first `step()` after `update` (the kNN search is the
 *   expensive part: O(n²·dim) once per update).
 * - `step()` returns true when it moved the layout; after `maxIterations` steps, or once the KL
 *   divergence has settled (`convergence`), it returns false until the next update, restart or
 *   perturb.
 */
export class TsneProjector implements Projector {
  readonly method = 'tsne' as const
  readonly params: TsneParams
  /** Steps since the last update or restart. */
  iteration = 0
  private data: Float32Array | null = null
  private n = 0
  private dim = 0
  private P: SparseAffinities | null = null
  private knn: LayoutGraph | null = null
  private y = new Float64Array(0)
  private out = new Float32Array(0)
  private gains = new Float64Array(0)
  private velocity = new Float64Array(0)
  private grad = new Float64Array(0)
  private scratch = new Float64Array(0)
  private readonly tree: SpaceTree
  private exaggerateUntil = 0
  private stopAt = 0
  private perturbations = 0
  private kl: number | undefined

  constructor(
    readonly dims: 2 | 3,
    params: Partial<TsneParams> = {},
    /** Called every few ms of the affinities' kNN search and bandwidth search (see `Tick`). */
    private readonly tick?: Tick,
  ) {
    this.params = { ...DEFAULT_TSNE_PARAMS, ...params }
    this.tree = new SpaceTree(dims)
  }

  /** The step size in use: the 'auto' rule evaluated for the current point count. */
  get learningRate(): number {
    const { learningRate, earlyExaggeration } = this.params
    return learningRate === 'auto' ? Math.max(this.n / earlyExaggeration / 4, 50) : learningRate
  }

  /** The iteration budget in use: `maxIterations`, or the rule by size when it is 0. */
  get maxIterations(): number {
    const m = this.params.maxIterations
    return m > 0 ? m : this.n > AUTO_ITERATIONS_POINTS ? 500 : 1000
  }

  update(data: Float32Array, n: number, dim: number): void {
    const warm = n === this.n && this.y.length === n * this.dims && n > 0
    this.data = data.slice(0, n * dim)
    this.dim = dim
    this.P = null
    if (warm) {
      // Only what is left of early exaggeration carries over: none once it is done, all of it
      // when no step was taken yet (snapshots can arrive faster than the first step).
      this.exaggerateUntil = Math.max(0, this.exaggerateUntil - this.iteration)
      this.iteration = 0
      this.stopAt = this.maxIterations
      this.resetOptimiser()
    } else {
      this.n = n
      this.restart()
    }
  }

  restart(): void {
    const { n, dims } = this
    const noise = gaussianMatrix(n, dims, INIT_STD, this.params.seed)
    if (this.y.length !== n * dims) {
      this.y = new Float64Array(n * dims)
      this.out = new Float32Array(n * dims)
      this.gains = new Float64Array(n * dims)
      this.velocity = new Float64Array(n * dims)
      this.grad = new Float64Array(n * dims)
      this.scratch = new Float64Array(n * dims)
    }
    this.y.set(noise)
    this.out.set(noise)
    this.iteration = 0
    this.exaggerateUntil = this.params.exaggerationIterations
    this.stopAt = this.maxIterations
    this.resetOptimiser()
  }

  perturb(scale: number): void {
    const { n, dims, y } = this
    if (n === 0) return
    let ss = 0
    for (let t = 0; t < n * dims; t++) ss += y[t] * y[t]
    const rms = Math.sqrt(ss / n)
    // A different, still seeded, noise draw for every perturbation.
    const seed = (this.params.seed + 0x2545f491 * ++this.perturbations) | 0
    const noise = gaussianMatrix(n, dims, scale * rms, seed)
    for (let t = 0; t < n * dims; t++) y[t] += noise[t]
    this.writeOut()
    this.stopAt = this.iteration + this.maxIterations
    this.resetOptimiser()
  }

  step(): boolean {
    const { n, dims, y, gains, velocity, grad } = this
    if (n < 2 || !this.data || this.iteration >= this.stopAt) return false
    if (!this.P) {
      // The previous snapshot's graph (if any) seeds an approximate search.
      const { perplexity, knn } = this.params
      const a = tsneAffinitiesWithGraph(
        this.data,
        n,
        this.dim,
        perplexity,
        knn,
        this.knn,
        this.tick,
      )
      this.P = a.P
      this.knn = a.knn
    }
    const early = this.iteration < this.exaggerateUntil
    const p = this.params
    const z = barnesHutGradientInto(
      this.tree,
      y,
      n,
      this.P,
      p.theta,
      early ? p.earlyExaggeration : 1,
      grad,
      this.scratch,
    )
    if (this.iteration % KL_EVERY === 0 || this.iteration === this.stopAt - 1) {
      const kl = klDivergence(y, dims, this.P, z)
      // Settled: the last KL_EVERY iterations, all after exaggeration, changed KL by little.
      if (
        this.kl !== undefined &&
        this.iteration % KL_EVERY === 0 &&
        this.iteration - KL_EVERY >= this.exaggerateUntil &&
        Math.abs(this.kl - kl) < p.convergence * kl
      )
        this.stopAt = this.iteration + 1
      this.kl = kl
    }
    const momentum = early ? p.momentum : p.finalMomentum
    const eta = this.learningRate
    const len = n * dims
    for (let t = 0; t < len; t++) {
      const g = grad[t]
      // Delta-bar-delta: the gain grows while steps keep going the same way (gradient and
      // velocity of opposite signs) and shrinks when they turn back.
      let gain = g > 0 !== velocity[t] > 0 ? gains[t] + 0.2 : gains[t] * 0.8
      if (gain < MIN_GAIN) gain = MIN_GAIN
      gains[t] = gain
      velocity[t] = momentum * velocity[t] - eta * gain * g
      y[t] += velocity[t]
    }
    this.centre()
    this.writeOut()
    this.iteration++
    return true
  }

  positions(): Float32Array {
    return this.out
  }

  info(): Record<string, number> {
    const facts: Record<string, number> = {
      iteration: this.iteration,
      learningRate: this.learningRate,
      perplexity: effectivePerplexity(this.params.perplexity, this.n),
      exaggeration: this.iteration < this.exaggerateUntil ? this.params.earlyExaggeration : 1,
    }
    if (this.kl !== undefined) facts.klDivergence = this.kl
    if (this.knn) facts.approximateKnn = this.knn.approximate ? 1 : 0
    return facts
  }

  /** The neighbour graph behind the current affinities (null until the first step). */
  neighbourGraph(): LayoutGraph | null {
    return this.knn
  }

  private resetOptimiser(): void {
    this.gains.fill(1)
    this.velocity.fill(0)
    this.kl = undefined
  }

  /** Keeps the layout's mean at the origin: the gradient ignores translation, so drift is noise. */
  private centre(): void {
    const { n, dims, y } = this
    for (let d = 0; d < dims; d++) {
      let mean = 0
      for (let i = 0; i < n; i++) mean += y[i * dims + d]
      mean /= n
      for (let i = 0; i < n; i++) y[i * dims + d] -= mean
    }
  }

  private writeOut(): void {
    this.out.set(this.y)
  }
}
