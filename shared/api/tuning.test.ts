import { describe, expect, it } from 'vitest'
import { TuningVars } from './tuning.ts'

describe('TuningVars', () => {
  it('reads numbers given as text or numbers; unset or empty keeps the defaults', () => {
    expect(TuningVars.parse({ VERDICT_ADMISSION_BUDGET_MS: '250', VERDICT_CACHE_TTL_MS: 1000 })).toEqual({ admissionBudgetMs: 250, cacheTtlMs: 1000 })
    expect(TuningVars.parse({ VERDICT_ADMISSION_BUDGET_MS: '' })).toEqual({ admissionBudgetMs: undefined, cacheTtlMs: undefined })
  })

  it('refuses a bad value, naming the variable', () => {
    for (const bad of ['0', '-5', '1.5', 'soon', '30001']) {
      const r = TuningVars.safeParse({ VERDICT_ADMISSION_BUDGET_MS: bad })
      expect(r.success, bad).toBe(false)
      expect(r.error?.issues[0]?.path).toEqual(['VERDICT_ADMISSION_BUDGET_MS'])
    }
  })
})
