/**
 * Turning an untrusted document into a policy the engine can run, or a precise reason why not:
 * `invalid` when Kyverno itself would reject it, `unsupported` when it is a policy family Verdict
 * does not evaluate, `notPolicy` for anything else.
 */
import type { z } from 'zod'
import { cloneJson, isObject, type JsonObject } from '../lib/json.ts'
import { PolicyDocument } from './schema.ts'
import { kyvernoPolicyChecks } from './checks.ts'

export interface PolicyIssue {
  /** Dotted path into the document, e.g. `spec.rules[2].validate.pattern`. */
  path: string
  message: string
}

export interface LoadedPolicy {
  kind: 'ClusterPolicy' | 'Policy'
  name: string
  /** `metadata.namespace` as written ('' when absent). */
  namespace: string
  /** The policy document as parsed (JSON-normalised); autogen and the rule pipeline read it. */
  raw: JsonObject
  doc: PolicyDocument
}

export type PolicyLoadResult =
  /** Ready to evaluate. Rules using features Verdict does not evaluate still load: they yield `unsupported` rule responses. */
  | { status: 'ok'; policy: LoadedPolicy; warnings: PolicyIssue[] }
  /** Kyverno itself would reject it (`kyverno test` drops it and reports "Invalid policy"). */
  | { status: 'invalid'; kind: string; name: string; issues: PolicyIssue[] }
  /** A policy kind Verdict cannot evaluate at all (CEL ValidatingPolicy, MutatingPolicy, …). */
  | { status: 'unsupported'; kind: string; name: string; feature: string }
  /** Not a policy document at all. */
  | { status: 'notPolicy' }

export interface LoadOptions {
  /**
   * Reject fields Kyverno does not define (the hosted API). Off for `kyverno test` compatibility,
   * where Kyverno's lenient decoding drops them; they are then returned as warnings.
   */
  strict?: boolean
}

/** Policy kinds of Kyverno's CEL-based families and Kubernetes' own admission policies. */
const CEL_KINDS = new Set([
  'ValidatingPolicy',
  'NamespacedValidatingPolicy',
  'MutatingPolicy',
  'NamespacedMutatingPolicy',
  'GeneratingPolicy',
  'NamespacedGeneratingPolicy',
  'ImageValidatingPolicy',
  'NamespacedImageValidatingPolicy',
  'DeletingPolicy',
  'NamespacedDeletingPolicy',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CleanupPolicy',
  'ClusterCleanupPolicy',
])

/** `spec.rules[2].validate` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? String(seg) : `.${String(seg)}`
  }
  return out
}

function zodIssues(error: z.ZodError): { unknownFields: PolicyIssue[]; other: PolicyIssue[] } {
  const unknownFields: PolicyIssue[] = []
  const other: PolicyIssue[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        unknownFields.push({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` })
      }
    } else {
      other.push({ path: formatPath(issue.path), message: issue.message })
    }
  }
  return { unknownFields, other }
}

/** Removes the keys zod reported as unknown, so lenient loading can parse the rest. */
function dropUnknown(doc: JsonObject, issues: PolicyIssue[]): JsonObject {
  const copy = cloneJson(doc)
  for (const issue of issues) {
    const parts = issue.path.match(/[^.[\]]+/g) ?? []
    let node: unknown = copy
    for (const p of parts.slice(0, -1)) node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[p] : undefined
    const last = parts.at(-1)
    if (last !== undefined && isObject(node)) delete node[last]
  }
  return copy
}

/** Loads one decoded YAML/JSON document as a Kyverno policy. Never throws. */
export function loadPolicy(input: unknown, opts: LoadOptions = {}): PolicyLoadResult {
  try {
    return loadUnguarded(input, opts)
  } catch (e) {
    // Schema validation recurses; a hostile nest must become an answer, not a crash.
    if (e instanceof RangeError) {
      const meta = isObject(input) && isObject(input.metadata) ? input.metadata : {}
      return { status: 'invalid', kind: String(isObject(input) ? input.kind : ''), name: String(meta.name ?? ''), issues: [{ path: '', message: 'document is nested too deeply' }] }
    }
    throw e
  }
}

function loadUnguarded(input: unknown, opts: LoadOptions): PolicyLoadResult {
  if (!isObject(input)) return { status: 'notPolicy' }
  const kind = typeof input.kind === 'string' ? input.kind : ''
  const apiVersion = typeof input.apiVersion === 'string' ? input.apiVersion : ''
  const meta = isObject(input.metadata) ? input.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : ''
  if (CEL_KINDS.has(kind)) return { status: 'unsupported', kind, name, feature: `${kind} (CEL policy family)` }
  if ((kind !== 'ClusterPolicy' && kind !== 'Policy') || !apiVersion.startsWith('kyverno.io/')) return { status: 'notPolicy' }

  let raw: JsonObject = input
  const warnings: PolicyIssue[] = []
  let parsed = PolicyDocument.safeParse(raw)
  if (!parsed.success) {
    const { unknownFields, other } = zodIssues(parsed.error)
    if (other.length > 0 || opts.strict) return { status: 'invalid', kind, name, issues: [...other, ...unknownFields] }
    raw = dropUnknown(raw, unknownFields)
    warnings.push(...unknownFields.map((i) => ({ ...i, message: `${i.message} is ignored, as Kyverno ignores it` })))
    parsed = PolicyDocument.safeParse(raw)
    if (!parsed.success) return { status: 'invalid', kind, name, issues: zodIssues(parsed.error).other }
  }
  const doc = parsed.data
  const issues = kyvernoPolicyChecks(doc, raw)
  if (issues.length > 0) return { status: 'invalid', kind, name, issues }
  return {
    status: 'ok',
    policy: { kind: doc.kind, name: doc.metadata.name, namespace: doc.metadata.namespace ?? '', raw, doc },
    warnings,
  }
}
