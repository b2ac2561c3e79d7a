/**
 * Loading the policies for an offline evaluation from file texts. Unlike `kyverno test`, which
 * drops an invalid policy and carries on, an evaluation that gates a pipeline must never run with
 * fewer policies than its author wrote: every invalid or unsupported policy, and every duplicate,
 * is an error naming the file, the document and the field. Documents that are not policies at all
 * (a README's YAML, a kustomization) are ignored.
 */
import { DEFAULT_LIMITS, DecodeError, decodeDocuments, flattenItems, type DecodeLimits } from '../kube/decode.ts'
import { isObject, type JsonValue } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import { policyId } from './build.ts'

/** One policy file's contents; `file` is only used to name it in messages. */
export interface PolicyText {
  file: string
  text: string
}

export interface PolicyLoadOptions {
  /** Reject fields Kyverno does not define, as the hosted API does (default). Off: drop them with a warning. */
  strict?: boolean
  limits?: DecodeLimits
}

export interface LoadedPolicies {
  policies: LoadedPolicy[]
  /** Things worth telling the user that do not stop the run (fields dropped in lenient mode, look-alike kinds). */
  warnings: string[]
}

function where(file: string, document: number, item: number | undefined): string {
  return `${file}: document ${document + 1}${item !== undefined ? `, item ${item + 1}` : ''}`
}

/** Why a document that looks like a policy but is not one is worth a warning: probably a typo'd apiVersion. */
function lookAlike(doc: JsonValue): string | undefined {
  if (!isObject(doc) || (doc.kind !== 'ClusterPolicy' && doc.kind !== 'Policy')) return undefined
  return `kind ${doc.kind} with apiVersion ${JSON.stringify(doc.apiVersion ?? null)} is not a Kyverno policy (kyverno.io/*); ignored`
}

/**
 * Loads every policy document in the given texts, in order. Fails with every problem found (not
 * just the first), so one run shows the author everything to fix.
 */
export function loadPolicyTexts(files: readonly PolicyText[], opts: PolicyLoadOptions = {}): Result<LoadedPolicies, string[]> {
  const strict = opts.strict ?? true
  const errors: string[] = []
  const warnings: string[] = []
  const policies: LoadedPolicy[] = []
  const firstSeen = new Map<string, string>()
  for (const { file, text } of files) {
    let docs: JsonValue[]
    try {
      docs = decodeDocuments(text, opts.limits ?? DEFAULT_LIMITS)
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e
      errors.push(`${file}: ${e.message}`)
      continue
    }
    for (const [document, doc] of docs.entries()) {
      const listed = Array.isArray(doc) || (isObject(doc) && doc.kind === 'List')
      for (const [i, item] of (listed ? flattenItems([doc]) : [doc]).entries()) {
        const at = where(file, document, listed ? i : undefined)
        const r = loadPolicy(item, { strict })
        switch (r.status) {
          case 'notPolicy': {
            const w = lookAlike(item)
            if (w) warnings.push(`${at}: ${w}`)
            break
          }
          case 'unsupported':
            errors.push(`${at}: ${r.kind} "${r.name}" is not supported: ${r.feature}`)
            break
          case 'invalid':
            for (const issue of r.issues) errors.push(`${at}: ${r.kind} "${r.name}" is invalid: ${issue.path || '(document)'}: ${issue.message}`)
            break
          case 'ok': {
            for (const w of r.warnings) warnings.push(`${at}: ${r.policy.kind} "${r.policy.name}": ${w.path}: ${w.message}`)
            // Kubernetes keeps one object per kind, namespace and name; two would silently shadow each other.
            const key = `${r.policy.kind}/${policyId(r.policy)}`
            const prior = firstSeen.get(key)
            if (prior) errors.push(`${at}: ${key} is defined twice (first in ${prior})`)
            else {
              firstSeen.set(key, at)
              policies.push(r.policy)
            }
            break
          }
          default: {
            const never: never = r
            throw new Error(`unknown load status ${JSON.stringify(never)}`)
          }
        }
      }
    }
  }
  return errors.length > 0 ? err(errors) : ok({ policies, warnings })
}
