/**
 * Is a rule a pure content check — one whose result depends only on the object being admitted?
 * For such rules an UPDATE that leaves the object unchanged cannot change the decision, which lets
 * the webhook configuration drop those requests in the API server (see `match-conditions.ts`).
 *
 * The analysis is conservative: anything it cannot prove content-only (an unparseable expression,
 * an unknown variable, a context entry) disqualifies the rule.
 */
import { compile, type Ast } from '../../engine/jmespath/index.ts'
import { children } from '../../engine/jmespath/ast.ts'
import { referencedVariables } from '../../engine/variables/index.ts'
import type { JsonValue } from '../../lib/json.ts'
import type { ForEachValidation, Rule } from '../../policy/schema.ts'
import { matchFilters } from './rule-scope.ts'

/** A field chain `a.b.c` read from the root of the evaluation context, or `null` for "anything" (`@`). */
type RootRef = readonly string[] | null

function chain(node: Ast): string[] | null {
  if (node.kind === 'field') return [node.name]
  if (node.kind === 'subexpression') {
    const l = chain(node.left)
    const r = l && chain(node.right)
    return l && r ? [...l, ...r] : null
  }
  if (node.kind === 'indexExpression') return chain(node.left)
  return null
}

/**
 * Root references of an expression. Only the left side of a projection, pipe or subexpression is
 * read from the root; right sides, filter conditions and `&expr` references read derived values.
 */
function rootRefs(node: Ast, fns: string[]): RootRef[] {
  const c = chain(node)
  if (c) return [c]
  switch (node.kind) {
    case 'identity':
      return [null]
    case 'literal':
    case 'index':
    case 'slice':
    case 'expref':
      return []
    case 'subexpression':
    case 'indexExpression':
    case 'projection':
    case 'valueProjection':
    case 'filterProjection':
    case 'pipe':
      return rootRefs(node.left, fns)
    case 'function':
      fns.push(node.name)
      return node.args.flatMap((a) => rootRefs(a, fns))
    default:
      return children(node).flatMap((a) => rootRefs(a, fns))
  }
}

// `request.oldObject` is deliberately not here: Kyverno re-evaluates an UPDATE's old object as a
// CREATE (with no old object) to forgive existing violations, so rules reading it can differ.
const ELEMENT = /^element(Index)?\d*$/
// Functions whose result does not depend on their arguments.
const UNSTABLE_FUNCTIONS = new Set(['time_now', 'time_now_utc', 'random'])

function contentOnlyRef(ref: RootRef): boolean {
  if (ref === null) return false
  const [head, second] = ref
  return (head === 'request' && second === 'object') || (head !== undefined && ELEMENT.test(head))
}

/** True when a JMESPath expression reads only `request.object…` and foreach elements, deterministically. */
export function contentOnlyExpression(expression: string): boolean {
  const ast = compile(expression)
  if (!ast.ok) return false
  const fns: string[] = []
  const refs = rootRefs(ast.value, fns)
  return refs.every(contentOnlyRef) && !fns.some((f) => UNSTABLE_FUNCTIONS.has(f))
}

/** Every string in a JSON value, keys included (Kyverno substitutes variables in both). */
function strings(v: JsonValue | undefined, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) strings(x, out)
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k)
      strings(x, out)
    }
  }
  return out
}

function foreachLists(list: readonly ForEachValidation[] | undefined): string[] {
  return (list ?? []).flatMap((f) => [f.list, ...foreachLists(f.foreach)])
}

function hasContext(list: readonly ForEachValidation[] | undefined): boolean {
  return (list ?? []).some((f) => (f.context ?? []).length > 0 || hasContext(f.foreach))
}

/** Why a rule is not a content check, or `null` when it is one. */
export function contentCheckBlocker(rule: Rule): string | null {
  const v = rule.validate
  if (!v || rule.mutate !== undefined || rule.generate !== undefined || rule.verifyImages !== undefined)
    return 'not a validate rule'
  if (v.cel !== undefined || v.manifests !== undefined || v.assert !== undefined) return 'uses cel, manifests or assert'
  if (v.pattern === undefined && v.anyPattern === undefined && v.podSecurity === undefined && v.deny === undefined && v.foreach === undefined)
    return 'has no pattern, anyPattern, podSecurity, deny or foreach'
  if (v.allowExistingViolations === false) return 'sets allowExistingViolations: false'
  if ((rule.context ?? []).length > 0 || hasContext(v.foreach)) return 'loads context entries'
  if (rule.celPreconditions !== undefined) return 'has celPreconditions'
  // The existing-violation check re-runs the rule as a CREATE: the rule must select CREATE and UPDATE alike.
  const ops = matchFilters(rule.match).map((f) => f.operations)
  if (ops.some((o) => o !== null && !(o.includes('CREATE') && o.includes('UPDATE')))) return 'matches CREATE and UPDATE differently'
  if (rule.exclude && matchFilters(rule.exclude).some((f) => f.operations !== null)) return 'excludes by operation'
  // Every `{{ }}` in the rule (messages too: a failing substitution is an error) and every foreach list.
  const { match: _m, exclude: _e, name: _n, ...rest } = rule
  const texts = [...strings(rest as JsonValue).flatMap((t) => referencedVariables(t)), ...foreachLists(v.foreach)]
  const bad = texts.find((t) => !contentOnlyExpression(t))
  return bad === undefined ? null : `reads {{${bad}}}`
}
