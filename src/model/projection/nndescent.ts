import type { Metric } from '../neighbours'
import type { Tick } from '../tick'
import { mulberry32 } from '../training/random'
import { type KnnGraph, type PreparedRows, prepareRows } from './knn'

/** Settings of the approximate kNN search; each has a default that suits 10⁴–10⁵ points. */
export interface ApproxKnnOptions {
  /** Random-projection trees whose leaves seed the graph. Default 6, range 1–32. */
  trees?: number
  /** Most points in a tree leaf (all pairs in a leaf are compared). Default max(2k, 24). */
  leafSize?: number
  /** Most NN-descent rounds. Default 8, range 0–30. */
  maxIterations?: number
  /** A round that changes fewer than delta·n·k entries ends the search. Default 0.01 (later
   * rounds of high-dimensional data change a few hundred entries and add almost no recall). */
  delta?: number
  /** Candidates per point and round (new and old each). Default min(k, 24). */
  maxCandidates?: number
  /** Seed of the trees and the candidate sampling. Default 1. */
  seed?: number
  /**
   * A previous graph of the same points (e.g. of the last training snapshot): its neighbours,
   * at their new distances, seed the search together with one tree instead of `trees`, so a
   * small change needs few rounds.
   */
  init?: KnnGraph | null
  /** Called every few ms of work (see `Tick`), so a busy worker can say it is alive. */
  tick?: Tick
}

/** Distance between rows a and b: 1 − cosine (a zero vector is at 1 from all), or euclidean. */
function distance(s: PreparedRows, a: number, b: number): number {
  const { x, dim } = s
  const oa = a * dim
  const ob = b * dim
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let t = 0
  for (; t + 3 < dim; t += 4) {
    s0 += x[oa + t] * x[ob + t]
    s1 += x[oa + t + 1] * x[ob + t + 1]
    s2 += x[oa + t + 2] * x[ob + t + 2]
    s3 += x[oa + t + 3] * x[ob + t + 3]
  }
  for (; t < dim; t++) s0 += x[oa + t] * x[ob + t]
  const dot = s0 + s1 + s2 + s3
  return s.cosine ? 1 - dot : Math.sqrt(Math.max(0, s.sq[a] + s.sq[b] - 2 * dot))
}

/**
 * n bounded max-heaps of k (distance, index, isNew) entries: the root is each row's worst kept
 * neighbour, so a candidate is rejected with one comparison.
 */
class Heaps {
  readonly idx: Int32Array
  readonly dist: Float64Array
  readonly fresh: Uint8Array
  constructor(
    readonly n: number,
    readonly k: number,
  ) {
    this.idx = new Int32Array(n * k).fill(-1)
    this.dist = new Float64Array(n * k).fill(Infinity)
    this.fresh = new Uint8Array(n * k)
  }

  /** Offers j at distance d to row i; returns 1 when it was kept. */
  push(i: number, d: number, j: number, isNew: number): number {
    const { k, idx, dist, fresh } = this
    const o = i * k
    if (!(d < dist[o])) return 0
    for (let e = 0; e < k; e++) if (idx[o + e] === j) return 0
    // Replace the root and sift down.
    let p = 0
    for (;;) {
      const l = 2 * p + 1
      if (l >= k) break
      const r = l + 1
      const c = r < k && dist[o + r] > dist[o + l] ? r : l
      if (dist[o + c] <= d) break
      dist[o + p] = dist[o + c]
      idx[o + p] = idx[o + c]
      fresh[o + p] = fresh[o + c]
      p = c
    }
    dist[o + p] = d
    idx[o + p] = j
    fresh[o + p] = isNew
    return 1
  }
}

