import type { Metric } from '../model/neighbours'
import { knnGraph } from '../model/projection/knn'
import { PcaProjector } from '../model/projection/pca'
import { errorReply } from './errors'
import { assertNever, type CompareEvent, type CompareRequest } from './protocol'

/**
 * The compare worker: lays out a reference embedding space in 2D (PCA) and measures how far two
 * spaces of the same items agree on each item's nearest neighbours (messages: protocol.ts).
 */

/** Neighbours per item the agreement compares unless told otherwise: 10 (range 1 – items − 1). */
export const DEFAULT_AGREEMENT_K = 10

/** What the compare handler needs from its thread: a way to post (tests record it). */
export interface CompareDeps {
  post(msg: CompareEvent, transfer: Transferable[]): void
}

/** Throws a RangeError unless `data` holds `items` rows of `dim` finite numbers. */
function checkSpace(what: string, data: Float32Array, items: number, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`${what}: dimension ${dim} is not ≥ 1`)
  if (data.length !== items * dim)
    throw new RangeError(
      `${what}: ${data.length} numbers are not ${items} items × ${dim} dimensions`,
    )
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new RangeError(
        `${what}: item ${Math.floor(i / dim) + 1} has a value that is not a finite number`,
      )
}

/** 2D PCA layout (fitted on a seeded sample above 100,000 items) and the axes' variance shares. */
export function projectReference(
  vectors: Float32Array,
  items: number,
  dim: number,
): { positions: Float32Array; explained: number[] } {
  if (!Number.isInteger(items) || items < 1) throw new RangeError('There are no items to lay out.')
  checkSpace('The reference space', vectors, items, dim)
  const pca = new PcaProjector(2)
  pca.update(vectors, items, dim)
  pca.step()
  const explained = pca.info().explainedVariance
  return { positions: pca.positions(), explained: Array.isArray(explained) ? explained : [] }
}

/**
 * Neighbour agreement of two spaces over the same `items`: for item i, |N_a(i) ∩ N_b(i)| / k,
 * where N_x(i) are its k nearest other items in space x by exact kNN (`knnGraph`, ties to the
 * lower index). `onHalf` is called after the first space's graph (for progress).
 */
export function neighbourAgreement(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  items: number,
  k: number = DEFAULT_AGREEMENT_K,
  metric: Metric = 'cosine',
  onHalf?: () => void,
): { perItem: Float32Array; mean: number; k: number } {
  if (!Number.isInteger(items) || items < 2)
    throw new RangeError(`Agreement needs at least 2 items in both spaces, not ${items}.`)
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, not ${k}`)
  checkSpace('The first space', a, items, dimA)
  checkSpace('The second space', b, items, dimB)
  const ga = knnGraph(a, items, dimA, k, metric)
  onHalf?.()
  const gb = knnGraph(b, items, dimB, k, metric)
  const kk = ga.k
  const perItem = new Float32Array(items)
  // mark[j] === i + 1 ⇔ j is among i's neighbours in b: one pass per row, no clearing needed.
  const mark = new Int32Array(items)
  let sum = 0
  for (let i = 0; i < items; i++) {
    const row = i * kk
    for (let r = 0; r < kk; r++) mark[gb.indices[row + r]] = i + 1
    let same = 0
    for (let r = 0; r < kk; r++) if (mark[ga.indices[row + r]] === i + 1) same++
    perItem[i] = same / kk
    sum += same / kk
  }
  return { perItem, mean: sum / items, k: kk }
}

/**
 * The compare worker's message handler as a plain function (tests call it directly in Node).
 * Every request is answered by its result or by an `error` with the same id, never by silence.
 */
export function createCompareHandler(deps: CompareDeps) {
  return (msg: CompareRequest): void => {
    try {
      switch (msg.type) {
        case 'project': {
          const { positions, explained } = projectReference(msg.vectors, msg.items, msg.dim)
          deps.post({ type: 'positions', id: msg.id, positions, explained }, [positions.buffer])
          return
        }
        case 'agreement': {
          const { id } = msg
          const r = neighbourAgreement(
            msg.a,
            msg.dimA,
            msg.b,
            msg.dimB,
            msg.items,
            msg.k ?? DEFAULT_AGREEMENT_K,
            msg.metric ?? 'cosine',
            () => deps.post({ type: 'progress', id, share: 0.5 }, []),
          )
          deps.post({ type: 'agreement', id, ...r }, [r.perItem.buffer])
          return
        }
        default:
          assertNever(msg)
      }
    } catch (e) {
      deps.post(errorReply(e, msg.id), [])
    }
  }
}
