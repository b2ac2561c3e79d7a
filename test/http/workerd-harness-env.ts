/**
 * How a contract harness names its env to the Worker hosted by ./workerd-entry.ts: a header
 * carrying the vars a deployment would set and which pre-bound KV namespace is its `SNAPSHOTS`.
 * (A Worker's main module may export only handlers, so this lives apart from the entry.)
 */
import { z } from 'zod'

export const HARNESS_HEADER = 'x-verdict-test-harness'

export const HarnessEnv = z.strictObject({
  kv: z.string().regex(/^SNAPSHOTS_\d+$/),
  vars: z.strictObject({
    VERDICT_DYNAMODB_TABLE: z.string().min(1),
    VERDICT_DYNAMODB_ENDPOINT: z.url().optional(),
    VERDICT_ROOT_TOKEN_HASH: z.string().regex(/^[0-9a-f]{64}$/),
    VERDICT_PUBLIC_URL: z.string().optional(),
    VERDICT_CACHE_TTL_MS: z.number().optional(),
    VERDICT_ADMISSION_BUDGET_MS: z.number().optional(),
  }),
})
export type HarnessEnv = z.infer<typeof HarnessEnv>
