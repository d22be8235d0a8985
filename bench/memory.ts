import { execFileSync } from 'node:child_process'
import type { Row } from './node'

/** Runs one case of memoryChild.ts in a fresh Node process; its time and added peak memory. */
function measure(which: string): { ms: number; peakMB: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/memoryChild.ts', which],
    { encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').pop()!)
}

const fmt = (r: { ms: number; peakMB: number }) =>
  `${r.ms.toFixed(0)} ms, +${r.peakMB.toFixed(0)} MB peak`

/**
 * Parse time and peak memory of big loads, each in its own process so one's garbage cannot
 * inflate another's peak; next to the raw baseline of the same bytes in the same way.
 */
export function memoryBench(): Row[] {
  const pairs: Array<[string, string, string, string]> = [
    ['vectors TSV 100k × 64 → vectors', 'vectors64-ours', 'vectors64-papa', 'papaparse raw parse'],
    ['table CSV 100k rows → dataset', 'table-ours', 'table-papa', 'papaparse raw parse'],
    ['GloVe text 100k × 100 → vectors', 'glove-ours', 'glove-split', 'raw split + Number'],
    ['.bytes 10k × 784 + config → vectors', 'bytes-ours', 'bytes-copy', 'Float32Array copy'],
  ]
  return pairs.map(([figure, ours, base, what]) => {
    const a = measure(ours)
    const b = measure(base)
    return {
      figure: `${figure} (time, peak memory)`,
      ours: fmt(a),
      baseline: `${fmt(b)} ${what}`,
      note: 'each in a fresh process; peak = highest RSS sampled every 2 ms during the load, above the RSS before it',
    }
  })
}
