import { describe, expect, it } from 'vitest'
import { declutter } from '../../src/viz/declutter'

describe('declutter', () => {
  const box = (x: number, y: number, width = 50, height = 20) => ({ x, y, width, height })

  it('keeps every label when none overlap', () => {
    expect(declutter([box(0, 0), box(100, 0), box(0, 100)])).toEqual([true, true, true])
  })

  it('hides the lower-priority label of an overlapping pair, whatever their positions', () => {
    expect(declutter([box(0, 0), box(30, 10)])).toEqual([true, false])
    expect(declutter([box(30, 10), box(0, 0)])).toEqual([true, false])
  })

  it('compares only with labels actually shown', () => {
    // B overlaps A and is hidden; C overlaps B but not A, so C is shown.
    expect(declutter([box(0, 0), box(40, 0), box(88, 0)])).toEqual([true, false, true])
  })

  it('hides missing boxes and respects the padding', () => {
    expect(declutter([null, box(0, 0)])).toEqual([false, true])
    expect(declutter([box(0, 0), box(51, 0)], 2)).toEqual([true, false])
    expect(declutter([box(0, 0), box(53, 0)], 2)).toEqual([true, true])
  })
})
