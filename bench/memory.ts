import { childRows } from './peakMemory'
import type { Row } from './node'

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
  return childRows(
    'bench/memoryChild.ts',
    pairs,
    'each in a fresh process; peak = highest RSS sampled every 2 ms during the load, above the RSS before it',
  )
}
