import { UMAP } from 'umap-js'
import type { Metric } from '../neighbours'
import type { Tick } from '../tick'
import { mulberry32 } from '../training/random'
import type { KnnGraph } from './knn'
import { type KnnMode, type LayoutGraph, layoutKnn } from './layoutKnn'
import { pca, projectOnto } from './pca'
import { pcaReduce } from './reduce'
import { installFastGraph } from './umapGraph'
import { UmapOptimizer } from './umapOptimizer'
import type { Projector } from './types'

/** UMAP hyperparameters (umap-js / umap-learn names and meanings). */
export interface UmapParams {
  /** Neighbours per point (the point itself counted, as in umap-learn): small values keep local
   * detail, large ones global shape. Default 15, range 2–100; clamped to n − 1. */
  nNeighbors: number
  /** Smallest distance between points in the layout: low values pack clusters tightly, high
   * values spread them evenly. Default 0.1, range 0–0.99 (relative to `spread`). */
  minDist: number
  /** Scale of the layout together with minDist. Default 1, range 0.5–3. */
  spread: number
  /** Optimisation epochs per layout; 0 = umap-js's rule by N: 500 up to 2,500 points, 400 up to
   * 5,000, 300 up to 7,500, else 200. Default 0, range 0 or 10–1,000. */
  nEpochs: number
  /** Initial step size when starting from a PCA layout (it decays linearly to 0 over nEpochs).
   * Default 1 (umap-js), range 0.1–2. */
  learningRate: number
  /** Initial step size when starting from the previous layout (an update with the same number of
   * points, or a perturb): low enough that a good start is refined rather than scattered.
   * Default 0.2, range 0.01–1. */
  warmLearningRate: number
  /** Epochs per `step()`; 0 = ⌊4,000 / n⌋ clamped to 1–50: about 7 ms of work (one epoch costs
   * roughly 1.7 µs per point in 3D on one core, 5 µs before `UmapOptimizer`), so the picture
   * moves in small steps. Default 0, range 0–100. */
  epochsPerStep: number
  /** Distance in the original space for the kNN graph. Default 'cosine' (as the neighbour lists). */
  metric: Metric
  /** Build umap-js's fuzzy graph with typed arrays here instead of its string-keyed sparse
   * matrices (same values, same order, so the same layout, about 3 s sooner at 10,000 points).
   * false = umap-js's own code. Default true. */
  fastGraph: boolean
  /** How the kNN graph is found: 'auto' (default) is exact up to a few thousand points or small
   * n·d and approximate (NN-descent) above; see `KnnMode`. */
  knn: KnnMode
  /** Seed of every random choice (negative sampling, start-up noise): same seed, same layout.
   * Default 1, any integer. */
  seed: number
}

/** The defaults documented on each `UmapParams` field. */
export const UMAP_DEFAULTS: UmapParams = {
  nNeighbors: 15,
  minDist: 0.1,
  spread: 1,
  nEpochs: 0,
  learningRate: 1,
  warmLearningRate: 0.2,
  epochsPerStep: 0,
  metric: 'cosine',
  fastGraph: true,
  knn: 'auto',
  seed: 1,
}

/** Below this many points UMAP has no neighbourhoods to speak of: the layout is plain PCA. */
const MIN_POINTS = 4
/** umap-js's random start lies in [-10, 10]; PCA starts are scaled to the same box. */
const INIT_EXTENT = 10
/** Stand-in for an all-zero distance row (see `umapKnn`). */
const TINY_DISTANCE = 1e-30
/** Cosine distances below this are rounding noise of float32 unit vectors: duplicates. */
const COSINE_ZERO = 1e-6

/** Largest |coordinate|; 0 for an empty, collapsed or non-finite layout. */
function extent(layout: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < layout.length; i++) {
    const a = Math.abs(layout[i])
    if (!Number.isFinite(a)) return 0
    if (a > m) m = a
  }
  return m
}

/**
 * Whether every vector equals the first (euclidean, zero = 0) or points the same way (cosine,
 * distance ≤ zero; zero vectors are at distance 1 from all, so never the same).
 */
function allSame(data: Float32Array, n: number, dim: number, zero: number): boolean {
  let n0 = 0
  for (let t = 0; t < dim; t++) n0 += data[t] ** 2
  for (let i = 1; i < n; i++) {
    let dot = 0
    let ni = 0
    let same = true
    for (let t = 0; t < dim; t++) {
      const v = data[i * dim + t]
      dot += v * data[t]
      ni += v * v
      same &&= v === data[t]
    }
    if (zero === 0 ? !same : !(n0 > 0 && ni > 0 && 1 - dot / Math.sqrt(n0 * ni) <= zero))
      return false
  }
  return true
}

