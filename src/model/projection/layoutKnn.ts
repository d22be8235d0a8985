import type { Metric } from '../neighbours'
import type { Tick } from '../tick'
import { type KnnGraph, knnGraph } from './knn'
import { approximateKnn, sampledRecall } from './nndescent'

/**
 * How UMAP and t-SNE find the neighbour graph they lay out: 'exact' (blocked brute force,
 * O(n²·d)), 'approximate' (random-projection trees + NN-descent, about O(n·k²·d)), or 'auto':
 * approximate once exact search gets slow (more than APPROX_MIN_POINTS points and
 * n·d > APPROX_MIN_WORK), exact below. The side panel's neighbour lists are always exact.
 */
export type KnnMode = 'auto' | 'exact' | 'approximate'

/** Fewest points for which 'auto' goes approximate: below it brute force is as quick. */
export const APPROX_MIN_POINTS = 4_000
/** Smallest n·d for which 'auto' goes approximate (e.g. 10,000 × 200, 5,000 × 400). */
export const APPROX_MIN_WORK = 2_000_000

/** A layout's neighbour graph and how it was found. */
export interface LayoutGraph {
  graph: KnnGraph
  approximate: boolean
  /** The vectors and metric it was built from, so its recall can be measured later. */
  data: Float32Array
  dim: number
  metric: Metric
}

export function goesApproximate(mode: KnnMode, n: number, dim: number): boolean {
  if (mode !== 'auto') return mode === 'approximate'
  return n > APPROX_MIN_POINTS && n * dim > APPROX_MIN_WORK
}

/**
 * The k-nearest-neighbour graph for a layout, exact or approximate as `mode` says; an
 * approximate search starts from `previous` when that is an approximate graph of as many points.
 * `tick` is called every few ms of the search (see `Tick`).
 */
export function layoutKnn(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  mode: KnnMode,
  seed = 1,
  previous: LayoutGraph | null = null,
  tick?: Tick,
): LayoutGraph {
  const approximate = goesApproximate(mode, n, dim)
  // The previous approximate graph of these points (a training snapshot ago) seeds the search.
  const init = previous?.approximate && previous.dim === dim ? previous.graph : null
  const graph = approximate
    ? approximateKnn(data, n, dim, k, metric, { seed, init, tick })
    : knnGraph(data, n, dim, k, metric, tick)
  return { graph, approximate, data, dim, metric }
}

/**
 * Recall of a layout graph against exact kNN, measured on a seeded sample of points (1 for an
 * exact graph, without measuring). O(sample·n·d).
 */
export function layoutGraphRecall(g: LayoutGraph, sample = 200, tick?: Tick): number {
  return g.approximate ? sampledRecall(g.graph, g.data, g.dim, g.metric, sample, 7, tick) : 1
}
