// `npm run bench`: prints a table of our figures next to a baseline measured in the same run.
import { execSync } from 'node:child_process'
import { browserBench } from './browser'
import { nodeBench, type Row } from './node'
import { filesBench } from './files'
import { firstVisitBench } from './firstVisit'
import { loadBench } from './load'
import { formatsBench } from './formats'
import { memoryBench } from './memory'
import { projectorBench } from './projector'
import { knnBench, tsneBench, umapBench } from './projection'
import { pickBench, renderBench } from './render'
import { scaleBench } from './scale'
import { scaleBrowserBench } from './scaleBrowser'
import { renderProfileBench } from './renderProfile'
import { trainingBench } from './training'
import { kernelBench } from './kernel'
import { gpuBench } from './gpu'

function printTable(rows: Row[]) {
  const head: Row = { figure: 'figure', ours: 'ours', baseline: 'baseline', note: 'note' }
  const cols = (['figure', 'ours', 'baseline', 'note'] as const).map((k) =>
    Math.max(...[head, ...rows].map((r) => r[k].length)),
  )
  const line = (r: Row) =>
    `| ${(['figure', 'ours', 'baseline', 'note'] as const).map((k, i) => r[k].padEnd(cols[i])).join(' | ')} |`
  console.log(line(head))
  console.log(`|${cols.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

/** Sections by name: `npm run bench -- tsne umap` runs only those; no names runs all. */
const sections: Record<string, () => Row[] | Promise<Row[]>> = {
  gather: nodeBench,
  training: trainingBench,
  kernel: kernelBench,
  files: filesBench,
  projector: projectorBench,
  formats: formatsBench,
  memory: memoryBench,
  knn: knnBench,
  umap: umapBench,
  tsne: tsneBench,
  scale: scaleBench,
  scaleBrowser: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return scaleBrowserBench()
  },
  browser: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return browserBench()
  },
  firstVisit: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return firstVisitBench()
  },
  load: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return loadBench()
  },
  gpu: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return gpuBench()
  },
  pick: pickBench,
  render: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return renderBench()
  },
  beacon: async () => (await import('./beacon')).beaconBench(),
  renderprofile: async () => {
    execSync('npx vite build --logLevel error', { stdio: 'inherit' })
    return renderProfileBench()
  },
}
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !(w in sections))
if (unknown.length)
  throw new Error(
    `Unknown bench section(s) ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`,
  )
const rows: Row[] = []
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length && !wanted.includes(name)) continue
  console.error(`bench: ${name}…`)
  rows.push(...(await run()))
}
printTable(rows)