/** Splits `ids` by a random hyperplane between two of its points, recursively, into leaves. */
function buildTree(
  s: PreparedRows,
  ids: Int32Array,
  leafSize: number,
  random: () => number,
  leaves: Int32Array[],
  tick?: Tick,
) {
  const stack: Int32Array[] = [ids]
  const normal = new Float64Array(s.dim)
  const { x, dim } = s
  while (stack.length) {
    const set = stack.pop() as Int32Array
    tick?.()
    if (set.length <= leafSize) {
      leaves.push(set)
      continue
    }
    const a = set[Math.floor(random() * set.length)]
    let b = set[Math.floor(random() * set.length)]
    if (b === a) b = set[(set.indexOf(a) + 1) % set.length]
    // Hyperplane halfway between a and b (for unit vectors, through the origin).
    let offset = 0
    for (let t = 0; t < dim; t++) {
      normal[t] = x[a * dim + t] - x[b * dim + t]
      offset += (normal[t] * (x[a * dim + t] + x[b * dim + t])) / 2
    }
    const side = new Uint8Array(set.length)
    let left = 0
    for (let e = 0; e < set.length; e++) {
      const o = set[e] * dim
      let m = -offset
      for (let t = 0; t < dim; t++) m += normal[t] * x[o + t]
      // Points on the plane (duplicates) go to a random side so splits always progress.
      const goLeft = m > 0 || (m === 0 && random() < 0.5)
      side[e] = goLeft ? 1 : 0
      if (goLeft) left++
    }
    if (left === 0 || left === set.length) {
      // Degenerate split (all points equal along the normal): halve at random.
      for (let e = 0; e < set.length; e++) side[e] = e < set.length / 2 ? 1 : 0
      left = Math.ceil(set.length / 2)
    }
    const l = new Int32Array(left)
    const r = new Int32Array(set.length - left)
    let li = 0
    let ri = 0
    for (let e = 0; e < set.length; e++)
      if (side[e]) l[li++] = set[e]
      else r[ri++] = set[e]
    stack.push(l, r)
  }
}

/** Per-point candidate lists with random priorities, capped at m entries (smallest priorities). */
class Candidates {
  readonly idx: Int32Array
  readonly pri: Float64Array
  readonly count: Int32Array
  constructor(
    n: number,
    readonly m: number,
  ) {
    this.idx = new Int32Array(n * m)
    this.pri = new Float64Array(n * m)
    this.count = new Int32Array(n)
  }
  add(i: number, j: number, priority: number) {
    const { m, idx, pri, count } = this
    const o = i * m
    const c = count[i]
    for (let e = 0; e < c; e++) if (idx[o + e] === j) return
    if (c < m) {
      idx[o + c] = j
      pri[o + c] = priority
      count[i] = c + 1
      return
    }
    let worst = 0
    for (let e = 1; e < m; e++) if (pri[o + e] > pri[o + worst]) worst = e
    if (priority < pri[o + worst]) {
      idx[o + worst] = j
      pri[o + worst] = priority
    }
  }
  has(i: number, j: number): boolean {
    const o = i * this.m
    for (let e = 0; e < this.count[i]; e++) if (this.idx[o + e] === j) return true
    return false
  }
}

/**
 * Approximate k-nearest-neighbour graph: leaves of a random-projection forest give every point
 * a first set of neighbours, then NN-descent (Dong, Moses & Li 2011, as in pynndescent and
 * umap-js) repeatedly compares the neighbours of neighbours, keeping the k closest, until a
 * round improves almost nothing. Same output shape, metric and distances as `knnGraph` (which
 * is exact, O(n²·d)); this costs about O(n·k²·d) per round. Seeded: same input, same graph.
 */
