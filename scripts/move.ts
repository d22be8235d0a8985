// Moves source files and rewrites every relative import of them (and in them), so a refactor
// that reorganises folders is one command. Usage:
//   node --import tsx scripts/move.ts src/app/Old.tsx src/app/feature/Old.tsx [from to]...
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { readSources } from './sourceGraph'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const args = process.argv.slice(2)
if (args.length === 0 || args.length % 2) {
  console.error('usage: move.ts from to [from to]...')
  process.exit(1)
}
const moves = new Map<string, string>()
for (let i = 0; i < args.length; i += 2) moves.set(args[i], args[i + 1])

const EXT = /\.(tsx?|css)$/
const files = ['src', 'test', 'bench', 'scripts'].flatMap((f) =>
  existsSync(join(root, f)) ? readSources(root, f) : [],
)

/** The file an import specifier names, tried with the extensions the bundler would try. */
function target(from: string, spec: string): string | null {
  const base = relative(root, resolve(dirname(join(root, from)), spec))
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (existsSync(join(root, c)) && !c.endsWith('/')) return c
  return null
}

function specifier(fromFile: string, toFile: string, original: string): string {
  let s = relative(dirname(fromFile), toFile)
  if (!original.match(EXT)) s = s.replace(/\.tsx?$/, '')
  if (s.endsWith('/index') && !original.endsWith('index')) s = s.slice(0, -'/index'.length)
  return s.startsWith('.') ? s : `./${s}`
}

for (const f of files) {
  const newPath = moves.get(f.path) ?? f.path
  const info = ts.preProcessFile(f.text, true, true)
  // Also `new URL('./x.worker.ts', import.meta.url)`, which the pre-processor does not list.
  const urls = [...f.text.matchAll(/new URL\(\s*(['"])(\.[^'"]+)\1/g)].map((m) => ({
    fileName: m[2],
    pos: m.index! + m[0].indexOf(m[2]),
    end: m.index! + m[0].indexOf(m[2]) + m[2].length,
  }))
  // The pre-processor's positions may include the quote: find the name itself from there.
  const listed = info.importedFiles.map((r) => {
    const pos = f.text.indexOf(r.fileName, r.pos)
    return { fileName: r.fileName, pos, end: pos + r.fileName.length }
  })
  const refs = [...listed, ...urls].filter((r) => r.fileName.startsWith('.'))
  let text = f.text
  for (const r of refs.sort((a, b) => b.pos - a.pos)) {
    const to = target(f.path, r.fileName)
    if (!to) continue
    const next = specifier(newPath, moves.get(to) ?? to, r.fileName)
    if (next !== r.fileName) text = text.slice(0, r.pos) + next + text.slice(r.end)
  }
  if (text !== f.text) writeFileSync(join(root, f.path), text)
}
for (const [from, to] of moves) {
  mkdirSync(dirname(join(root, to)), { recursive: true })
  execFileSync('git', ['mv', from, to], { cwd: root })
}
console.log(`moved ${moves.size} file(s)`)