/** Root-mean-square distance of the points from their centroid. */
function rmsRadius(layout: Float32Array, n: number, dims: number): number {
  let s = 0
  for (let c = 0; c < dims; c++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += layout[i * dims + c]
    mean /= Math.max(n, 1)
    for (let i = 0; i < n; i++) s += (layout[i * dims + c] - mean) ** 2
  }
  return Math.sqrt(s / Math.max(n, 1))
}

/**
 * Above this n·d the start layout comes from a randomized PCA (`pcaReduce`: four passes over the
 * data) rather than converged components (up to 40 passes: ~4 s at 20,000 × 384): a start only
 * needs the broad shape, which UMAP then refines.
 */
const QUICK_START_WORK = 2_000_000

/** PCA coordinates scaled to max |coordinate| = extent (all zeros when the data has no spread). */
function pcaLayout(
  data: Float32Array,
  n: number,
  dim: number,
  dims: number,
  ext: number,
  tick?: Tick,
) {
  const out =
    n * dim > QUICK_START_WORK && dim > dims
      ? pcaReduce(data, n, dim, dims, tick)
      : projectOnto(data, n, dim, pca(data, n, dim, dims, null, { tick }), dims, tick)
  const m = extent(out)
  const scale = m > 0 ? ext / m : 0
  for (let i = 0; i < out.length; i++) out[i] *= scale
  return out
}

/**
 * Our exact kNN graph in umap-js's shape: one row per point, the point itself first at distance
 * 0, then its nn − 1 nearest (umap-learn counts the point among its neighbours, and umap-js skips
 * entry 0 when calibrating). A row whose neighbours are all at distance 0 (duplicates) gets a
 * tiny positive distance instead: umap-js then computes the same memberships (all 1) without a
 * fallback that costs O(n·k) per such row. Distances up to `zero` count as 0.
 */
export function umapKnn(g: KnnGraph, zero: number): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = []
  const distances: number[][] = []
  for (let i = 0; i < g.n; i++) {
    const idx = [i]
    const dst = [0]
    let any = false
    for (let t = 0; t < g.k; t++) {
      const d = g.distances[i * g.k + t]
      idx.push(g.indices[i * g.k + t])
      dst.push(d > zero ? d : 0)
      if (d > zero) any = true
    }
    if (!any) for (let t = 1; t <= g.k; t++) dst[t] = TINY_DISTANCE
    indices.push(idx)
    distances.push(dst)
  }
  return { indices, distances }
}

/**
 * UMAP as a Projector: umap-js's fuzzy graph and schedule (`initializeFit`) on our kNN graph,
 * optimised by `UmapOptimizer` (umap-js's epoch over typed arrays),
 * seeded, started from the previous layout when the number of points is unchanged (a training
 * snapshot moves points a little, so the picture should too) and from a scaled PCA layout
 * otherwise. Each `update` rebuilds the fuzzy graph on the next `step`; later steps run
 * `epochsPerStep` epochs each until nEpochs are done.
 */
export class UmapProjector implements Projector {
  readonly method = 'umap' as const
  readonly params: UmapParams
  iteration = 0
  private data: Float32Array = new Float32Array(0)
  private n = 0
  private dim = 0
  private layout: Float32Array = new Float32Array(0)
  private knn: LayoutGraph | null = null
  /** The graph of the previous snapshot: it seeds the next approximate search. */
  private previousKnn: LayoutGraph | null = null
  private optimizer: UmapOptimizer | null = null
  private epoch = 0
  private nEpochs = 0
  /** A rebuild is due: 'warm' starts from the current layout, 'cold' from PCA. */
  private pending: 'warm' | 'cold' | null = null
  private perturbations = 0

  constructor(
    readonly dims: 2 | 3,
    params: Partial<UmapParams> = {},
    /** Called every few ms of a rebuild (kNN, fuzzy graph, PCA start; see `Tick`). */
    private readonly tick?: Tick,
  ) {
    this.params = { ...UMAP_DEFAULTS, ...params }
  }

  update(data: Float32Array, n: number, dim: number): void {
    this.data = data
    this.n = n
    this.dim = dim
    if (this.knn) this.previousKnn = this.knn
    this.knn = null
    this.pending = 'warm'
    this.iteration = 0
  }

