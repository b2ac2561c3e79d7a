/**
 * Loading a rule's `context` entries. `variable` entries are evaluated here; entries that need a
 * cluster (`configMap`, `apiCall`, `imageRegistry`, `globalReference`) are not fetched — as in
 * `kyverno test` without cluster resources — so their data must come from supplied values.
 */
import { setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import type { ContextEntry } from '../../policy/schema.ts'
import { search } from '../jmespath/index.ts'
import { substituteAll } from '../variables/index.ts'

export interface EntryOptions {
  operation: string
  now?: (() => Date) | undefined
  /** Text of everything that may reference the entries (rule minus its context), for Kyverno's deferred loading. */
  referencingText: string
}

function referenced(name: string, text: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}\\b`).test(text)
}

function loadVariable(entry: NonNullable<ContextEntry['variable']>, ctx: JsonObject, opts: EntryOptions): Result<JsonValue, string> {
  const sub = (v: JsonValue): Result<JsonValue, string> => {
    const r = substituteAll(v, ctx, { operation: opts.operation, now: opts.now })
    return r.ok ? r : err(r.error.message)
  }
  let jmesPath: string | undefined
  if (entry.jmesPath !== undefined) {
    const r = sub(entry.jmesPath)
    if (!r.ok) return r
    jmesPath = typeof r.value === 'string' ? r.value : JSON.stringify(r.value)
  }
  let def: JsonValue | undefined
  if (entry.default !== undefined) {
    const r = sub(entry.default)
    if (!r.ok) return r
    def = r.value
  }
  let result: JsonValue
  if (entry.value !== undefined) {
    const r = sub(entry.value)
    if (!r.ok) return r
    result = r.value
    if (jmesPath !== undefined) {
      const q = search(jmesPath, result, { now: opts.now })
      if (q.ok) result = q.value
      else if (def !== undefined) result = def
      else return err(`failed to apply jmesPath ${jmesPath}: ${q.error.message}`)
    }
  } else {
    if (jmesPath === undefined) return err('variable entry needs a value or a jmesPath')
    const q = search(jmesPath, ctx, { now: opts.now })
    if (q.ok && q.value !== null) result = q.value
    else if (def !== undefined) result = def
    else return err(q.ok ? `variable evaluated to nil` : `failed to apply jmesPath ${jmesPath}: ${q.error.message}`)
  }
  if (result === null) return err('variable evaluated to nil')
  return ok(result)
}

/**
 * Adds each entry to `ctx` in order. A failing entry is an error only when something references it,
 * matching Kyverno's deferred loading (an unreferenced failing entry changes nothing).
 */
export function loadContextEntries(entries: ContextEntry[] | undefined, ctx: JsonObject, opts: EntryOptions): Result<void, string> {
  if (!entries) return ok(undefined)
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as ContextEntry
    if (!entry.variable) continue
    const r = loadVariable(entry.variable, ctx, opts)
    if (r.ok) {
      setKey(ctx, entry.name, r.value)
      continue
    }
    const later = JSON.stringify(entries.slice(i + 1))
    if (referenced(entry.name, opts.referencingText) || referenced(entry.name, later)) {
      return err(`failed to load context entry ${entry.name}: ${r.error}`)
    }
  }
  return ok(undefined)
}
