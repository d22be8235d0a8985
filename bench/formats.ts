import { childRows } from './peakMemory'
import type { Row } from './node'

/**
 * Load time and peak memory of the files data tools write (numpy, Arrow, Parquet, pandas CSV), each in
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
      'Parquet (zstd, list<float>) 10,000 × 768 → vectors',
      'parquet-768-ours',
      'parquet-768-hyparquet',
      'hyparquet 1.33 + compressors, rows as objects (the reader before parquet-wasm)',
    ],
    [
      'Parquet (snappy, list<float>) 50,000 × 1,536 (307 MB) → vectors',
      'parquet-1536-ours',
      'npy-1536-ours',
      'the same vectors as .npy, our reader',
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
  return childRows(
    'bench/formatsChild.ts',
    pairs,
    'Node, each in a fresh process; peak = highest RSS sampled every 2 ms above the RSS before',
  )
}
