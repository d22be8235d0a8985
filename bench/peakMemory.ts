// Time and peak memory of one load, measured in a fresh Node process per case (so one case's
// garbage cannot inflate another's peak): `childRows` runs the cases of a child script next to
// their baselines; the child script calls `reportPeak` with its case.
import { execFileSync } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import type { Row } from './node'

interface Peak {
  ms: number
  peakMB: number
}

/** Runs one case of a child script in a fresh Node process; its time and added peak memory. */
function measure(script: string, which: string): Peak {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', script, which],
    { encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').pop()!)
}

const fmt = (r: Peak) => `${r.ms.toFixed(0)} ms, +${r.peakMB.toFixed(0)} MB peak`

/** One row per [figure, our case, baseline case, what the baseline is], each case in its own process. */
export function childRows(
  script: string,
  pairs: Array<[string, string, string, string]>,
  note: string,
): Row[] {
  return pairs.map(([figure, ours, base, what]) => {
    const a = measure(script, ours)
    const b = measure(script, base)
    return {
      figure: `${figure} (time, peak memory)`,
      ours: fmt(a),
      baseline: `${fmt(b)} ${what}`,
      note,
    }
  })
}

/**
 * In the child: runs the load and prints its time and peak memory as the last line. The process's
 * resident memory is sampled every 2 ms from another thread while the load runs on this one: the
 * highest sample is the load's peak. (The RSS high-water mark of resourceUsage() would also count
 * the building of the input before it.)
 */
export async function reportPeak(run: () => unknown): Promise<void> {
  const shared = new Float64Array(new SharedArrayBuffer(16))
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads')
     const m = new Float64Array(workerData)
     const tick = () => { const r = process.memoryUsage.rss(); if (r > m[0]) m[0] = r; if (m[1] === 0) setTimeout(tick, 2) }
     tick()`,
    { eval: true, workerData: shared.buffer },
  )
  await new Promise((r) => setTimeout(r, 50))
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((r) => setTimeout(r, 50))
  const before = process.memoryUsage.rss()
  shared[0] = before
  const t0 = performance.now()
  const result = await run()
  const ms = performance.now() - t0
  await new Promise((r) => setTimeout(r, 10))
  shared[1] = 1
  await sampler.terminate()
  void result
  console.log(JSON.stringify({ ms, peakMB: (shared[0] - before) / 2 ** 20 }))
}
