/**
 * The two text rewrites of autogen: the plain substring replacements applied to a generated rule's
 * JSON (`updateFields`), and the shift of `$(...)` references in messages (`FindAndShiftReferences`).
 * Both are reproduced literally, quirks included, because users' expected results depend on them.
 */
import { findReferenceMatches } from '../lib/unescaped-scan.ts'

/** Which generated variant a rule is: the pod-controllers one or the CronJob one. */
export type AutogenVariant = 'controllers' | 'cronjob'

function replacements(variant: AutogenVariant, cel: boolean): [string, string][] {
  const target = variant === 'cronjob' ? 'spec.jobTemplate.spec.template' : 'spec.template'
  const prefix = cel ? '' : 'request.'
  // Order matters: `object.spec` first, so the inserted `….metadata` is never rewritten again.
  return [
    [`${prefix}object.spec`, `${prefix}object.${target}.spec`],
    [`${prefix}oldObject.spec`, `${prefix}oldObject.${target}.spec`],
    [`${prefix}object.metadata`, `${prefix}object.${target}.metadata`],
    [`${prefix}oldObject.metadata`, `${prefix}oldObject.${target}.metadata`],
  ]
}

/** Go's `strings.ReplaceAll` (no `$` patterns in the replacement, unlike `String.replaceAll`). */
function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to)
}

/**
 * Rewrites the serialised rule: `request.object.spec` → `request.object.spec.template.spec` and so
 * on, in Kyverno's order, everywhere in the text (messages, conditions, context, match blocks).
 * `validate.cel` rules use the `object.` / `oldObject.` prefixes instead, which also catch `request.object.`.
 */
export function rewriteRuleText(json: string, variant: AutogenVariant, cel: boolean): string {
  let out = json
  for (const [from, to] of replacements(variant, cel)) out = replaceAll(out, from, to)
  return out
}

/**
 * The references `^\$\(.[^ ]*\)|[^\\]\$\(.[^ ]*\)` finds (Go `FindAllString`), via the shared scanner in shared/lib:
 * `$(`, one character other than a newline, then up to the last `)` before the next space. A match
 * not at the start includes the character before `$(`, which must not be a backslash.
 */
export function findReferences(text: string): string[] {
  return findReferenceMatches(text).map((m) => m.prefix + m.text)
}

/**
 * `FindAndShiftReferences(value, shift, pivot)`: in each `$(...)` reference, every `pivot` becomes
 * `pivot/shift`. For `anyPattern` the pivot grows to `anyPattern/<index>` taken from the first
 * reference, and keeps that value for the following ones, as in Kyverno.
 *
 * @example shiftReferences('$(./../pattern/spec/x)', 'spec/template', 'pattern') // '$(./../pattern/spec/template/spec/x)'
 */
export function shiftReferences(value: string, shift: string, pivot: string): string {
  let out = value
  let pv = pivot
  for (const found of findReferences(value)) {
    const initial = found.startsWith('$(')
    const reference = initial ? found : found.slice(1)
    const index = reference.indexOf(pv)
    if (pv === 'anyPattern') {
      // Kyverno slices past the pivot even when it is missing (index -1); Go would panic out of range.
      const from = index + pv.length + 1
      pv = `${pv}/${from <= reference.length ? (reference.slice(from).split('/')[0] as string) : ''}`
    }
    const replacement = (initial ? '' : found[0]) + replaceAll(reference, pv, `${pv}/${shift}`)
    const at = out.indexOf(found)
    if (at !== -1) out = out.slice(0, at) + replacement + out.slice(at + found.length)
  }
  return out
}
