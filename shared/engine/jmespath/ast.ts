/**
 * The parsed form of an expression. Node kinds follow go-jmespath's AST so evaluation can follow
 * its interpreter case by case (`identity` covers both `ASTIdentity` and `@`).
 */
import type { JsonValue } from '../../lib/json.ts'

export type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>='

export type Ast =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'identity' }
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'slice'; readonly start: number | null; readonly stop: number | null; readonly step: number | null }
  | { readonly kind: 'subexpression'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'indexExpression'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'projection'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'valueProjection'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'filterProjection'; readonly left: Ast; readonly right: Ast; readonly condition: Ast }
  | { readonly kind: 'flatten'; readonly child: Ast }
  | { readonly kind: 'multiSelectList'; readonly items: readonly Ast[] }
  | { readonly kind: 'multiSelectHash'; readonly entries: readonly { readonly key: string; readonly value: Ast }[] }
  | { readonly kind: 'or'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'and'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'pipe'; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'not'; readonly child: Ast }
  | { readonly kind: 'comparator'; readonly op: Comparator; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly Ast[] }
  | { readonly kind: 'expref'; readonly child: Ast }

/** Direct children of a node, for walks that must not recurse (depth checks). */
export function children(node: Ast): readonly Ast[] {
  switch (node.kind) {
    case 'field':
    case 'identity':
    case 'literal':
    case 'index':
    case 'slice':
      return []
    case 'flatten':
    case 'not':
    case 'expref':
      return [node.child]
    case 'filterProjection':
      return [node.left, node.right, node.condition]
    case 'multiSelectList':
      return node.items
    case 'multiSelectHash':
      return node.entries.map((e) => e.value)
    case 'function':
      return node.args
    default:
      return [node.left, node.right]
  }
}

/** Depth of the tree, computed with an explicit stack (left-deep chains like `a.b.c…` never recurse). */
export function depth(root: Ast): number {
  let max = 0
  const stack: [Ast, number][] = [[root, 1]]
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [Ast, number]
    if (d > max) max = d
    for (const c of children(node)) stack.push([c, d + 1])
  }
  return max
}
