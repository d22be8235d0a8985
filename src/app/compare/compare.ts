import { createStore } from 'zustand/vanilla'
import { askCompare, comparePending, stopCompareWorker } from '../../workers/compareClient'
import { AGREEMENT_K, AGREEMENT_METRIC, gatherRows, labelIndex, pairItems } from './compareMapping'

/**
 * "Compare with a kept run": a reference embedding space of the same items, kept aside (a
 * finished run, or loaded vectors), laid out in 2D by the compare worker, and how far it agrees
 * with the live space on each item's nearest neighbours. Items are matched by label. A
 * module-level store, so the reference outlives loading another dataset (that is the point of
 * "compare loaded embeddings with what the app trains on their metadata").
 */

/** The reference space and what has been measured against it. */
export interface ReferenceSpace {
  /** Changes with every new reference, so late answers about an older one are dropped. */
  id: number
  /** Shown as "Compared with: <name>". */
  name: string
  labels: string[]
  /** Row-major, labels.length × dim. */
  vectors: Float32Array
  dim: number
  /** 2D PCA positions (items × 2) from the compare worker; null until they arrive. */
  positions: Float32Array | null
  /** Share of the variance on each of the two axes. */
  explained: number[]
  /** Per reference item, the share of its k neighbours both spaces agree on; NaN if unmatched. */
  agreement: Float32Array | null
  /** Mean of `agreement` over the matched items; null until measured. */
  meanAgreement: number | null
  /**
   * The last measurement: neighbours per item (10, fewer for tiny sets), items matched, items
   * left out of each side (no counterpart, or a repeated label), and the live epoch and step.
   */
  measured: {
    k: number
    compared: number
    leftOut: { live: number; reference: number }
    epoch: number
    step: number
  } | null
  /** True while the worker lays it out or measures; `progress` (0–1) while measuring. */
  busy: boolean
  progress: number | null
  /** The message the user sees for the last failure; null when all is well. */
  error: string | null
}

export interface CompareState {
  reference: ReferenceSpace | null
}

/** What comparing needs from the app; the Session satisfies it. */
export interface CompareHost {
  live: { vectors: Float32Array; items: number; dim: number }
  store: {
    getState(): {
      dataset: { name: string; kind: string; labels: string[] } | null
      builtin: string | null
      params: { dim: number; seed: number }
      epoch: number
      step: number
    }
  }
}

export const compareStore = createStore<CompareState>()(() => ({ reference: null }))

// ---- label mapping (pure) ----

/** A name for the live run, e.g. "trees, dim 12, seed 1, epoch 20" or "vectors.tsv, loaded". */
export function describeRun(host: CompareHost): string {
  const s = host.store.getState()
  const name = s.builtin ?? s.dataset?.name ?? 'run'
  if (s.dataset?.kind === 'vectors') return `${name}, loaded, dim ${host.live.dim}`
  return `${name}, dim ${s.params.dim}, seed ${s.params.seed}, epoch ${s.epoch}`
}

// ---- asking the worker ----

/** Unanswered requests per reference, for its `busy` flag. */
const asked = new Map<number, number>()

/** Sends a request about reference `ref`, keeping its `busy` flag up to date. */
function ask<T>(ref: number, answer: () => Promise<T>): Promise<T> {
  asked.set(ref, (asked.get(ref) ?? 0) + 1)
  patch(ref, { busy: true })
  const settle = () => {
    const left = (asked.get(ref) ?? 1) - 1
    if (left > 0) asked.set(ref, left)
    else asked.delete(ref)
    patch(ref, { busy: left > 0 })
  }
  const p = answer()
  p.then(settle, settle)
  return p
}

/** Updates the reference, if it is still reference `id`. */
function patch(id: number, p: Partial<ReferenceSpace>) {
  const r = compareStore.getState().reference
  if (r && r.id === id) compareStore.setState({ reference: { ...r, ...p } })
}

// ---- actions ----

let lastRef = 0
let connected: CompareHost | null = null

/** Tells the module which app's live space `referenceIndexOf` / `liveIndexOf` map against. */
export function connect(host: CompareHost): void {
  connected = host
}
const liveLabels = () => connected?.store.getState().dataset?.labels ?? []

/**
 * Keeps `vectors` (items × dim, not copied: do not change it afterwards) as the reference and
 * asks the worker to lay it out. Throws a RangeError when the sizes do not match.
 */
