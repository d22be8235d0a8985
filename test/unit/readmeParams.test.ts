import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { README_PATH, withParamTables } from '../../scripts/readme-params'
import { TRAIN_PARAM_LIST } from '../../src/model/training/params'

describe("README's hyperparameter tables", () => {
  const readme = readFileSync(README_PATH, 'utf8')

  it('are exactly what scripts/readme-params.ts writes (run it after changing a parameter)', () => {
    expect(withParamTables(readme)).toBe(readme)
  })

  it('would change if a declaration changed', () => {
    const [, dim] = TRAIN_PARAM_LIST[0]
    const label = dim.label
    try {
      ;(dim as { label: string }).label = 'Renamed'
      expect(withParamTables(readme)).not.toBe(readme)
    } finally {
      ;(dim as { label: string }).label = label
    }
  })

  it('refuses a README whose markers are missing', () => {
    expect(() => withParamTables('# no tables')).toThrow(/params:train/)
  })
})
