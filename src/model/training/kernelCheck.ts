import { sgnsStep } from './sgnsKernel'

/**
 * The 'js' backend's start-up check: one update of the typed-array kernel on a tiny problem
 * against word2vec's rule worked out in float64 here. Returns what is wrong, or null.
 */
export function checkKernel(): string | null {
  const dim = 3
  const input = Float32Array.from([0.5, -0.2, 0.1, 0.3, 0.3, -0.4])
  const output = Float32Array.from([0.2, 0.1, -0.3, -0.1, 0.4, 0.2])
  const [u0, v0] = [Array.from(input.subarray(0, 3)), Array.from(output)]
  const rate = 0.5
  // Center 0, context 1, one negative 0.
  const loss = sgnsStep(
    input,
    output,
    dim,
    { centers: Int32Array.of(0), targets: Int32Array.of(1, 0), count: 1 },
    1,
    rate,
    0,
  )
  const sigma = (x: number) => 1 / (1 + Math.exp(-x))
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)
  const vPos = v0.slice(3, 6)
  const vNeg = v0.slice(0, 3)
  const fPos = dot(u0, vPos)
  const gPos = (1 - sigma(fPos)) * rate
  const vPosNew = vPos.map((x, i) => x + gPos * u0[i])
  const fNeg = dot(u0, vNeg)
  const gNeg = -sigma(fNeg) * rate
  const vNegNew = vNeg.map((x, i) => x + gNeg * u0[i])
  const uNew = u0.map((x, i) => x + gPos * vPos[i] + gNeg * vNeg[i])
  const expectedLoss = -Math.log(sigma(fPos)) - Math.log(sigma(-fNeg))
  const got = [...input.subarray(0, 3), ...output]
  const want = [...uNew, ...vNegNew, ...vPosNew]
  // Table lookups of σ are good to about 0.005; a wrong sign or row is off by far more.
  if (want.some((w, i) => Math.abs(w - got[i]) > 5e-3)) return `update is wrong (${got.join(', ')})`
  if (Math.abs(loss - expectedLoss) > 1e-2) return `loss is wrong (${loss})`
  return null
}

/** Median ms of one kernel step of 64 skip-gram pairs (5 negatives, d = 12, 256 items). */
export function timeKernelStep(steps = 7): number {
  const items = 256
  const dim = 12
  const negatives = 5
  const input = Float32Array.from({ length: items * dim }, (_, i) => ((i * 7919) % 97) / 970 - 0.05)
  const output = new Float32Array(items * dim)
  const centers = Int32Array.from({ length: 64 }, (_, i) => (i * 37) % items)
  const targets = Int32Array.from({ length: 64 * (1 + negatives) }, (_, i) => (i * 101) % items)
  const run = () =>
    sgnsStep(input, output, dim, { centers, targets, count: 64 }, negatives, 0.025, 0)
  run()
  const times: number[] = []
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}
