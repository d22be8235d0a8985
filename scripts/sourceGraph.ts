import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** One source file: its path from the repository root, its lines and what it imports. */
export interface SourceFile {
  path: string
  lines: number
  /** Repository-relative paths of the project files it imports (type-only imports included). */
  imports: string[]
  text: string
}

const EXTENSIONS = ['.ts', '.tsx']

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return walk(full)
    return EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') ? [full] : []
  })
}

function resolveImport(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null // a package, not a project file
  const base = resolve(dirname(join(root, from)), spec.replace(/\?.*$/, ''))
  for (const candidate of [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => join(base, 'index' + e)),
  ]) {
    try {
      if (statSync(candidate).isFile()) return relative(root, candidate)
    } catch {
      // not this one
    }
  }
  return null
}

/**
 * Every TypeScript file under `folder` with its project imports, read with TypeScript's own
 * pre-processor (so `import type`, re-exports and dynamic `import()` all count).
 */
export function readSources(root: string, folder = 'src'): SourceFile[] {
  return walk(join(root, folder))
    .sort()
    .map((full) => {
      const path = relative(root, full)
      const text = readFileSync(full, 'utf8')
      const info = ts.preProcessFile(text, true, true)
      const imports = info.importedFiles
        .map((f) => resolveImport(root, path, f.fileName))
        .filter((p): p is string => p !== null && EXTENSIONS.some((e) => p.endsWith(e)))
      return { path, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports, text }
    })
}

/** The layer a file belongs to: `src/app/session`, `src/app`, `src/viz`, `src/workers` or `src/model`. */
export function layerOf(path: string): string {
  if (path.startsWith('src/app/session/')) return 'src/app/session'
  const m = /^src\/([^/]+)\//.exec(path)
  return m ? `src/${m[1]}` : dirname(path)
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(files: SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.path, f.imports]))
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}

/** Import arrows between layers: `from → to` with how many imports cross it. */
export function layerArrows(files: SourceFile[]): Map<string, number> {
  const arrows = new Map<string, number>()
  for (const f of files)
    for (const to of f.imports) {
      const a = layerOf(f.path)
      const b = layerOf(to)
      if (a === b) continue
      const key = `${a} → ${b}`
      arrows.set(key, (arrows.get(key) ?? 0) + 1)
    }
  return arrows
}
