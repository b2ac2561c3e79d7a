/**
 * The app's tuning settings as a runtime passes them (environment variables or Worker vars, all
 * text): unset or empty keeps the app's default; a bad value throws, naming the variable, so a
 * misconfigured deployment fails loudly rather than running with a guess.
 */
import { z } from 'zod'

const Millis = (max: number) => z.union([z.literal('').transform(() => undefined), z.coerce.number().int().min(1).max(max)]).optional()

export const TuningVars = z
  .object({ VERDICT_ADMISSION_BUDGET_MS: Millis(30_000), VERDICT_CACHE_TTL_MS: Millis(3_600_000) })
  .transform((v) => ({ admissionBudgetMs: v.VERDICT_ADMISSION_BUDGET_MS, cacheTtlMs: v.VERDICT_CACHE_TTL_MS }))