export function setReference(name: string, labels: string[], vectors: Float32Array, dim: number) {
  const fits = Number.isInteger(dim) && dim > 0 && vectors.length === labels.length * dim
  if (!fits || labels.length === 0)
    throw new RangeError(
      `${name}: ${vectors.length} numbers are not ${labels.length} items × ${dim}`,
    )
  clearReference()
  const id = ++lastRef
  compareStore.setState({
    reference: {
      id,
      name,
      labels: [...labels],
      vectors,
      dim,
      positions: null,
      explained: [],
      agreement: null,
      meanAgreement: null,
      measured: null,
      busy: false,
      progress: null,
      error: null,
    },
  })
  const copy = vectors.slice()
  const msg = { type: 'project', vectors: copy, items: labels.length, dim } as const
  ask(id, () => askCompare(msg, [copy.buffer])).then(
    (m) => patch(id, { positions: m.positions, explained: m.explained }),
    (e: Error) => patch(id, { error: e.message }),
  )
}

/** Keeps a copy of the live vectors and labels as the reference. */
export function keepAsReference(c: CompareHost, name: string): void {
  connect(c)
  const labels = c.store.getState().dataset?.labels ?? []
  const { vectors, items, dim } = c.live
  if (items === 0 || items !== labels.length)
    throw new Error('Nothing to keep yet: load a dataset and let it draw first.')
  setReference(name, labels, vectors.slice(0, items * dim), dim)
}

/** Stops comparing: forgets the reference and stops the worker if it is still working. */
export function clearReference(): void {
  if (comparePending() > 0) stopCompareWorker()
  compareStore.setState({ reference: null })
}

/**
 * Measures agreement between the live space and the reference over the items both have
 * (matched by label) in the worker. Resolves with the mean; on failure the message is also in
 * the store's `error`.
 */
export async function measureAgreement(c: CompareHost): Promise<number> {
  connect(c)
  const ref = compareStore.getState().reference
  if (!ref) throw new Error('Keep a run or load embeddings to compare with first.')
  const s = c.store.getState()
  const labels = s.dataset?.labels ?? []
  const { vectors, items, dim } = c.live
  const p = pairItems(items === labels.length ? labels : [], ref.labels)
  const m = p.live.length
  try {
    if (m < 2)
      throw new Error(
        `Only ${m} item(s) have the same label in both spaces: at least 2 are needed.`,
      )
    const a = gatherRows(vectors, dim, p.live, true)
    const b = gatherRows(ref.vectors, ref.dim, p.ref, true)
    patch(ref.id, { error: null, progress: 0 })
    const metric = AGREEMENT_METRIC
    const msg = {
      type: 'agreement' as const,
      a,
      dimA: dim,
      b,
      dimB: ref.dim,
      items: m,
      k: AGREEMENT_K,
      metric,
    }
    const progress = (share: number) => patch(ref.id, { progress: share })
    const r = await ask(ref.id, () => askCompare(msg, [a.buffer, b.buffer], progress))
    const agreement = new Float32Array(ref.labels.length).fill(NaN)
    p.ref.forEach((j, pos) => (agreement[j] = r.perItem[pos]))
    const leftOut = { live: p.leftOutLive, reference: p.leftOutReference }
    const measured = { k: r.k, compared: m, leftOut, epoch: s.epoch, step: s.step }
    patch(ref.id, { agreement, meanAgreement: r.mean, measured })
    return r.mean
  } catch (e) {
    patch(ref.id, { error: e instanceof Error ? e.message : String(e) })
    throw e
  } finally {
    patch(ref.id, { progress: null })
  }
}

/** The reference item with the same label as live item `liveIndex` (first occurrence), or −1. */
export function referenceIndexOf(liveIndex: number, labels: readonly string[] = liveLabels()) {
  const ref = compareStore.getState().reference
  const label = labels[liveIndex]
  return ref && label !== undefined ? (labelIndex(ref.labels).get(label) ?? -1) : -1
}

/** The live item with the same label as reference item `refIndex` (first occurrence), or −1. */
export function liveIndexOf(refIndex: number, labels: readonly string[] = liveLabels()) {
  const label = compareStore.getState().reference?.labels[refIndex]
  return label === undefined ? -1 : (labelIndex(labels).get(label) ?? -1)
}

export * from './compareMapping'
