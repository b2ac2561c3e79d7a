/**
 * Policy-level findings: a namespace on a ClusterPolicy, and the deprecated ways of writing the
 * failure action (lowercase values, the spec-level field Kyverno 1.13 replaced by per-rule ones).
 */
import { warning, type RawFinding, type Segment } from '../finding.ts'
import type { Check } from '../context.ts'
import { obj, patternKeys, patternsOf, strings } from '../policy-view.ts'

export const clusterPolicyNamespace: Check = (ctx) => {
  const ns = obj(ctx.doc.metadata)?.namespace
  if (ctx.kind !== 'ClusterPolicy' || ns === undefined) return []
  return [
    warning(
      ['metadata', 'namespace'],
      'cluster-policy-namespace',
      `a ClusterPolicy is cluster-scoped: metadata.namespace "${String(ns)}" does not make it apply to one namespace (Kubernetes drops the field)`,
      'remove metadata.namespace; to limit the policy to namespaces, use match.any[].resources.namespaces, or write a namespaced Policy',
    ),
  ]
}

const LOWER: Record<string, string> = { enforce: 'Enforce', audit: 'Audit' }

function lowercase(value: unknown, at: (string | number)[]): RawFinding[] {
  if (typeof value !== 'string' || !(value in LOWER)) return []
  return [warning(at, 'lowercase-failure-action', `"${value}" is the deprecated lowercase form of ${LOWER[value]}`, `write ${LOWER[value]}`)]
}

export const failureActions: Check = (ctx) => {
  const spec = obj(ctx.doc.spec)
  const out: RawFinding[] = []
  if (spec?.validationFailureAction !== undefined) {
    out.push(...lowercase(spec.validationFailureAction, ['spec', 'validationFailureAction']))
    out.push(
      warning(
        ['spec', 'validationFailureAction'],
        'spec-failure-action',
        'spec.validationFailureAction is deprecated since Kyverno 1.13: each validate rule now says its own failureAction',
        `remove it and set validate.failureAction: ${LOWER[String(spec.validationFailureAction)] ?? String(spec.validationFailureAction)} on each rule`,
      ),
    )
  }
  if (spec?.validationFailureActionOverrides !== undefined) {
    out.push(
      warning(
        ['spec', 'validationFailureActionOverrides'],
        'spec-failure-action',
        'spec.validationFailureActionOverrides is deprecated since Kyverno 1.13',
        'move the overrides to validate.failureActionOverrides on each rule',
      ),
    )
  }
  for (const rule of ctx.rules) out.push(...lowercase(obj(rule.raw.validate)?.failureAction, [...rule.at, 'validate', 'failureAction']))
  return out
}

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io'

/** Where the policy first names the annotation: a pattern key, else the first string mentioning it. */
function firstUse(ctx: Parameters<Check>[0]): Segment[] | undefined {
  for (const rule of ctx.rules) {
    for (const p of patternsOf(rule)) for (const k of patternKeys(p.pattern, p.at)) if (k.bare.startsWith(APPARMOR_ANNOTATION)) return k.at
    for (const s of strings(rule.raw, rule.at)) if (s.text.includes(APPARMOR_ANNOTATION)) return s.at
  }
  return undefined
}

/**
 * A policy that checks the AppArmor annotations but never the `appArmorProfile` field: from
 * Kubernetes 1.30 the field is what sets the profile, so such a policy misses every Pod using it.
 */
export const apparmorAnnotationOnly: Check = (ctx) => {
  if (ctx.options.kubernetesMinor !== undefined && ctx.options.kubernetesMinor < 30) return []
  const text = JSON.stringify(ctx.doc.spec ?? null)
  if (!text.includes(APPARMOR_ANNOTATION) || text.includes('appArmorProfile')) return []
  return [
    warning(
      firstUse(ctx) ?? ['spec'],
      'deprecated-apparmor-annotation',
      `the ${APPARMOR_ANNOTATION}/* annotations are deprecated: from Kubernetes 1.30 a Pod sets its profile in securityContext.appArmorProfile (Pod and containers), which this policy never checks`,
      'also check spec.securityContext.appArmorProfile.type and every container\'s securityContext.appArmorProfile.type (RuntimeDefault or Localhost)',
    ),
  ]
}

/** Rules whose match names no kind at all. */
export const noKinds: Check = (ctx) =>
  ctx.rules
    .filter((r) => r.kinds.size === 0)
    .map((r) =>
      warning(
        [...r.at, 'match'],
        'no-kinds',
        `rule "${r.name}" names no resource kinds, so it selects nothing Kyverno can route to it`,
        'list the kinds it is for under match.any[].resources.kinds (Pod for workload rules; autogen covers the controllers)',
      ),
    )
