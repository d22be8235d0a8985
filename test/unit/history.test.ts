import { describe, expect, it } from 'vitest'
import { TrainingHistory } from '../../src/model/history'

/** Tiny seeded PRNG (mulberry32) so every run draws the same numbers. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LENGTH = 16 // numbers per snapshot: 64 bytes
const CAPACITY = 40 // snapshots that fit the budget below
const BUDGET = CAPACITY * LENGTH * 4 + 10

/** A snapshot whose every number is the epoch, so stored data can be traced back. */
const filled = (epoch: number) => new Float32Array(LENGTH).fill(epoch)

/** Largest difference between consecutive kept epochs. */
function maxGap(h: TrainingHistory): number {
  const epochs = h.snapshots().map((s) => s.epoch)
  let gap = 0
  for (let i = 1; i < epochs.length; i++) gap = Math.max(gap, epochs[i] - epochs[i - 1])
  return gap
}

describe('TrainingHistory', () => {
  it('respects the budget over 10,000 adds, keeps first and latest, spreads coverage', () => {
    const h = new TrainingHistory(BUDGET)
    const runs = 10_000
    for (let epoch = 0; epoch < runs; epoch++) {
      expect(h.add(epoch, epoch * 10, filled(epoch))).toBe(true)
      expect(h.bytes).toBeLessThanOrEqual(BUDGET)
      expect(h.bytes).toBe(h.length * LENGTH * 4)
      expect(h.length).toBe(Math.min(epoch + 1, CAPACITY)) // the budget is used, not wasted
      const all = h.snapshots()
      expect(all[0].epoch).toBe(0)
      expect(all[all.length - 1].epoch).toBe(epoch)
      if (epoch % 499 === 0 && epoch > 0) {
        // Proven bound: no gap exceeds 2·(run length)/(capacity − 1).
        expect(maxGap(h)).toBeLessThanOrEqual((2 * epoch) / (CAPACITY - 1))
        // Kept epochs strictly increase.
        for (let i = 1; i < all.length; i++) expect(all[i].epoch).toBeGreaterThan(all[i - 1].epoch)
      }
    }
    // Every part of the run is represented: each tenth of it holds some snapshots.
    const epochs = h.snapshots().map((s) => s.epoch)
    for (let part = 0; part < 10; part++)
      expect(epochs.filter((e) => Math.floor((e * 10) / runs) === part).length).toBeGreaterThan(0)
    // Stored data belongs to its epoch.
    for (const s of h.snapshots()) {
      expect(s.vectors[0]).toBe(s.epoch)
      expect(s.step).toBe(s.epoch * 10)
    }
  })

  it('keeps coverage spread with irregular epoch spacing', () => {
    const random = seeded(7)
    const h = new TrainingHistory(BUDGET)
    let epoch = 0
    for (let i = 0; i < 3000; i++) {
      epoch += 1 + Math.floor(random() * 5)
      h.add(epoch, i, filled(epoch))
    }
    const first = h.at(0)!.epoch
    expect(first).toBe(h.snapshots()[0].epoch)
    expect(h.at(-1)!.epoch).toBe(epoch)
    expect(maxGap(h)).toBeLessThanOrEqual((2 * (epoch - first)) / (CAPACITY - 1))
  })

  it('copies vectors unless told to take them', () => {
    const h = new TrainingHistory(BUDGET)
    const v = filled(1)
    h.add(1, 0, v)
    v[0] = 99
    expect(h.at(0)!.vectors[0]).toBe(1)
    const w = filled(2)
    h.add(2, 1, w, true)
    expect(h.at(1)!.vectors).toBe(w)
  })

  it('replaces the snapshot of the same epoch', () => {
    const h = new TrainingHistory(BUDGET)
    h.add(0, 0, filled(0))
    h.add(3, 30, filled(3))
    expect(h.add(3, 35, filled(7))).toBe(true)
    expect(h.length).toBe(2)
    expect(h.bytes).toBe(2 * LENGTH * 4)
    expect(h.at(-1)!.step).toBe(35)
    expect(h.at(-1)!.vectors[0]).toBe(7)
    // Without onePerEpoch both are kept.
    const all = new TrainingHistory(BUDGET, { onePerEpoch: false })
    all.add(3, 30, filled(3))
    all.add(3, 35, filled(3))
    expect(all.snapshots().map((s) => s.step)).toEqual([30, 35])
  })

  it('ignores snapshots closer than minStepGap', () => {
    const h = new TrainingHistory(BUDGET, { minStepGap: 8, onePerEpoch: false })
    expect(h.add(0, 0, filled(0))).toBe(true)
    expect(h.add(1, 5, filled(1))).toBe(false)
    expect(h.add(2, 8, filled(2))).toBe(true)
    expect(h.add(3, 15, filled(3))).toBe(false)
    expect(h.snapshots().map((s) => s.step)).toEqual([0, 8])
  })

  it('throws on a different vector length or a backward epoch, until cleared', () => {
    const h = new TrainingHistory(BUDGET)
    h.add(0, 0, filled(0))
    h.add(5, 50, filled(5))
    expect(() => h.add(6, 60, new Float32Array(LENGTH + 1))).toThrow(/clear\(\)/)
    expect(() => h.add(4, 40, filled(4))).toThrow(/before/)
    expect(h.length).toBe(2)
    h.clear()
    expect(h.length).toBe(0)
    expect(h.bytes).toBe(0)
    expect(h.add(0, 0, new Float32Array(LENGTH + 1))).toBe(true)
    expect(() => new TrainingHistory(BUDGET).add(0, 0, new Float32Array(BUDGET))).toThrow(
      RangeError,
    )
  })

  it('finds the snapshot nearest an epoch', () => {
    const h = new TrainingHistory(BUDGET)
    expect(h.nearest(3)).toBeUndefined()
    expect(h.nearestIndex(3)).toBe(-1)
    for (const e of [0, 4, 10, 11]) h.add(e, e, filled(e))
    const near = (e: number) => h.nearest(e)!.epoch
    expect([-5, 0, 1, 2, 3, 7, 8, 10, 10.6, 11, 50].map(near)).toEqual([
      0, 0, 0, 0, 4, 4, 10, 10, 11, 11, 11,
    ])
    expect(h.nearestIndex(9)).toBe(2)
    expect(h.at(-1)!.epoch).toBe(11)
    expect(h.at(10)).toBeUndefined()
  })
})
