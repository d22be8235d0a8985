import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../vite.config'

describe('the Content-Security-Policy in the README', () => {
  it('is the one vite dev and vite preview send (vite.config.ts)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const documented = /^Content-Security-Policy: (.+)$/m.exec(readme)?.[1]
    expect(documented).toBe(contentSecurityPolicy())
  })
})
