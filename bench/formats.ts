import { execFileSync } from 'node:child_process'
import type { Row } from './node'

/** Runs one case of formatsChild.ts in a fresh Node process; its time and added peak memory. */
function measure(which: string): { ms: number; peakMB: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/formatsChild.ts', which],
    { encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').pop()!)
}

const fmt = (r: { ms: number; peakMB: number }) =>
  `${r.ms.toFixed(0)} ms, +${r.peakMB.toFixed(0)} MB peak`

/**
 * Load time and peak memory of the files data tools write (numpy, Arrow, pandas CSV), each in
 * its own process, next to the least work the same bytes need (a copy, an unzip, a raw read).
 */
export function formatsBench(): Row[] {
  const pairs: Array<[string, string, string, string]> = [
    [
      '.npy 50,000 × 1,536 float32 (307 MB) → vectors',
      'npy-1536-ours',
      'npy-1536-copy',
      'Float32Array copy of the data',
    ],
    [
      '.npy 10,000 × 768 float64, Fortran order → vectors',
      'npy-f8-fortran-ours',
      'npy-f8-fortran-copy',
      'Float64Array → Float32Array, C order',
    ],
    ['.npz (deflate) 10,000 × 768 float32 → vectors', 'npz-ours', 'npz-unzip', 'fflate unzip only'],
    [
      'Arrow IPC 10,000 × 768 fixed-size list → vectors',
      'arrow-ours',
      'arrow-raw',
      'apache-arrow read + values copy',
    ],
    [
      'pandas to_csv 10,000 × 768 with index → vectors',
      'csv-index-ours',
      'csv-index-papa',
      'papaparse raw parse',
    ],
    [
      'same CSV without the index column → vectors',
      'csv-noindex-ours',
      'csv-index-papa',
      'papaparse raw parse (with index)',
    ],
    [
      'layout CSV 1,000,000 × (label, cluster, x, y, z) → precomputed layout',
      'layout-csv-ours',
      'layout-csv-papa',
      'papaparse raw parse',
    ],
  ]
  return pairs.map(([figure, ours, base, what]) => {
    const a = measure(ours)
    const b = measure(base)
    return {
      figure: `${figure} (time, peak memory)`,
      ours: fmt(a),
      baseline: `${fmt(b)} ${what}`,
      note: 'Node, each in a fresh process; peak = highest RSS sampled every 2 ms above the RSS before',
    }
  })
}
