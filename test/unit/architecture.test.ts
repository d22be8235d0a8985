import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importCycles, layerOf, readSources } from '../../scripts/sourceGraph'

// The layering of ARCHITECTURE.md, checked on every run: app → session → workers → model and
// app → viz → model, never back up, no cycles (type-only imports count), small files.
const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const files = readSources(root)

/** Layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  'src/app': ['src/app/session', 'src/viz', 'src/workers', 'src/model'],
  'src/app/session': ['src/workers', 'src/model'],
  'src/viz': ['src/model'],
  'src/workers': ['src/model'],
  'src/model': [],
}

describe('architecture', () => {
  it('reads the whole source tree', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(files.some((f) => f.path === 'src/app/session/session.ts')).toBe(true)
  })

  it('imports only point down the layers', () => {
    const wrong = files.flatMap((f) =>
      f.imports
        .filter((to) => layerOf(to) !== layerOf(f.path))
        .filter((to) => !(ALLOWED[layerOf(f.path)] ?? []).includes(layerOf(to)))
        .map((to) => `${f.path} → ${to}`),
    )
    expect(wrong).toEqual([])
  })

  it('has no import cycles', () => {
    expect(importCycles(files)).toEqual([])
  })

  it('keeps every source file under 400 lines', () => {
    const big = files.filter((f) => f.lines > 400).map((f) => `${f.path}: ${f.lines}`)
    expect(big).toEqual([])
  })

  it('talks to workers only through src/workers (no postMessage or new Worker in app)', () => {
    const found = files
      .filter((f) => f.path.startsWith('src/app/'))
      .filter((f) => /postMessage|new Worker\b/.test(f.text))
      .map((f) => f.path)
    expect(found).toEqual([])
  })

  it('lets no component write the store directly', () => {
    const found = files
      .filter((f) => f.path.endsWith('.tsx'))
      .filter((f) => /\.store\.setState\(/.test(f.text))
      .map((f) => f.path)
    expect(found).toEqual([])
  })

  it('reads tensors only asynchronously (no dataSync or arraySync: a blocking download on a GPU)', () => {
    const found = files.filter((f) => /\.(dataSync|arraySync)\(/.test(f.text)).map((f) => f.path)
    expect(found).toEqual([])
  })

  it('finds a cycle and a wrong-way import when there is one (the checks can fail)', () => {
    const fake = [
      { path: 'src/viz/a.ts', lines: 1, imports: ['src/app/b.ts'], text: '' },
      { path: 'src/app/b.ts', lines: 1, imports: ['src/viz/a.ts'], text: '' },
    ]
    expect(importCycles(fake)).toEqual([['src/app/b.ts', 'src/viz/a.ts']])
    expect(ALLOWED[layerOf('src/viz/a.ts')]).not.toContain(layerOf('src/app/b.ts'))
  })
})
