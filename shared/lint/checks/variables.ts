/**
 * JMESPath in rules: expressions that do not parse or call unknown functions (errors: Kyverno
 * fails the rule at run time), quoted names with wildcards (read literally), paths the matched
 * kinds cannot have, Pod annotations read on a controller, and request-only data in background mode.
 */
import { compile, functionNames } from '../../engine/jmespath/index.ts'
import { error, warning, type RawFinding } from '../finding.ts'
import type { Check } from '../context.ts'
import { expressionsOf, nodes, readPaths } from '../expressions.ts'
import { isPodAnnotation, missingSpecField, podSpecPathOf } from '../kind-shapes.ts'
import { CONTROLLERS, type RuleView } from '../policy-view.ts'

let known: ReadonlySet<string> | undefined
const knownFunctions = (): ReadonlySet<string> => (known ??= new Set(functionNames()))

// Parts of the admission request a background scan does not have.
const REQUEST_ONLY = ['oldObject', 'operation', 'dryRun', 'options']

/** What an always-empty value does where it is used. */
function effect(at: RawFinding['at']): string {
  if (at.includes('preconditions')) return ', so this precondition never holds and the rule never runs'
  if (at.includes('deny')) return ', so this deny condition never fires'
  return ''
}

function pathFindings(rule: RuleView, text: string, at: RawFinding['at'], path: string[], defaulted: boolean, background: boolean): RawFinding[] {
  const out: RawFinding[] = []
  const [root, part, ...rest] = path
  if (root !== 'request') return out
  const shown = `request.${[part, ...rest].join('.')}`
  if (part === 'object' || part === 'oldObject') {
    if (rest[0] === 'spec' && rest[1] !== undefined) {
      const reasons = [...rule.kinds].flatMap((k) => missingSpecField(k, rest[1] as string) ?? [])
      if (reasons.length > 0) {
        out.push(
          warning(
            at,
            'impossible-path',
            `{{ ${text} }} reads ${shown.split('.').slice(0, 4).join('.')}…, but ${reasons.join('; ')}: for those resources it is always empty${effect(at)}`,
            'match kinds: [Pod] only and read request.object.spec…; autogen rewrites the paths to spec.template.spec… for each controller',
          ),
        )
      }
    }
    const controllers = [...rule.kinds].filter((k) => CONTROLLERS.has(k))
    if (rest[0] === 'metadata' && rest[1] === 'annotations' && rest[2] !== undefined && isPodAnnotation(rest[2]) && controllers.length > 0) {
      out.push(
        warning(
          at,
          'pod-annotation-on-controller',
          `"${rest[2]}" is read by Kubernetes from a Pod's own annotations; for ${controllers.join(', ')} this reads the controller's metadata.annotations instead of its Pod template's (${podSpecPathOf(controllers[0] as string).replace(/spec$/, 'metadata.annotations')})`,
          'match kinds: [Pod] only; autogen then reads the annotations of each controller\'s Pod template',
        ),
      )
    }
  }
  if (background && REQUEST_ONLY.includes(part ?? '') && !defaulted) {
    out.push(
      warning(
        at,
        'background-request-only',
        `${shown.split('.').slice(0, 2).join('.')} exists only in an admission request, but background: true also evaluates existing resources, where it is empty, so reports can disagree with admission`,
        `set spec.background: false, or give it a fallback such as {{ ${shown.split('.').slice(0, 2).join('.')} || 'BACKGROUND' }}`,
      ),
    )
  }
  return out
}

export const expressions: Check = (ctx) => {
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    for (const e of expressionsOf(rule)) {
      const ast = compile(e.text)
      if (!ast.ok) {
        out.push(error(e.at, 'jmespath-syntax', `"${e.text}" is not valid JMESPath: ${ast.error.message}`, 'fix the expression; Kyverno fails the rule with an error when it evaluates it'))
        continue
      }
      for (const node of nodes(ast.value)) {
        if (node.kind === 'function' && !knownFunctions().has(node.name)) {
          out.push(error(e.at, 'jmespath-unknown-function', `"${e.text}" calls ${node.name}(), which is neither a JMESPath nor a Kyverno function`, 'use a function Kyverno defines (see the JMESPath functions in Kyverno\'s documentation)'))
        }
        if (node.kind === 'field' && /[*?]/.test(node.name)) {
          out.push(
            warning(
              e.at,
              'jmespath-literal-wildcard',
              `"${node.name}" in "${e.text}" is a quoted name: JMESPath has no wildcards in names, so it looks up a key literally named ${JSON.stringify(node.name)}, which never exists: the expression is always empty${effect(e.at)}`,
              /\/\*$/.test(node.name)
                ? `filter the map by prefix instead: items(<map>, 'key', 'value')[?starts_with(key, '${node.name.slice(0, -1)}')].value`
                : 'name the exact key, or filter keys with items() and starts_with()/wildcard matching',
            ),
          )
        }
      }
      for (const p of readPaths(ast.value)) out.push(...pathFindings(rule, e.text, e.at, p.path, p.defaulted, ctx.background))
    }
  }
  return out
}
