/**
 * Pattern keys that can never do what they seem to: wildcard keys outside metadata labels and
 * annotations (Kyverno looks them up literally), fields the matched kind does not have, and Pod
 * annotations checked on a controller's own metadata.
 */
import { warning, type RawFinding } from '../finding.ts'
import type { Check } from '../context.ts'
import { isPodAnnotation, missingSpecField, podSpecPathOf } from '../kind-shapes.ts'
import { CONTROLLERS, patternKeys, patternsOf } from '../policy-view.ts'

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?')

/** Kyverno expands wildcard keys only directly under a `metadata.labels` or `metadata.annotations` map. */
const expandsHere = (trail: readonly string[]): boolean =>
  trail.at(-2) === 'metadata' && (trail.at(-1) === 'labels' || trail.at(-1) === 'annotations')

export const wildcardKeys: Check = (ctx) => {
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    for (const p of patternsOf(rule)) {
      for (const k of patternKeys(p.pattern, p.at)) {
        if (!hasWildcard(k.bare) || expandsHere(k.trail)) continue
        const plain = k.bare.replace(/[?*]+$/, '')
        const effect = k.anchored
          ? 'that field never exists, so the anchored part of the pattern is never checked'
          : 'no resource has that field, so this pattern can never be satisfied: every resource the rule matches fails it (with Enforce, all are denied)'
        out.push(
          warning(
            k.at,
            'wildcard-key',
            `pattern key "${k.key}" contains a wildcard, which Kyverno expands only in metadata.labels and metadata.annotations keys; here it looks for a field literally named "${k.bare}": ${effect}`,
            /^[A-Za-z]/.test(plain) && plain !== k.bare
              ? `write "${plain}", or "=(${plain})" if the field is optional; to cover Pods and their controllers, match kinds: [Pod] only and let autogen check each controller's Pod template`
              : 'use the exact field name; wildcards in keys work only for label and annotation keys',
          ),
        )
      }
    }
  }
  return out
}

export const patternPaths: Check = (ctx) => {
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    const kinds = [...rule.kinds]
    const controllers = kinds.filter((k) => CONTROLLERS.has(k))
    for (const p of patternsOf(rule)) {
      if (p.elementScoped) continue
      for (const k of patternKeys(p.pattern, p.at)) {
        if (k.trail.length === 1 && k.trail[0] === 'spec' && !k.anchored && !hasWildcard(k.bare)) {
          const reasons = kinds.flatMap((kind) => missingSpecField(kind, k.bare) ?? [])
          if (reasons.length > 0) {
            out.push(
              warning(
                k.at,
                'impossible-path',
                `pattern requires spec.${k.bare}, but ${reasons.join('; ')}: every such resource fails this pattern`,
                'match kinds: [Pod] only and write the pattern for a Pod; autogen rewrites it for the controllers',
              ),
            )
          }
        }
        if (controllers.length > 0 && k.trail.length === 2 && k.trail[0] === 'metadata' && k.trail[1] === 'annotations' && isPodAnnotation(k.bare)) {
          out.push(
            warning(
              k.at,
              'pod-annotation-on-controller',
              `"${k.bare}" is read by Kubernetes from a Pod's own annotations; for ${controllers.join(', ')} this pattern checks the controller's metadata.annotations instead of its Pod template's (${controllers.map((c) => podSpecPathOf(c).replace(/spec$/, 'metadata.annotations')).filter((v, i, a) => a.indexOf(v) === i).join(', ')})`,
              'match kinds: [Pod] only; autogen then checks the annotations of each controller\'s Pod template',
            ),
          )
        }
      }
    }
  }
  return out
}
