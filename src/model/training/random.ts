/** mulberry32: a small seeded PRNG returning floats in [0, 1). Every random source is seeded. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of 0..n-1 with the given random source. */
export function shuffledIndices(n: number, random: () => number): Int32Array {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = out[i]
    out[i] = out[j]
    out[j] = t
  }
  return out
}

/**
 * n·dim normally distributed numbers (Box–Muller) with the given standard deviation, from a
 * seeded PRNG. Computed in plain JS so the starting vectors are the same on every backend and can
 * be drawn before any backend has started.
 */
export function gaussianMatrix(n: number, dim: number, std: number, seed: number): Float32Array {
  const random = mulberry32(seed ^ 0x9e3779b9)
  const out = new Float32Array(n * dim)
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - random()
    const v = random()
    const r = std * Math.sqrt(-2 * Math.log(u))
    out[i] = r * Math.cos(2 * Math.PI * v)
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * v)
  }
  return out
}
