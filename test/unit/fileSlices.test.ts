import { describe, expect, it } from 'vitest'
import { asBlobFiles, Pacer, safeCut, toFile } from '../../src/workers/fileSlices'

describe('script files become Files a slice per task', () => {
  it('never cuts a surrogate pair in two', () => {
    const text = 'a😀b' // 'a', high, low, 'b'
    expect(safeCut(text, 1)).toBe(1)
    expect(safeCut(text, 2)).toBe(1) // between the halves: cut before the pair
    expect(safeCut(text, 3)).toBe(3)
    expect(safeCut(text, 0)).toBe(0)
    expect(safeCut(text, 9)).toBe(4)
  })

  it('keeps text exactly, whatever the slice size (emoji, accents, CJK across every cut)', async () => {
    const text = 'naïve\t😀\t1.5\n東京\t🌲🌲\t-2e3\n' + 'x😀'.repeat(40)
    for (const slice of [1, 2, 3, 5, 7, 64]) {
      const file = await toFile({ name: 'v.tsv', text }, slice)
      expect(file.name).toBe('v.tsv')
      expect(await file.text()).toBe(text)
      expect(file.size).toBe(new TextEncoder().encode(text).length)
    }
  })

  it('keeps bytes exactly', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256)
    const file = await toFile({ name: 'x.bytes', bytes }, 64)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes)
  })

  it('converts only big script files, in order; Files and small ones stay as they are', async () => {
    const dropped = new File(['1\t2\n'], 'dropped.tsv')
    const small = { name: 'small.tsv', text: '1\t2\n' }
    const big = { name: 'big.tsv', text: '3\t4\n'.repeat(10) }
    const out = await asBlobFiles([dropped, small, big], 16)
    expect(out[0]).toBe(dropped)
    expect(out[1]).toBe(small)
    expect(out[2]).toBeInstanceOf(File)
    expect(out[2].name).toBe('big.tsv')
    expect(await (out[2] as File).text()).toBe(big.text)
  })
})

describe('Pacer', () => {
  it('lets a timer run in the middle of a long loop', async () => {
    const pacer = new Pacer(5)
    let fired = -1
    let i = 0
    setTimeout(() => (fired = i), 0)
    const end = performance.now() + 100
    for (; performance.now() < end; i++) {
      const t = performance.now()
      while (performance.now() - t < 1); // 1 ms of work
      await pacer.pace()
    }
    expect(pacer.yields).toBeGreaterThanOrEqual(2)
    expect(fired).toBeGreaterThanOrEqual(0) // it ran while the loop was still going
    expect(fired).toBeLessThan(i)
  })

  it('does not yield within its budget', async () => {
    const pacer = new Pacer(10_000)
    for (let k = 0; k < 100; k++) await pacer.pace()
    expect(pacer.yields).toBe(0)
  })
})
