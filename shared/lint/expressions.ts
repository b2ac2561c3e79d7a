/**
 * The JMESPath expressions of a rule: every `{{ }}` variable in its strings, plus the fields that
 * are JMESPath themselves (foreach `list`, context `jmesPath`), each with the path of the string it
 * sits in; and the field paths an expression reads (`request.object.spec.template…`).
 */
import type { JsonValue } from '../lib/json.ts'
import type { Ast } from '../engine/jmespath/index.ts'
import { children } from '../engine/jmespath/ast.ts'
import { findVariables, variableText } from '../engine/variables/index.ts'
import type { Segment } from './finding.ts'
import { strings, type RuleView } from './policy-view.ts'

export interface Expression {
  text: string
  at: Segment[]
}

// Fields whose whole value is a JMESPath expression rather than text with `{{ }}` variables.
const isExpressionField = (at: readonly Segment[]): boolean =>
  at.at(-1) === 'jmesPath' || (at.at(-1) === 'list' && at.includes('foreach'))

/** Every expression of a rule (its name and match/exclude blocks hold none). */
export function expressionsOf(rule: RuleView): Expression[] {
  const out: Expression[] = []
  for (const key of Object.keys(rule.raw)) {
    if (key === 'name' || key === 'match' || key === 'exclude') continue
    for (const s of strings(rule.raw[key] as JsonValue, [...rule.at, key])) {
      if (isExpressionField(s.at) && !s.text.includes('{{')) {
        if (s.text.trim() !== '') out.push({ text: s.text, at: s.at })
        continue
      }
      for (const v of findVariables(s.text)) {
        const { text } = variableText(v.body)
        // A variable built from another one (`{{ a.{{b}} }}`) is only known after substitution.
        if (text !== '' && !text.includes('{{')) out.push({ text, at: s.at })
      }
    }
  }
  return out
}

/** The field names a node reads when it is a plain path (`a.b[].c`, `a.b[0]`); null otherwise. */
export function pathOf(node: Ast): string[] | null {
  switch (node.kind) {
    case 'field':
      return [node.name]
    case 'identity':
      return []
    case 'flatten':
      return pathOf(node.child)
    case 'indexExpression':
      return pathOf(node.left)
    case 'subexpression':
    case 'projection':
    case 'valueProjection':
    case 'filterProjection': {
      const left = pathOf(node.left)
      const right = pathOf(node.right)
      return left && right ? [...left, ...right] : null
    }
    default:
      return null
  }
}

/**
 * Every maximal plain path an expression reads, and whether it has a fallback (`path || 'x'`),
 * which is how a policy says "this may be missing".
 */
export function readPaths(root: Ast): Array<{ path: string[]; defaulted: boolean }> {
  const out: Array<{ path: string[]; defaulted: boolean }> = []
  const stack: Array<[Ast, boolean]> = [[root, false]]
  while (stack.length > 0) {
    const [node, defaulted] = stack.pop() as [Ast, boolean]
    const p = pathOf(node)
    if (p !== null) {
      if (p.length > 0) out.push({ path: p, defaulted })
      continue
    }
    for (const [child, d] of childrenOf(node, defaulted)) stack.push([child, d])
  }
  return out
}

/** The engine's child list, with `a || b` marking its left side as defaulted (a miss there is not an error). */
function childrenOf(node: Ast, defaulted: boolean): Array<[Ast, boolean]> {
  if (node.kind === 'or') return [[node.left, true], [node.right, defaulted]]
  return children(node).map((c) => [c, defaulted])
}

/** Every node of the tree (explicit stack: hostile nesting cannot overflow). */
export function* nodes(root: Ast): Generator<Ast> {
  const stack: Ast[] = [root]
  while (stack.length > 0) {
    const node = stack.pop() as Ast
    yield node
    for (const [child] of childrenOf(node, false)) stack.push(child)
  }
}
