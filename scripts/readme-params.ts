/**
 * Rewrites README.md's hyperparameter tables from the declarations (TRAIN_PARAMS and
 * PROJECTION_PARAMS), between `<!-- params:NAME -->` and `<!-- /params:NAME -->` markers, so the
 * README cannot drift from the code. A unit test fails when the README differs from its output:
 *
 *   node --import tsx scripts/readme-params.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isChoice, MAX_SEED, type ParamSpec } from '../src/model/paramSpec'
import { PROJECTION_PARAMS } from '../src/model/projection/params'
import { METHOD_NAMES, type ProjectionMethod } from '../src/model/projection/types'
import { TRAIN_PARAM_LIST } from '../src/model/training/params'

const code = (s: string) => `\`${s}\``
const num = (n: number) => (n === MAX_SEED ? '2³¹−1' : String(n))

function defaultOf(p: ParamSpec): string {
  return isChoice(p) ? p.default : num(p.default)
}

function rangeOf(p: ParamSpec): string {
  return isChoice(p) ? Object.keys(p.choices).map(code).join(', ') : `${num(p.min)}–${num(p.max)}`
}

/** A Markdown table laid out as Prettier lays it out, so `prettier --check` accepts it as is. */
export function markdownTable(head: string[], rows: string[][]): string {
  const cells = [head, ...rows].map((r) => r.map((c) => c.replace(/\|/g, '\\|')))
  const widths = head.map((_, i) => Math.max(3, ...cells.map((r) => [...r[i]].length)))
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n')
}

/** The training hyperparameter table. */
export function trainTable(): string {
  const all = (p: { usedBy: readonly string[] }) => p.usedBy.length === 3
  return markdownTable(
    ['name', 'display name', 'meaning', 'default', 'range', 'used by', 'link key'],
    TRAIN_PARAM_LIST.map(([key, p]) => [
      code(key),
      p.label,
      p.doc,
      defaultOf(p),
      rangeOf(p),
      all(p) ? 'all' : p.usedBy.join(', '),
      code(p.url),
    ]),
  )
}

/** The projection parameter table, every method's parameters in turn. */
export function projectionTable(): string {
  const methods = Object.keys(PROJECTION_PARAMS) as ProjectionMethod[]
  return markdownTable(
    ['method', 'name', 'display name', 'meaning', 'default', 'range'],
    methods.flatMap((m) =>
      PROJECTION_PARAMS[m].map((p) => [
        METHOD_NAMES[m],
        code(p.key),
        p.label,
        p.doc,
        defaultOf(p),
        rangeOf(p),
      ]),
    ),
  )
}

const TABLES: Record<string, () => string> = { train: trainTable, projection: projectionTable }

/** README text with each marked table replaced by the generated one; throws if a marker is gone. */
export function withParamTables(readme: string): string {
  let out = readme
  for (const [name, table] of Object.entries(TABLES)) {
    const open = `<!-- params:${name} -->`
    const close = `<!-- /params:${name} -->`
    const start = out.indexOf(open)
    const end = out.indexOf(close)
    if (start < 0 || end < start) throw new Error(`README.md has no ${open} … ${close} markers`)
    out = `${out.slice(0, start + open.length)}\n\n${table()}\n\n${out.slice(end)}`
  }
  return out
}

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url))

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(README_PATH, 'utf8')
  const after = withParamTables(before)
  if (after !== before) writeFileSync(README_PATH, after)
  console.log(after === before ? 'README.md tables are up to date' : 'README.md tables rewritten')
}