  step(): boolean {
    if (this.pending) {
      this.rebuild(this.pending)
      this.pending = null
      this.iteration++
      return true
    }
    const optimizer = this.optimizer
    if (!optimizer || this.epoch >= this.nEpochs) return false
    const per =
      this.params.epochsPerStep > 0
        ? this.params.epochsPerStep
        : Math.min(50, Math.max(1, Math.floor(4000 / this.n)))
    for (let e = 0; e < per && this.epoch < this.nEpochs; e++) this.epoch = optimizer.step()
    this.copyOut()
    this.iteration++
    return true
  }

  positions(): Float32Array {
    return this.layout
  }

  info(): Record<string, number> {
    const facts: Record<string, number> = { epoch: this.epoch, nEpochs: this.nEpochs }
    if (this.knn) facts.approximateKnn = this.knn.approximate ? 1 : 0
    return facts
  }

  /** The neighbour graph of the current layout (null before the first step after an update). */
  neighbourGraph(): LayoutGraph | null {
    return this.knn
  }

  restart(): void {
    if (this.n > 0) this.pending = 'cold'
  }

  perturb(scale: number): void {
    if (this.layout.length !== this.n * this.dims || this.n === 0) return
    const radius = rmsRadius(this.layout, this.n, this.dims)
    const random = mulberry32((this.params.seed ^ 0x5bd1e995) + ++this.perturbations)
    // Uniform noise with unit variance per coordinate (±√3), times the requested share.
    const amp = scale * radius * Math.sqrt(3 / this.dims)
    for (let i = 0; i < this.layout.length; i++) this.layout[i] += amp * (2 * random() - 1)
    this.pending = 'warm'
  }

  /** kNN (cached until the next update) + umap-js's fuzzy graph + the start layout. */
  private rebuild(start: 'warm' | 'cold'): void {
    const { data, n, dim, dims, params } = this
    const previous = this.layout
    this.optimizer = null
    this.epoch = 0
    this.nEpochs = 0
    if (n < MIN_POINTS) {
      this.layout = pcaLayout(data, n, dim, dims, INIT_EXTENT, this.tick)
      return
    }
    const zero = params.metric === 'cosine' ? COSINE_ZERO : 0
    if (allSame(data, n, dim, zero)) {
      // All vectors identical (e.g. before training): one honest spot, nothing to optimise.
      this.layout = new Float32Array(n * dims)
      return
    }
    const nn = Math.max(2, Math.min(Math.round(params.nNeighbors), n - 1))
    const previousKnn = this.previousKnn?.graph.n === n ? this.previousKnn : null
    this.knn ??= layoutKnn(
      data,
      n,
      dim,
      nn - 1,
      params.metric,
      params.knn,
      params.seed,
      previousKnn,
      this.tick,
    )
    this.previousKnn = null
    const warm = start === 'warm' && previous.length === n * dims && extent(previous) > 0
    const random = mulberry32(params.seed)
    const umap = new UMAP({
      nComponents: dims,
      nNeighbors: nn,
      minDist: params.minDist,
      spread: params.spread,
      nEpochs: params.nEpochs > 0 ? Math.round(params.nEpochs) : undefined,
      learningRate: warm ? params.warmLearningRate : params.learningRate,
      random,
    })
    const { indices, distances } = umapKnn(this.knn.graph, zero)
    umap.setPrecomputedKNN(indices, distances)
    if (params.fastGraph) installFastGraph(umap, indices, distances, this.tick)
    const rows: number[][] = []
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * dim, (i + 1) * dim)))
    this.nEpochs = umap.initializeFit(rows)
    // umap-js's random start in [-10, 10], or ours: the previous layout, or PCA with umap-learn's
    // tiny noise so coincident points can separate.
    const embedding = umap.getEmbedding()
    const start0 = warm ? previous : pcaLayout(data, n, dim, dims, INIT_EXTENT, this.tick)
    const ours = warm || extent(start0) > 0
    const first = new Float64Array(n * dims)
    for (let i = 0; i < n; i++)
      for (let c = 0; c < dims; c++)
        first[i * dims + c] = ours
          ? start0[i * dims + c] + (warm ? 0 : 1e-4 * (2 * random() - 1))
          : embedding[i][c]
    this.optimizer = new UmapOptimizer(umap, first, dims, random)
    this.layout = previous.length === n * dims ? previous : new Float32Array(n * dims)
    this.copyOut()
  }

  private copyOut(): void {
    if (this.optimizer) this.layout.set(this.optimizer.embedding)
  }
}
