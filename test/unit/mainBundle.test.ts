// The file readers (papaparse, parquet-wasm, fflate, apache-arrow) belong to the parse
// worker and to lazily imported chunks, not to the page's main bundle: what src/app/main.tsx
// reaches through static, value imports must not include them.
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const READERS = ['papaparse', 'parquet-wasm', 'fflate', 'apache-arrow', 'lz4js', 'fzstd']

function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(join(root, from)), spec)
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    try {
      if (statSync(c).isFile()) return relative(root, c)
    } catch {
      // not this one
    }
  return null
}

/** Static value imports of a file: project files and packages (type-only imports left out). */
function valueImports(path: string): { files: string[]; packages: string[] } {
  const text = readFileSync(join(root, path), 'utf8')
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  const files: string[] = []
  const packages: string[] = []
  for (const node of source.statements) {
    if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node))) continue
    if (!node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) continue
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      if (clause?.isTypeOnly) continue
      const named = clause?.namedBindings
      const allTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly)
      if (allTypes) continue
    } else if (node.isTypeOnly) continue
    const spec = node.moduleSpecifier.text
    if (spec.startsWith('.')) {
      const file = resolveFile(path, spec.replace(/\?.*$/, ''))
      if (file) files.push(file)
    } else
      packages.push(
        spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0],
      )
  }
  return { files, packages }
}

describe('the main bundle', () => {
  it('reaches none of the file readers through static imports', () => {
    const seen = new Set<string>()
    const packages = new Map<string, string>()
    const queue = ['src/app/main.tsx']
    while (queue.length) {
      const file = queue.pop()!
      if (seen.has(file)) continue
      seen.add(file)
      const { files, packages: p } = valueImports(file)
      for (const name of p) if (!packages.has(name)) packages.set(name, file)
      queue.push(...files)
    }
    expect(seen.size).toBeGreaterThan(50) // the walk found the app
    expect(packages.has('react')).toBe(true)
    const readers = READERS.filter((r) => packages.has(r)).map((r) => `${r} (${packages.get(r)})`)
    expect(readers).toEqual([])
  })
})
