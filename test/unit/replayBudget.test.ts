import { describe, expect, it } from 'vitest'
import { recordSnapshot } from '../../src/app/session/replay'
import type { PositionsMessage } from '../../src/workers/protocol'
import { fakeSession } from './fakeWorkers'

describe('the history scrubber with vectors too big to keep', () => {
  it('keeps no snapshot of vectors larger than half its budget, and does not throw', () => {
    // A 50,000 × 1,536 file's first layout arrived (307 MB of vectors, over a 64 MB budget) and
    // threw out of the positions handler, so the dataset was never shown.
    const { session: s } = fakeSession()
    const budget = s.live.history.budgetBytes
    const m = {
      type: 'positions',
      run: 1,
      step: 0,
      items: 1,
      dim: budget / 4,
      vectors: new Float32Array(budget / 4),
    } as unknown as PositionsMessage
    expect(() => recordSnapshot(s, m)).not.toThrow()
    expect(s.live.history.length).toBe(0)
  })
})
