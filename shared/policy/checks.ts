/**
 * The checks Kyverno's own policy validation applies after decoding. A policy failing one is
 * rejected by Kyverno's admission webhook and dropped by `kyverno test` as "Invalid policy", so
 * Verdict rejects it too rather than evaluating something Kyverno never would.
 */
import { goTrimSpace } from '../lib/gostrings.ts'
import { isObject, type JsonObject, type JsonValue } from '../lib/json.ts'
import type { PolicyDocument } from './schema.ts'
import type { PolicyIssue } from './load.ts'

// Variables that only exist in an admission request; Kyverno forbids them in background mode.
const REQUEST_ONLY_VARIABLES = [
  /(^|[^.])\bserviceAccountName\b/,
  /(^|[^.])\bserviceAccountNamespace\b/,
  /request\.userInfo/,
  /request\.roles/,
  /request\.clusterRoles/,
]

const ACTIONS = new Set(['Enforce', 'Audit', 'enforce', 'audit'])

type Rule = PolicyDocument['spec']['rules'][number]
type Filter = NonNullable<Rule['match']['any']>[number]

function filtersOf(block: Rule['match'] | undefined): Filter[] {
  if (!block) return []
  const legacy: Filter = { resources: block.resources, subjects: block.subjects, roles: block.roles, clusterRoles: block.clusterRoles }
  return [...(block.any ?? []), ...(block.all ?? []), legacy]
}

function hasUserInfo(f: Filter): boolean {
  return (f.subjects?.length ?? 0) > 0 || (f.roles?.length ?? 0) > 0 || (f.clusterRoles?.length ?? 0) > 0
}

const MAX_PATTERN_DEPTH = 64

/** Walks a validate pattern for anchors Kyverno refuses in validation rules (texts as Kyverno's). */
function checkPatternAnchors(p: JsonValue | undefined, path: string, out: PolicyIssue[], depth = 0): void {
  if (!Array.isArray(p) && !isObject(p)) return
  if (depth >= MAX_PATTERN_DEPTH) {
    out.push({ path, message: `pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels` })
    return
  }
  if (Array.isArray(p)) {
    p.forEach((x, i) => checkPatternAnchors(x, `${path}[${i}]`, out, depth + 1))
    return
  }
  for (const [k, v] of Object.entries(p)) {
    const key = goTrimSpace(k)
    const at = `${path}.${k}`
    if (/^\+\(.+\)$/.test(key)) out.push({ path: at, message: `unsupported anchor ${k}: add anchors +() are only allowed in mutate rules` })
    if (/^\^\(.+\)$/.test(key)) {
      if (!Array.isArray(v)) out.push({ path: at, message: 'existence anchor should have value of type list' })
      else if (v.length === 0) out.push({ path: at, message: 'existence anchor: should have atleast one value' })
    }
    checkPatternAnchors(v, at, out, depth + 1)
  }
}

/** Returns the reasons Kyverno would reject the policy (empty when it is valid). */
export function kyvernoPolicyChecks(doc: PolicyDocument, raw: JsonObject): PolicyIssue[] {
  const issues: PolicyIssue[] = []
  const spec = doc.spec
  const background = spec.background ?? true
  if (spec.admission === false && !background) {
    issues.push({ path: 'spec', message: 'disabling both admission and background processing is not allowed' })
  }
  if (spec.validationFailureAction !== undefined && !ACTIONS.has(spec.validationFailureAction)) {
    issues.push({ path: 'spec.validationFailureAction', message: 'must be Enforce or Audit' })
  }
  const names = new Set<string>()
  const rawRules = isObject(raw.spec) && Array.isArray(raw.spec.rules) ? raw.spec.rules : []
  spec.rules.forEach((rule, i) => {
    const at = `spec.rules[${i}]`
    if (names.has(rule.name)) issues.push({ path: `${at}.name`, message: `duplicate rule name "${rule.name}"` })
    names.add(rule.name)
    const types = (['mutate', 'validate', 'generate', 'verifyImages'] as const).filter((t) => rule[t] !== undefined)
    if (types.length !== 1) issues.push({ path: at, message: 'a rule must have exactly one of mutate, validate, generate or verifyImages' })
    const v = rule.validate
    if (v) {
      const kinds = (['pattern', 'anyPattern', 'deny', 'foreach', 'podSecurity', 'cel', 'manifests', 'assert'] as const).filter(
        (t) => v[t] !== undefined,
      )
      if (kinds.length !== 1) {
        issues.push({
          path: `${at}.validate`,
          message: 'validate needs exactly one of pattern, anyPattern, deny, foreach, podSecurity, cel, manifests or assert',
        })
      }
      if (v.failureAction !== undefined && !ACTIONS.has(v.failureAction)) {
        issues.push({ path: `${at}.validate.failureAction`, message: 'must be Enforce or Audit' })
      }
      checkPatternAnchors(v.pattern, `${at}.validate.pattern`, issues)
      if (v.anyPattern !== undefined && !Array.isArray(v.anyPattern)) {
        issues.push({ path: `${at}.validate.anyPattern`, message: 'anyPattern must be a list of patterns' })
      }
      if (Array.isArray(v.anyPattern)) v.anyPattern.forEach((p, j) => checkPatternAnchors(p, `${at}.validate.anyPattern[${j}]`, issues))
    }
    for (const [block, filters] of [
      ['match', filtersOf(rule.match)],
      ['exclude', filtersOf(rule.exclude)],
    ] as const) {
      for (const f of filters) {
        const rd = f.resources
        if (rd?.name !== undefined && rd.names !== undefined && rd.names.length > 0) {
          issues.push({ path: `${at}.${block}`, message: 'use either name or names, not both' })
        }
        if (doc.kind === 'Policy' && rd?.namespaces !== undefined && rd.namespaces.length > 0) {
          issues.push({ path: `${at}.${block}`, message: 'a namespaced Policy cannot select namespaces' })
        }
        if (background && hasUserInfo(f)) {
          issues.push({
            path: `${at}.${block}`,
            message: 'only select variables are allowed in background mode; set spec.background=false to match on user info',
          })
        }
      }
    }
    if (background) {
      // Kyverno checks the rule text outside the context entries it loads itself.
      const { context: _ctx, ...rest } = (rawRules[i] ?? {}) as JsonObject
      const vars = JSON.stringify(rest).match(/\{\{[^}]*\}\}/g) ?? []
      const hit = REQUEST_ONLY_VARIABLES.map((re) => vars.map((v) => re.exec(v)?.[0]).find(Boolean)).find(Boolean)
      if (hit) {
        issues.push({
          path: at,
          message: `variable "${hit.replace(/^[^a-zA-Z]/, '')}" is only available in admission requests; set spec.background=false to use it`,
        })
      }
    }
  })
  return issues
}
