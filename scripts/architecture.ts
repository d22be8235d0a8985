// Prints the shape of the source tree: files and lines per folder, file-size percentiles, import
// arrows between layers and import cycles. Run: node --import tsx scripts/architecture.ts
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importCycles, layerArrows, layerOf, readSources } from './sourceGraph'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const files = readSources(root)

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

const byFolder = new Map<string, number[]>()
for (const f of files) {
  const folder = dirname(f.path)
  byFolder.set(folder, [...(byFolder.get(folder) ?? []), f.lines])
}
console.log('folder'.padEnd(32), 'files'.padStart(6), 'lines'.padStart(7))
for (const [folder, lines] of [...byFolder].sort())
  console.log(
    folder.padEnd(32),
    String(lines.length).padStart(6),
    String(lines.reduce((a, b) => a + b, 0)).padStart(7),
  )

const sizes = files.map((f) => f.lines).sort((a, b) => a - b)
const biggest = files.reduce((a, b) => (b.lines > a.lines ? b : a))
console.log(
  `\n${files.length} files, ${sizes.reduce((a, b) => a + b, 0)} lines; median ${percentile(sizes, 50)}, ` +
    `p90 ${percentile(sizes, 90)}, max ${biggest.lines} (${biggest.path})`,
)

console.log('\nimport arrows between layers (imports crossing):')
for (const [arrow, n] of [...layerArrows(files)].sort()) console.log(`  ${arrow}  ${n}`)

const cycles = importCycles(files)
console.log(`\nimport cycles: ${cycles.length}`)
for (const c of cycles) console.log(`  ${c.length} files: ${c.join(', ')}`)

const layers = new Set(files.map((f) => layerOf(f.path)))
console.log(`\nlayers: ${[...layers].sort().join(', ')}`)
