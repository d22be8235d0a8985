import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type CompareHost,
  clearReference,
  compareNeighbours,
  compareStore,
  describeRun,
  keepAsReference,
  liveIndexOf,
  measureAgreement,
  pairItems,
  referenceColors,
  referenceIndexOf,
  setReference,
  sharedNeighbours,
} from '../../src/app/compare/compare'
import { nearestNeighbours } from '../../src/model/neighbours'
import { gaussianMatrix } from '../../src/model/training/random'
import { setCompareWorkerFactory } from '../../src/workers/compareClient'
import { createCompareHandler } from '../../src/workers/compareHandler'
import type { CompareProtocol } from '../../src/workers/protocol'
import { serve, type Endpoint } from '../../src/workers/rpc'

/**
 * A worker that runs the real handler on the far end of a MessageChannel: messages are cloned
 * with their transfer lists, as between threads, so a buffer the client wrongly transfers is
 * detached. Ending it closes the channel.
 */
function fakeWorker(): Endpoint {
  const { port1, port2 } = new MessageChannel()
  serve<CompareProtocol>(
    port2,
    createCompareHandler({ post: (m, transfer) => port2.postMessage(m, transfer) }),
  )
  return port1
}

/** A stand-in for the Controller: labels, vectors (items × dim) and the run's numbers. */
function host(labels: string[], vectors: Float32Array, dim: number): CompareHost {
  const state = {
    dataset: { name: 'trees.csv', kind: 'table', labels },
    builtin: 'trees',
    params: { dim, seed: 1 },
    epoch: 20,
    step: 400,
  }
  return { live: { vectors, items: labels.length, dim }, store: { getState: () => state } }
}

const laidOut = () =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      const r = compareStore.getState().reference
      if (r?.error) reject(new Error(r.error))
      if (r?.positions) resolve()
      else setTimeout(check, 2)
    }
    check()
  })

beforeAll(() => setCompareWorkerFactory(fakeWorker))
afterEach(() => clearReference())

describe('matching items by label', () => {
  // Live: "c" is missing from the reference and "b" repeats; reference: "x" is missing from
  // the live space and "b" repeats.
  const live = ['a', 'b', 'c', 'b', 'd']
  const ref = ['d', 'b', 'x', 'a', 'b']

  it('pairs first occurrences and counts what is left out on each side', () => {
    const p = pairItems(live, ref)
    expect(Array.from(p.live)).toEqual([0, 1, 4])
    expect(Array.from(p.ref)).toEqual([3, 1, 0])
    expect(p.leftOutLive).toBe(2)
    expect(p.leftOutReference).toBe(2)
  })

  it('pairs the same labels in the same order row by row, repeats included (Iris by class)', () => {
    const iris = ['setosa', 'setosa', 'virginica', 'virginica']
    const p = pairItems(iris, [...iris])
    expect(Array.from(p.live)).toEqual([0, 1, 2, 3])
    expect(Array.from(p.ref)).toEqual([0, 1, 2, 3])
    expect([p.leftOutLive, p.leftOutReference]).toEqual([0, 0])
  })

  it('maps indices both ways, −1 where the label is absent', () => {
    setReference('ref', ref, new Float32Array(ref.length * 2), 2)
    expect([0, 1, 2, 3, 4].map((i) => referenceIndexOf(i, live))).toEqual([3, 1, -1, 1, 0])
    expect([0, 1, 2, 3, 4].map((j) => liveIndexOf(j, live))).toEqual([4, 1, -1, 0, 1])
    expect(referenceIndexOf(99, live)).toBe(-1)
  })

  it('colours reference points like their live item, grey when there is none', () => {
    const colors = Float32Array.from({ length: live.length * 3 }, (_, i) => i / 20)
    const out = referenceColors(colors, live, ref)
    expect(Array.from(out.subarray(0, 3))).toEqual(Array.from(colors.subarray(12, 15))) // d
    expect(Array.from(out.subarray(6, 9))).toEqual([0.5, 0.5, 0.5].map(Math.fround)) // x
    expect(Array.from(out.subarray(12, 15))).toEqual(Array.from(colors.subarray(3, 6))) // b
  })
})

describe('the reference space', () => {
  it('keeps a copy of the live run, named after it, and lays it out in 2D', async () => {
    const labels = ['p', 'q', 'r', 's']
    const v = gaussianMatrix(4, 3, 1, 4)
    const h = host(labels, v, 3)
    keepAsReference(h, describeRun(h))
    const r = compareStore.getState().reference!
    expect(r.name).toBe('trees, dim 3, seed 1, epoch 20')
    expect(r.vectors).not.toBe(v)
    expect(Array.from(r.vectors)).toEqual(Array.from(v))
    await laidOut()
    expect(compareStore.getState().reference!.positions).toHaveLength(8)
    expect(compareStore.getState().reference!.busy).toBe(false)
    expect(v).toHaveLength(12) // the live buffer was not transferred away
  })

  it('rejects vectors that do not match the labels', () => {
    expect(() => setReference('bad', ['a', 'b'], new Float32Array(5), 2)).toThrow(RangeError)
  })
})

