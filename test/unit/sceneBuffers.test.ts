import { describe, expect, it } from 'vitest'
import { SceneBuffers } from '../../src/viz/sceneBuffers'

/** A Float32Array stand-in that fails the test if anything reads or writes its elements. */
function untouchable(length: number): Float32Array<ArrayBuffer> {
  return new Proxy(new Float32Array(length), {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error(`read [${key}]`)
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
    set(_target, key) {
      throw new Error(`wrote [${String(key)}]`)
    },
  })
}

describe('SceneBuffers', () => {
  const layout = (n: number, shift: number) =>
    Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 1.7) + shift)

  it('eases to a new layout, lands exactly, then skips the points on still frames until the next layout', () => {
    const b = new SceneBuffers()
    b.setTarget(layout(100, 0), 100, 3, 0)
    expect(b.advance(16)).toBe(false) // the first layout snaps
    b.setTarget(layout(100, 0.5).reverse(), 100, 3, 1)
    const revision = b.revision
    expect(b.advance(16)).toBe(true)
    expect(b.revision).toBeGreaterThan(revision)
    let frames = 0
    while (b.advance(16)) frames++
    expect(frames).toBeLessThan(200)
    expect(b.display).toEqual(b.target)
    const settled = b.revision
    // Settled (orbiting a still layout): any read of the arrays now would be an O(n) pass a frame.
    const [display, target] = [b.display, b.target]
    b.display = untouchable(300)
    b.target = untouchable(300)
    for (let f = 0; f < 10; f++) expect(b.advance(16)).toBe(false)
    expect(b.revision).toBe(settled)
    // A new layout eases again.
    ;[b.display, b.target] = [display, target]
    b.setTarget(layout(100, 2), 100, 3, 2)
    expect(b.advance(16)).toBe(true)
  })
})
