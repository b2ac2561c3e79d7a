/**
 * Condition blocks (Kyverno `pkg/engine/variables/evaluate.go`): the legacy plain list or
 * `{any, all}`, with Kyverno's short-circuiting and message assembly. Variable substitution is the
 * caller's: `resolve` is applied to each evaluated condition's key and value, and only to those.
 */
import { getKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import { evaluateOperator } from './operators.ts'

/** Whether the block holds, and the message Kyverno reports with that result. */
export interface ConditionsOutcome {
  met: boolean
  message: string
}

/** Substitutes variables in one condition key or value; an error aborts the whole evaluation. */
export type Resolve = (v: JsonValue) => Result<JsonValue, string>

export interface EvaluateOptions {
  /** Rule `preconditions` and `deny.conditions` accept the legacy list; `foreach[].preconditions` do not. */
  allowLegacyList: boolean
}

interface ParsedCondition {
  key: JsonValue
  operator: string
  value: JsonValue
  message: string
}

// Shape check only: operator names are checked when (and if) a condition is evaluated, as in Kyverno.
function parseCondition(c: unknown, where: string): Result<ParsedCondition, string> {
  if (!isObject(c)) return err(`invalid condition at ${where}: expected an object`)
  const operator = getKey(c, 'operator')
  if (typeof operator !== 'string') return err(`invalid condition at ${where}: operator must be a string`)
  const message = getKey(c, 'message') ?? ''
  if (typeof message !== 'string') return err(`invalid condition at ${where}: message must be a string`)
  return ok({ key: getKey(c, 'key') ?? null, operator, value: getKey(c, 'value') ?? null, message })
}

// `undefined` when the list is absent (missing or null), which is not the same as empty.
function parseList(v: unknown, where: string): Result<ParsedCondition[] | undefined, string> {
  if (v === undefined || v === null) return ok(undefined)
  if (!Array.isArray(v)) return err(`invalid conditions at ${where}: expected a list`)
  const out: ParsedCondition[] = []
  for (const [i, c] of v.entries()) {
    const parsed = parseCondition(c, `${where}[${i}]`)
    if (!parsed.ok) return parsed
    out.push(parsed.value)
  }
  return ok(out)
}

/** Resolves key and value (key first), then applies the operator. */
function evaluateOne(c: ParsedCondition, resolve: Resolve): Result<boolean, string> {
  const key = resolve(c.key)
  if (!key.ok) return key
  const value = resolve(c.value)
  if (!value.ok) return value
  return evaluateOperator(c.operator, key.value, value.value)
}

// Legacy list: all must hold; stops at the first false one and reports its message.
function evaluateLegacy(list: ParsedCondition[], resolve: Resolve): Result<ConditionsOutcome, string> {
  for (const c of list) {
    const r = evaluateOne(c, resolve)
    if (!r.ok) return r
    if (!r.value) return ok({ met: false, message: c.message })
  }
  return ok({ met: true, message: '' })
}

function note(list: string[], message: string): void {
  if (message !== '') list.push(message)
}

function evaluateAnyAll(anyList: ParsedCondition[] | undefined, allList: ParsedCondition[] | undefined, resolve: Resolve): Result<ConditionsOutcome, string> {
  const trueMessages: string[] = []
  const falseMessages: string[] = []
  // A present `any` (even empty) starts false; an absent one counts as true.
  let anyMet = anyList === undefined
  for (const c of anyList ?? []) {
    const r = evaluateOne(c, resolve)
    if (!r.ok) return r
    if (r.value) {
      anyMet = true
      note(trueMessages, c.message)
      break
    }
    note(falseMessages, c.message)
  }
  // `all` is evaluated even when `any` already failed, so its errors and messages still surface.
  let allMet = true
  for (const c of allList ?? []) {
    const r = evaluateOne(c, resolve)
    if (!r.ok) return r
    if (!r.value) {
      allMet = false
      note(falseMessages, c.message)
      break
    }
    note(trueMessages, c.message)
  }
  const met = anyMet && allMet
  return ok({ met, message: (met ? trueMessages : falseMessages).join('; ') })
}

/**
 * Evaluates a condition block.
 * - absent (`undefined`/`null`) → met, no message;
 * - legacy list (only when `opts.allowLegacyList`): every condition must hold; message = the
 *   first false condition's message (empty on success);
 * - `{any, all}`: `any` holds when one condition holds (stops there; an explicit `any: []` is
 *   false, an absent `any` true); `all` holds when none is false (stops at the first false);
 *   met = any ∧ all. Message on success: messages of the true conditions evaluated, on failure:
 *   of the false ones evaluated, non-empty ones joined with `"; "`.
 * A `resolve` error or an unknown operator in an evaluated condition aborts with that error;
 * conditions skipped by short-circuiting are never resolved.
 * @example evaluateConditions({ any: [] }, ok, { allowLegacyList: true }) // ok({ met: false, message: '' })
 */
export function evaluateConditions(block: unknown, resolve: Resolve, opts: EvaluateOptions): Result<ConditionsOutcome, string> {
  if (block === undefined || block === null) return ok({ met: true, message: '' })
  if (Array.isArray(block)) {
    if (!opts.allowLegacyList) return err('invalid conditions: expected {any, all}, a plain list is not accepted here')
    const list = parsedBlock(block)
    if (!list.ok) return list
    return evaluateLegacy(list.value.all ?? [], resolve)
  }
  if (!isObject(block)) return err('invalid conditions: expected a list or {any, all}')
  const lists = parsedBlock(block)
  if (!lists.ok) return lists
  return evaluateAnyAll(lists.value.any, lists.value.all, resolve)
}

/** A block's conditions after the shape check; a legacy list is kept as `all`. */
interface ParsedBlock {
  any: ParsedCondition[] | undefined
  all: ParsedCondition[] | undefined
}

// Blocks are policy fragments, which nobody modifies, so each is shape-checked once.
const parsedBlocks = new WeakMap<object, Result<ParsedBlock, string>>()

function parsedBlock(block: unknown[] | Record<string, unknown>): Result<ParsedBlock, string> {
  let parsed = parsedBlocks.get(block)
  if (parsed) return parsed
  if (Array.isArray(block)) {
    const list = parseList(block, 'conditions')
    parsed = list.ok ? ok({ any: undefined, all: list.value ?? [] }) : list
  } else {
    const anyList = parseList(getKey(block as JsonObject, 'any'), 'any')
    const allList = anyList.ok ? parseList(getKey(block as JsonObject, 'all'), 'all') : anyList
    parsed = !anyList.ok ? anyList : !allList.ok ? allList : ok({ any: anyList.value, all: allList.value })
  }
  parsedBlocks.set(block, parsed)
  return parsed
}
