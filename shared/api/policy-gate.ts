/**
 * What a hosted policy set may contain. A set must never silently not enforce something, and
 * policies are data, never a way out: anything that would make the service reach the network (or
 * need cluster data it does not have) at evaluation time is refused on write, with the reason.
 */
import { isObject, type JsonObject, type JsonValue } from '../lib/json.ts'
import { loadPolicy, type LoadedPolicy, type PolicyIssue } from '../policy/load.ts'
import { ApiError } from './errors.ts'

const NETWORK_REASON =
  'would make the hosted service call out at evaluation time; Kyverno has had several advisories where such calls became SSRF or leaked credentials, so Verdict refuses them (verdict test still resolves them offline from values files)'

function contextIssues(entries: JsonValue | undefined, at: string): PolicyIssue[] {
  if (!Array.isArray(entries)) return []
  const out: PolicyIssue[] = []
  entries.forEach((e, i) => {
    if (!isObject(e)) return
    const p = `${at}[${i}]`
    if (e.apiCall !== undefined) out.push({ path: `${p}.apiCall`, message: `apiCall context ${NETWORK_REASON}` })
    if (e.imageRegistry !== undefined) out.push({ path: `${p}.imageRegistry`, message: `imageRegistry context ${NETWORK_REASON}` })
    if (e.configMap !== undefined) {
      out.push({ path: `${p}.configMap`, message: 'configMap context needs data from the cluster, which the hosted service does not have; use a variable entry instead' })
    }
    if (e.globalReference !== undefined) out.push({ path: `${p}.globalReference`, message: 'globalReference context is not available in the hosted service' })
  })
  return out
}

function foreachContexts(list: JsonValue | undefined, at: string, out: PolicyIssue[]): void {
  if (!Array.isArray(list)) return
  list.forEach((fe, i) => {
    if (!isObject(fe)) return
    out.push(...contextIssues(fe.context, `${at}[${i}].context`))
    foreachContexts(fe.foreach, `${at}[${i}].foreach`, out)
  })
}

/** Issues that make a valid Kyverno policy unfit for a hosted set. */
export function hostedIssues(policy: LoadedPolicy): PolicyIssue[] {
  const out: PolicyIssue[] = []
  const rules = isObject(policy.raw.spec) && Array.isArray(policy.raw.spec.rules) ? policy.raw.spec.rules : []
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return
    const at = `spec.rules[${i}]`
    for (const t of ['mutate', 'generate', 'verifyImages'] as const) {
      if (rule[t] !== undefined) out.push({ path: `${at}.${t}`, message: `${t} rules are not enforced by Verdict yet; a hosted set must not silently skip them` })
    }
    const v = isObject(rule.validate) ? rule.validate : undefined
    for (const t of ['cel', 'manifests', 'assert'] as const) {
      if (v?.[t] !== undefined) out.push({ path: `${at}.validate.${t}`, message: `validate.${t} is not enforced by Verdict yet` })
    }
    out.push(...contextIssues(rule.context, `${at}.context`))
    foreachContexts(v?.foreach, `${at}.validate.foreach`, out)
  })
  return out
}

/**
 * Validates a policy document for a write: Kyverno's schema and checks (strict: unknown fields are
 * errors), then {@link hostedIssues}. Throws a 400 naming every problem's path.
 */
export function admitPolicy(doc: JsonValue, expectedName?: string): { policy: LoadedPolicy; warnings: PolicyIssue[] } {
  const r = loadPolicy(doc, { strict: true })
  switch (r.status) {
    case 'notPolicy':
      throw new ApiError('bad_request', 'not a Kyverno policy: expected apiVersion kyverno.io/v1 or v2beta1 and kind ClusterPolicy or Policy')
    case 'unsupported':
      throw new ApiError('bad_request', `${r.feature} is not supported by Verdict yet`, [{ path: 'kind', message: r.feature }])
    case 'invalid':
      throw new ApiError('bad_request', 'the policy is invalid', r.issues.map((i) => ({ path: i.path || '(root)', message: i.message })))
    case 'ok':
      break
  }
  if (expectedName !== undefined && r.policy.name !== expectedName) {
    throw new ApiError('bad_request', `metadata.name "${r.policy.name}" does not match the URL's "${expectedName}"`, [{ path: 'metadata.name', message: `must be "${expectedName}"` }])
  }
  const hosted = hostedIssues(r.policy)
  if (hosted.length > 0) throw new ApiError('bad_request', 'the policy uses features a hosted set cannot enforce', hosted)
  return { policy: r.policy, warnings: r.warnings }
}

export type { JsonObject }
