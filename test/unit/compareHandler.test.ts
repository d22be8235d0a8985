import { describe, expect, it } from 'vitest'
import { gaussianMatrix } from '../../src/model/training/random'
import { createCompareHandler } from '../../src/workers/compareHandler'
import type { CompareEvent, CompareRequest } from '../../src/workers/protocol'

/** The handler with a fake `post` that records every message and its transfer list. */
function rig() {
  const events: CompareEvent[] = []
  const transfers: Transferable[][] = []
  const handle = createCompareHandler({
    post: (msg, transfer) => {
      events.push(msg)
      transfers.push(transfer)
    },
  })
  const ask = (msg: CompareRequest) => {
    handle(msg)
    return events.at(-1)!
  }
  return { events, transfers, handle, ask }
}

/** Unit vectors at these angles (degrees) in 2D, or scaled and padded with a zero to 3D. */
function angles(deg: number[], dim: 2 | 3 = 2): Float32Array {
  const out = new Float32Array(deg.length * dim)
  deg.forEach((d, i) => {
    const r = dim === 3 ? i + 1 : 1 // cosine ignores length: the scaling must not matter
    out[i * dim] = r * Math.cos((d * Math.PI) / 180)
    out[i * dim + 1] = r * Math.sin((d * Math.PI) / 180)
  })
  return out
}

function agreementOf(e: CompareEvent) {
  if (e.type !== 'agreement') throw new Error(`expected agreement, got ${JSON.stringify(e)}`)
  return e
}

describe('compare worker handler: agreement', () => {
  it('is 1 for every item when both spaces are the same', () => {
    const { ask } = rig()
    const n = 300
    const a = gaussianMatrix(n, 8, 1, 3)
    const r = agreementOf(
      ask({ type: 'agreement', id: 1, a, dimA: 8, b: a.slice(), dimB: 8, items: n }),
    )
    expect(r.k).toBe(10)
    expect(r.mean).toBe(1)
    expect(Array.from(r.perItem).every((x) => x === 1)).toBe(true)
  })

  it('is near chance (k / (n − 1) ≈ 0.02) for two unrelated random spaces of 500 items', () => {
    const { ask } = rig()
    const n = 500
    const a = gaussianMatrix(n, 12, 1, 1)
    const b = gaussianMatrix(n, 2, 1, 2)
    const r = agreementOf(ask({ type: 'agreement', id: 7, a, dimA: 12, b, dimB: 2, items: n }))
    expect(r.id).toBe(7)
    expect(r.perItem).toHaveLength(n)
    // Chance is 10/499 ≈ 0.020 with a spread of about 0.003 over seeds.
    expect(r.mean).toBeGreaterThan(0.008)
    expect(r.mean).toBeLessThan(0.035)
    const mean = Array.from(r.perItem).reduce((s, x) => s + x, 0) / n
    expect(r.mean).toBeCloseTo(mean, 6)
  })

  it('counts shared neighbours exactly on a constructed case (k = 2, 2D against 3D)', () => {
    // Neighbour pairs by angle, worked out by hand:
    // A: 0→{1,2} 1→{0,2} 2→{1,0} 3→{2,4} 4→{3,2};  B: 0→{2,1} 1→{3,2} 2→{0,1} 3→{1,4} 4→{3,1}
    const { ask } = rig()
    const a = angles([0, 10, 30, 65, 110])
    const b = angles([0, 50, 10, 70, 95], 3)
    const r = agreementOf(
      ask({ type: 'agreement', id: 2, a, dimA: 2, b, dimB: 3, items: 5, k: 2 }), // cosine by default
    )
    expect(r.k).toBe(2)
    expect(Array.from(r.perItem)).toEqual([1, 0.5, 1, 0.5, 0.5])
    expect(r.mean).toBeCloseTo(0.7, 6)
  })

  it('compares all other items when there are fewer than k, and transfers the result', () => {
    const { ask, transfers } = rig()
    const a = angles([0, 10, 30])
    const r = agreementOf(ask({ type: 'agreement', id: 3, a, dimA: 2, b: a, dimB: 2, items: 3 }))
    expect(r.k).toBe(2)
    expect(Array.from(r.perItem)).toEqual([1, 1, 1])
    expect(transfers.at(-1)).toEqual([r.perItem.buffer])
  })

  it('posts progress once the first neighbour graph is done, before the result', () => {
    const { events, handle } = rig()
    const a = gaussianMatrix(50, 4, 1, 5)
    handle({ type: 'agreement', id: 4, a, dimA: 4, b: a, dimB: 4, items: 50 })
    expect(events.map((e) => e.type)).toEqual(['progress', 'agreement'])
    expect(events[0]).toEqual({ type: 'progress', id: 4, share: 0.5 })
  })

  it('answers bad input with an error message carrying the request id', () => {
    const { ask } = rig()
    const a = angles([0, 10, 30])
    expect(ask({ type: 'agreement', id: 5, a, dimA: 2, b: a, dimB: 3, items: 3 })).toEqual({
      type: 'error',
      id: 5,
      error: {
        name: 'RangeError',
        message: 'The second space: 6 numbers are not 3 items × 3 dimensions',
        dataset: false,
      },
    })
    const bad = a.slice()
    bad[3] = NaN
    const e = ask({ type: 'agreement', id: 6, a: bad, dimA: 2, b: a, dimB: 2, items: 3 })
    expect(e).toMatchObject({
      type: 'error',
      id: 6,
      error: { message: expect.stringMatching(/item 2/) },
    })
    const one = ask({
      type: 'agreement',
      id: 8,
      a: a.subarray(0, 2),
      dimA: 2,
      b: a,
      dimB: 2,
      items: 1,
    })
    expect(one).toMatchObject({
      type: 'error',
      id: 8,
      error: { message: expect.stringMatching(/at least 2/) },
    })
  })
})