describe('measuring agreement', () => {
  it('matches items by label across orders, leaving out missing and repeated ones', async () => {
    // The reference holds the same vectors in another order, lacks "i3" and has an extra item;
    // the live space repeats "i5" at the end.
    const n = 60
    const base = gaussianMatrix(n, 4, 1, 8)
    const liveLabels = [...Array.from({ length: n }, (_, i) => `i${i}`), 'i5']
    const liveVectors = new Float32Array((n + 1) * 4)
    liveVectors.set(base)
    liveVectors.set(gaussianMatrix(1, 4, 1, 99), n * 4)
    const order = Array.from({ length: n }, (_, i) => n - 1 - i).filter((i) => i !== 3)
    const refLabels = [...order.map((i) => `i${i}`), 'extra']
    const refVectors = new Float32Array(refLabels.length * 4)
    order.forEach((i, j) => refVectors.set(base.subarray(i * 4, i * 4 + 4), j * 4))
    refVectors.set([1, 2, 3, 4], order.length * 4)
    setReference('reordered', refLabels, refVectors, 4)
    await laidOut()

    const mean = await measureAgreement(host(liveLabels, liveVectors, 4))
    const r = compareStore.getState().reference!
    expect(mean).toBe(1)
    expect(r.meanAgreement).toBe(1)
    expect(r.measured).toEqual({
      k: 10,
      compared: n - 1,
      leftOut: { live: 2, reference: 1 },
      epoch: 20,
      step: 400,
    })
    expect(r.agreement).toHaveLength(refLabels.length)
    expect(Number.isNaN(r.agreement![refLabels.length - 1])).toBe(true)
    expect(Array.from(r.agreement!.subarray(0, order.length)).every((x) => x === 1)).toBe(true)
    expect(liveVectors[0]).toBe(base[0]) // still there: copies were sent, not the live buffer
  })

  it('finds disagreement, and says so when too few labels match', async () => {
    const labels = Array.from({ length: 80 }, (_, i) => `w${i}`)
    setReference('other', labels, gaussianMatrix(80, 6, 1, 1), 6)
    const live = gaussianMatrix(80, 6, 1, 2)
    const mean = await measureAgreement(host(labels, live, 6))
    expect(mean).toBeLessThan(0.35)
    expect(live).toHaveLength(480) // all items match in order: still a copy was sent
    await expect(measureAgreement(host(['zz', 'yy'], new Float32Array(4), 2))).rejects.toThrow(
      /Only 0 item/,
    )
    expect(compareStore.getState().reference!.error).toMatch(/Only 0 item/)
  })

  it('lists the selected item’s neighbours in both spaces among the shared items', () => {
    const live = ['a', 'b', 'c', 'd', 'e', 'f']
    const ref = ['f', 'e', 'd', 'c', 'b', 'a', 'only-ref']
    const lv = gaussianMatrix(6, 3, 1, 21)
    const rv = gaussianMatrix(7, 5, 1, 22)
    const p = pairItems(live, ref)
    const a = sharedNeighbours(p, 'live', lv, 3, 1, 3)!
    const b = sharedNeighbours(p, 'ref', rv, 5, 1, 3)!
    // Live order is the pairing order here, so live positions are live indices.
    expect(a).toEqual(nearestNeighbours(lv, 6, 3, 1, 3).map((x) => x.index))
    const refRows = Array.from(p.ref)
    const direct = nearestNeighbours(rv.subarray(0, 6 * 5), 6, 5, 4, 3).map((x) => x.index)
    expect(b.map((pos) => refRows[pos])).toEqual(direct) // "only-ref" is never a neighbour
    const cmp = compareNeighbours(p, live, a, b)
    expect(cmp.k).toBe(3)
    expect(cmp.same).toBe(a.filter((x) => b.includes(x)).length)
    expect(cmp.reference.map((r) => r.label)).toEqual(b.map((pos) => live[pos]))
    expect(sharedNeighbours(pairItems(['zz', ...live], ref), 'live', lv, 3, 0)).toBeNull()
  })

  it('stops when comparing stops: the measurement rejects and the reference is gone', async () => {
    const labels = Array.from({ length: 30 }, (_, i) => `s${i}`)
    setReference('stopped', labels, gaussianMatrix(30, 3, 1, 5), 3)
    const pending = measureAgreement(host(labels, gaussianMatrix(30, 3, 1, 6), 3))
    clearReference()
    await expect(pending).rejects.toThrow('Stopped.')
    expect(compareStore.getState().reference).toBeNull()
  })
})
