import { describe, expect, it } from 'vitest'
import { PcaProjector } from '../../src/model/projection/pca'
import { SampledProjector } from '../../src/model/projection/sampled'
import { TsneProjector } from '../../src/model/projection/tsne'
import { gaussianMatrix } from '../../src/model/training/random'
import { HIDDEN, isHidden, normalizeLayout } from '../../src/viz/layout'

describe('SampledProjector', () => {
  const n = 300
  const dim = 5
  const data = gaussianMatrix(n, dim, 1, 4)

  it('passes every point through when there are no more than the limit', () => {
    const s = new SampledProjector(new PcaProjector(2), 300)
    s.update(data, n, dim)
    s.step()
    expect(s.positions()).toHaveLength(n * 2)
    expect(s.positions().every(Number.isFinite)).toBe(true)
    expect(s.info().sampled).toBeUndefined()
  })

  it('projects a seeded sample above the limit, NaN for the rest, and says so', () => {
    const s = new SampledProjector(new TsneProjector(2, { maxIterations: 20 }), 100, 7)
    s.update(data, n, dim)
    while (s.step());
    const pos = s.positions()
    expect(pos).toHaveLength(n * 2)
    const shown = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(pos[i * 2]))
    expect(shown).toHaveLength(100)
    expect(s.info()).toMatchObject({ sampled: 100, total: n })
    // The same sample on the next snapshot (same count), so the layout can continue.
    s.update(data, n, dim)
    s.step()
    const again = s.positions()
    const shownAgain = Array.from({ length: n }, (_, i) => i).filter((i) =>
      Number.isFinite(again[i * 2]),
    )
    expect(shownAgain).toEqual(shown)
    // Another seed picks another sample.
    const other = new SampledProjector(new PcaProjector(2), 100, 8)
    other.update(data, n, dim)
    other.step()
    const op = other.positions()
    expect(
      Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(op[i * 2])),
    ).not.toEqual(shown)
  })
})

describe('normalizeLayout with points left out', () => {
  it('centres and scales on the finite points and hides the others beyond the far plane', () => {
    const src = Float32Array.from([0, 0, 2, 0, NaN, NaN, 4, 0])
    const out = new Float32Array(12)
    normalizeLayout(src, 4, 2, out)
    expect(Array.from(out.subarray(6, 9))).toEqual([HIDDEN, HIDDEN, HIDDEN])
    expect(isHidden(out[6])).toBe(true)
    expect(isHidden(out[0])).toBe(false)
    // Finite points: x = 0, 2, 4 → centred at 2, so −c, 0, +c.
    expect(out[3]).toBeCloseTo(0, 6)
    expect(out[0]).toBeCloseTo(-out[9], 6)
    expect(out.every(Number.isFinite)).toBe(true)
  })
})