describe('compare worker handler: projection', () => {
  it('lays out the reference as finite items × 2 positions along its main directions', () => {
    const { ask, transfers } = rig()
    const n = 400
    // Spread 10 along dimension 3, 2 along dimension 0, 0.1 elsewhere: PC1 = dim 3, PC2 = dim 0.
    const v = gaussianMatrix(n, 6, 0.1, 9)
    for (let i = 0; i < n; i++) {
      v[i * 6 + 3] *= 100
      v[i * 6] *= 20
    }
    const e = ask({ type: 'project', id: 11, vectors: v, items: n, dim: 6 })
    if (e.type !== 'positions') throw new Error(JSON.stringify(e))
    expect(e.id).toBe(11)
    expect(e.positions).toHaveLength(n * 2)
    expect(e.positions.every(Number.isFinite)).toBe(true)
    expect(transfers.at(-1)).toEqual([e.positions.buffer])
    expect(e.explained).toHaveLength(2)
    expect(e.explained[0]).toBeGreaterThan(0.9)
    expect(e.explained[0] + e.explained[1]).toBeLessThanOrEqual(1 + 1e-9)
    // The first axis is dimension 3 (up to sign), centred.
    const x = Array.from({ length: n }, (_, i) => e.positions[i * 2])
    const d3 = Array.from({ length: n }, (_, i) => v[i * 6 + 3])
    const mean = d3.reduce((s, t) => s + t, 0) / n
    x.forEach((xi, i) => expect(Math.abs(Math.abs(xi) - Math.abs(d3[i] - mean))).toBeLessThan(0.5))
  })

  it('gives a 1-dimensional space a flat second axis and rejects a size mismatch', () => {
    const { ask } = rig()
    const e = ask({ type: 'project', id: 12, vectors: Float32Array.of(1, 2, 4), items: 3, dim: 1 })
    if (e.type !== 'positions') throw new Error(JSON.stringify(e))
    expect(Array.from(e.positions.filter((_, i) => i % 2 === 1))).toEqual([0, 0, 0])
    expect(
      ask({ type: 'project', id: 13, vectors: new Float32Array(5), items: 3, dim: 2 }),
    ).toEqual({
      type: 'error',
      id: 13,
      error: {
        name: 'RangeError',
        message: 'The reference space: 5 numbers are not 3 items × 2 dimensions',
        dataset: false,
      },
    })
  })
})