export function approximateKnn(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric = 'euclidean',
  opts: ApproxKnnOptions = {},
): KnnGraph {
  const kk = Math.max(0, Math.min(k, n - 1))
  if (kk === 0) return { n, k: 0, indices: new Int32Array(0), distances: new Float32Array(0) }
  const tick = opts.tick
  const s = prepareRows(data, n, dim, metric)
  const random = mulberry32(opts.seed ?? 1)
  const heaps = new Heaps(n, kk)
  const leafSize = Math.max(opts.leafSize ?? Math.max(2 * kk, 24), kk + 1)
  const all = Int32Array.from({ length: n }, (_, i) => i)
  const init = opts.init && opts.init.n === n ? opts.init : null
  if (init)
    for (let i = 0; i < n; i++)
      for (let e = 0; e < init.k; e++) {
        const j = init.indices[i * init.k + e]
        if (j >= 0 && j !== i && j < n) heaps.push(i, distance(s, i, j), j, 1)
      }
  for (let tree = 0; tree < (init ? 1 : (opts.trees ?? 6)); tree++) {
    const leaves: Int32Array[] = []
    buildTree(s, all, leafSize, random, leaves, tick)
    for (let l = 0; l < leaves.length; l++) {
      const leaf = leaves[l]
      if ((l & 15) === 0) tick?.()
      for (let a = 0; a < leaf.length; a++)
        for (let b = a + 1; b < leaf.length; b++) {
          const p = leaf[a]
          const q = leaf[b]
          if (heaps.dist[p * kk] <= 0 && heaps.dist[q * kk] <= 0) continue
          const d = distance(s, p, q)
          heaps.push(p, d, q, 1)
          heaps.push(q, d, p, 1)
        }
    }
  }
  // A point still short of k neighbours (tiny leaves) gets random ones.
  for (let i = 0; i < n; i++)
    for (let e = 0; e < kk; e++)
      if (heaps.idx[i * kk + e] < 0) {
        let j = Math.floor(random() * n)
        if (j === i) j = (j + 1) % n
        heaps.push(i, distance(s, i, j), j, 1)
      }
  const m = Math.max(1, opts.maxCandidates ?? Math.min(kk, 24))
  const delta = opts.delta ?? 0.01
  for (let round = 0; round < (opts.maxIterations ?? 8); round++) {
    const fresh = new Candidates(n, m)
    const old = new Candidates(n, m)
    tick?.()
    for (let i = 0; i < n; i++)
      for (let e = 0; e < kk; e++) {
        const j = heaps.idx[i * kk + e]
        if (j < 0) continue
        const pr = random()
        const list = heaps.fresh[i * kk + e] ? fresh : old
        list.add(i, j, pr)
        list.add(j, i, pr)
      }
    // Sampled new entries become old: they are compared this round.
    for (let i = 0; i < n; i++)
      for (let e = 0; e < kk; e++) {
        const o = i * kk + e
        if (heaps.fresh[o] && fresh.has(i, heaps.idx[o])) heaps.fresh[o] = 0
      }
    let updates = 0
    for (let i = 0; i < n; i++) {
      if ((i & 63) === 0) tick?.()
      const fo = i * m
      const fc = fresh.count[i]
      const oc = old.count[i]
      for (let a = 0; a < fc; a++) {
        const p = fresh.idx[fo + a]
        for (let b = a + 1; b < fc; b++) {
          const q = fresh.idx[fo + b]
          const d = distance(s, p, q)
          updates += heaps.push(p, d, q, 1) + heaps.push(q, d, p, 1)
        }
        for (let b = 0; b < oc; b++) {
          const q = old.idx[fo + b]
          if (q === p) continue
          const d = distance(s, p, q)
          updates += heaps.push(p, d, q, 1) + heaps.push(q, d, p, 1)
        }
      }
    }
    if (updates <= delta * n * kk) break
  }
  return sortedGraph(heaps, n, kk)
}

/** The heaps as a KnnGraph: each row nearest first, ties by the lower index. */
function sortedGraph(h: Heaps, n: number, k: number): KnnGraph {
  const indices = new Int32Array(n * k)
  const distances = new Float32Array(n * k)
  const order = Array.from({ length: k }, (_, e) => e)
  for (let i = 0; i < n; i++) {
    const o = i * k
    order.sort((a, b) => h.dist[o + a] - h.dist[o + b] || h.idx[o + a] - h.idx[o + b])
    for (let e = 0; e < k; e++) {
      indices[o + e] = h.idx[o + order[e]]
      distances[o + e] = h.dist[o + order[e]]
    }
  }
  return { n, k, indices, distances }
}

/**
 * Recall of a kNN graph against exact neighbours on a seeded sample of `sample` points: the
 * share of each sampled point's true k nearest (by a full O(n·d) scan) that the graph lists.
 * O(sample·n·d); 1 when the graph is exact.
 */
export function sampledRecall(
  graph: KnnGraph,
  data: Float32Array,
  dim: number,
  metric: Metric,
  sample = 200,
  seed = 7,
  tick?: Tick,
): number {
  const { n, k } = graph
  if (k === 0 || n === 0) return 1
  const s = prepareRows(data, n, dim, metric)
  const random = mulberry32(seed)
  const m = Math.min(sample, n)
  const row = new Float64Array(n)
  const order = new Int32Array(n)
  let hits = 0
  for (let r = 0; r < m; r++) {
    tick?.()
    const i = m === n ? r : Math.floor(random() * n)
    for (let j = 0; j < n; j++) {
      row[j] = j === i ? Infinity : distance(s, i, j)
      order[j] = j
    }
    const truth = Array.from(order)
      .sort((a, b) => row[a] - row[b] || a - b)
      .slice(0, k)
    // A listed neighbour at the same distance as the k-th true one counts (ties are arbitrary).
    const kth = row[truth[k - 1]]
    const listed = new Set(truth)
    for (let e = 0; e < k; e++) {
      const j = graph.indices[i * k + e]
      if (listed.has(j) || (j >= 0 && j !== i && row[j] <= kth)) hits++
    }
  }
  return hits / (m * k)
}
