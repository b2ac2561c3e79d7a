/**
 * A deny rule whose conditions follow from its preconditions: whenever the rule applies it denies,
 * so the condition checks nothing. The seed's `validate-apparmor-profile-exists` is this shape, and
 * its goal (is the Localhost profile loaded on the node?) is not visible at admission at all.
 */
import { wildcardMatch } from '../../lib/wildcard.ts'
import { isObject, type JsonValue } from '../../lib/json.ts'
import { compile } from '../../engine/jmespath/index.ts'
import { findVariables, variableText } from '../../engine/variables/index.ts'
import { warning, type RawFinding } from '../finding.ts'
import type { Check } from '../context.ts'
import { list, obj } from '../policy-view.ts'

interface Condition {
  key: string
  text: string
  operator: string
  values: string[]
  index: number
}

/** The condition's key as a canonical expression: one variable, with a trailing `|| ''` fallback dropped. */
function keyOf(key: JsonValue | undefined): { key: string; text: string } | null {
  if (typeof key !== 'string') return null
  const vars = findVariables(key)
  if (vars.length !== 1 || key.trim() !== `${vars[0]?.prefix ?? ''}${vars[0]?.body ?? ''}`.trim()) return null
  const { text } = variableText(vars[0]?.body ?? '')
  const ast = compile(text)
  if (!ast.ok) return null
  const node = ast.value.kind === 'or' && ast.value.right.kind === 'literal' && ast.value.right.value === '' ? ast.value.left : ast.value
  return { key: JSON.stringify(node), text }
}

function conditions(block: JsonValue | undefined, which: 'any' | 'all'): Condition[] {
  const items = Array.isArray(block) ? (which === 'all' ? block : []) : list(obj(block)?.[which])
  return items.flatMap((c, index) => {
    if (!isObject(c)) return []
    const k = keyOf(c.key)
    if (!k || typeof c.operator !== 'string') return []
    const values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v): v is string => typeof v === 'string')
    return [{ ...k, operator: c.operator, values, index }]
  })
}

const bothWays = (a: string, b: string): boolean => wildcardMatch(a, b) || wildcardMatch(b, a)

/** The precondition restricts the key to `values`, and none of them can be the value the deny condition excludes. */
function implied(pre: Condition, deny: Condition): boolean {
  if (pre.key !== deny.key || !['In', 'AnyIn', 'Equals'].includes(pre.operator)) return false
  if (!['NotEquals', 'NotIn', 'AnyNotIn', 'AllNotIn'].includes(deny.operator)) return false
  return pre.values.length > 0 && pre.values.every((v) => deny.values.every((w) => !bothWays(v, w)))
}

export const denyAlwaysFires: Check = (ctx) => {
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    const pre = rule.raw.preconditions
    const deny = obj(obj(rule.raw.validate)?.deny)
    if (pre === undefined || !deny) continue
    const required = [...conditions(pre, 'all'), ...(list(obj(pre)?.any).length === 1 ? conditions(pre, 'any') : [])]
    const denyBlock = deny.conditions
    const anyItems = conditions(denyBlock, 'any')
    const allItems = conditions(denyBlock, 'all')
    const firing = [...anyItems, ...(allItems.length === 1 ? allItems : [])]
    for (const d of firing) {
      const p = required.find((r) => implied(r, d))
      if (!p) continue
      const block = anyItems.includes(d) ? 'any' : 'all'
      const apparmor = /apparmor/i.test(d.text) && p.values.some((v) => v.startsWith('localhost/'))
      out.push(
        warning(
          [...rule.at, 'validate', 'deny', 'conditions', ...(Array.isArray(denyBlock) ? [] : [block]), d.index],
          'deny-always-fires',
          `rule "${rule.name}" denies every resource it applies to: its preconditions require {{ ${p.text} }} to be ${JSON.stringify(p.values)}, and then it is never ${JSON.stringify(d.values)}, so this condition always holds` +
            (apparmor
              ? '. Whether a Localhost AppArmor profile is loaded on a node cannot be checked at admission at all: the API server never sees the nodes\' profiles, and the kubelet refuses to start a container whose profile is missing'
              : ''),
          apparmor
            ? 'remove the rule; to control which Localhost profiles may be used, allow only the localhost/<name> values you deploy to every node (e.g. with the Security Profiles Operator)'
            : 'remove the condition or the precondition; as written the rule is an unconditional deny for what the preconditions select',
        ),
      )
    }
  }
  return out
}

