/** Test helpers: evaluate or fail loudly, and read the error of a failing search. */
import type { JsonValue } from '../../../lib/json.ts'
import type { JmesError } from '../errors.ts'
import { search } from '../index.ts'
import type { SearchOptions } from '../options.ts'

export function value(expr: string, data: unknown = {}, opts?: SearchOptions): unknown {
  const r = search(expr, data as JsonValue, opts)
  if (!r.ok) throw new Error(`${expr}: unexpected error ${r.error.kind}: ${r.error.message}`)
  return r.value
}

export function failure(expr: string, data: unknown = {}, opts?: SearchOptions): JmesError {
  const r = search(expr, data as JsonValue, opts)
  if (r.ok) throw new Error(`${expr}: expected an error, got ${JSON.stringify(r.value)}`)
  return r.error
}
