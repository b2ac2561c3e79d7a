/**
 * Query parameters of the report routes, validated with zod (a bad one is a 400 naming
 * `query.<field>`), and the time window every route resolves the same way: `to` defaults to now,
 * `from` to a per-route span before it, `from <= to`, and the span is capped per route.
 */
import { z } from '@hono/zod-openapi'
import { ApiError } from '../errors.ts'

const q = (name: string) => ({ param: { name, in: 'query' as const } })

export const QInstant = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name}: an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z` }).optional().openapi(q(name))
const Id = (name: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, `${name}: 1-128 of [A-Za-z0-9._-], starting alphanumeric`)
    .openapi(q(name))

/** A policy as reports name it: `name`, or `namespace/name` for a namespaced Policy. */
export const QPolicy = z.string().regex(/^[a-z0-9][-a-z0-9.]{0,252}(\/[a-z0-9][-a-z0-9.]{0,252})?$/, 'policy: a policy name, or namespace/name').openapi(q('policy'))

export const VerdictsQuery = z
  .object({
    cluster: Id('cluster').optional().describe('only verdicts of this cluster'),
    source: z.enum(['cluster', 'ci']).optional().describe('only admission (`cluster`) or CI (`ci`) verdicts').openapi(q('source')),
    policy: QPolicy.optional().describe('only verdicts with a non-pass result of this policy (or, with result=pass, a pass)'),
    rule: z.string().regex(/^[\x20-\x7e]{1,256}$/, 'rule: 1-256 printable characters').optional().openapi(q('rule')).describe('with `policy`-like matching on the rule name'),
    result: z
      .enum(['allowed', 'denied', 'pass', 'fail', 'warn', 'error', 'skip'])
      .optional()
      .openapi(q('result'))
      .describe('`allowed`/`denied`: the final answer; a rule status: some result (of `policy`/`rule`, when given) has it'),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'namespace: a namespace name').optional().openapi(q('namespace')),
    kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'kind: a Kubernetes kind').optional().openapi(q('kind')),
    from: QInstant('from').describe('window start (default: 365 days before `to`)'),
    to: QInstant('to').describe('window end (default: now)'),
    limit: z.coerce.number().int().min(1).max(100).optional().openapi(q('limit')).describe('page size, 1-100 (default 50)'),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,700}\.[A-Za-z0-9_-]{1,100}$/, "cursor: the previous page's `cursor`, unchanged")
      .optional()
      .openapi(q('cursor')),
  })
  .strict()
export type VerdictsQuery = z.infer<typeof VerdictsQuery>

export const SummaryQuery = z
  .object({
    from: QInstant('from').describe('window start, rounded down to the hour (default: 7 days before `to`)'),
    to: QInstant('to').describe('window end, rounded up to the hour (default: now); at most 92 days after `from`'),
    cluster: Id('cluster').optional().describe('only this cluster (or `ci`)'),
    policySet: Id('policySet').optional().describe('only verdicts against this policy set'),
  })
  .strict()

export const ExportQuery = z
  .object({
    format: z.enum(['csv', 'json']).default('json').openapi(q('format')),
    from: QInstant('from').describe('window start (default: 1 day before `to`)'),
    to: QInstant('to').describe('window end (default: now); at most 31 days after `from`'),
  })
  .strict()

export const WhatIfQuery = z
  .object({
    policySet: Id('policySet'),
    policy: QPolicy,
    from: QInstant('from').describe('window start (default: 7 days before `to`)'),
    to: QInstant('to').describe('window end (default: now); at most 31 days after `from`'),
  })
  .strict()

export const PolicyReportQuery = z.object({ format: z.enum(['yaml', 'json']).default('yaml').openapi(q('format')) }).strict()

export const LogSettingsBody = z.object({ retentionDays: z.number().int().min(1).max(365).describe('days a verdict is kept (default 30)') }).strict()

const DAY_MS = 86_400_000

/** The window of a request: defaults filled, order and span checked (400s name `query.from` / `query.to`). */
export function resolveWindow(given: { from?: string | undefined; to?: string | undefined }, now: Date, o: { defaultDays: number; maxDays: number }): { from: Date; to: Date } {
  const to = given.to === undefined ? now : new Date(given.to)
  const from = given.from === undefined ? new Date(to.getTime() - o.defaultDays * DAY_MS) : new Date(given.from)
  if (from.getTime() > to.getTime()) throw new ApiError('bad_request', '`from` is after `to`', [{ path: 'query.from', message: 'must not be after `to`' }])
  if (to.getTime() - from.getTime() > o.maxDays * DAY_MS) {
    throw new ApiError('bad_request', `the window is longer than ${o.maxDays} days`, [{ path: 'query.from', message: `at most ${o.maxDays} days before \`to\`` }])
  }
  return { from, to }
}
