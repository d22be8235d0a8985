// `npm run bench`: prints a table of our figures next to a baseline measured in the same run.
import { execSync } from 'node:child_process'
import { browserBench } from './browser'
import { nodeBench, type Row } from './node'

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

const rows = await nodeBench()
execSync('npx vite build --logLevel error', { stdio: 'inherit' })
rows.push(...(await browserBench()))
printTable(rows)
