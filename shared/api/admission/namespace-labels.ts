/**
 * Namespace labels at admission: which requests need them, what to evaluate with when they are
 * known or not, and what a Namespace request teaches about them. Kyverno reads a namespace's
 * labels from its informer; Verdict learns them from a sync route and from the cluster's own
 * Namespace requests (a second webhook that never denies), and looks them up per request.
 * Pure: the lookup and its cache live in `api/namespace-labels-cache.ts`.
 */
import type { Operation } from '../../engine/api.ts'
import { rulesForKind } from '../../engine/rules-for-kind.ts'
import type { AdmissionRequest, AdmissionResponse } from '../../kube/admission.ts'
import { isObject } from '../../lib/json.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { legacyFilter, type MatchResources } from '../../policy/match.ts'
import type { Rule } from '../../policy/schema.ts'
import { NamespaceInput, type NamespaceLabels } from '../../store/ports.ts'
import { policiesForKind, type CompiledSet } from './compile.ts'
import { isExcludedNamespace, requestKind } from './input.ts'
import { kubernetesMinor } from './match-conditions.ts'

/** What the decision is given about the request's namespace. */
export interface NamespaceContext {
  /** The labels `namespaceSelector` is checked against. */
  labels: Record<string, string>
  /** Said on the answer when the labels are a stand-in (unknown namespace, failed lookup). */
  warning?: string
}

/** What a request needs: nothing, a context already decided, or a lookup of namespace `lookup`. */
export type NamespaceNeed = undefined | { context: NamespaceContext } | { lookup: string }

/** The label Kubernetes (1.22+) puts on every namespace, always equal to its name. */
export const NAME_LABEL = 'kubernetes.io/metadata.name'

function blockUsesSelector(block: MatchResources | null | undefined): boolean {
  if (!block) return false
  return [...(block.any ?? []), ...(block.all ?? []), legacyFilter(block)].some((f) => f.resources?.namespaceSelector != null)
}

/** Whether the rule's `match` or `exclude` selects by namespace labels. */
export function ruleUsesNamespaceSelector(rule: Rule): boolean {
  return blockUsesSelector(rule.match) || blockUsesSelector(rule.exclude)
}

const setMemo = new WeakMap<CompiledSet, { any: boolean; byKind: Map<string, boolean> }>()

function memoOf(set: CompiledSet): { any: boolean; byKind: Map<string, boolean> } {
  let m = setMemo.get(set)
  if (!m) {
    // Read from the documents, so that no policy is loaded for it (autogen copies match/exclude, so its rules add none).
    const any = set.mayUseNamespaceSelector
    setMemo.set(set, (m = { any, byKind: new Map() }))
  }
  return m
}

/** Whether any rule of the set matches or excludes by `namespaceSelector` (memoised per compiled set). */
export function usesNamespaceSelector(set: CompiledSet): boolean {
  return memoOf(set).any
}

function policyUsesFor(policy: LoadedPolicy, kind: string): boolean {
  try {
    return rulesForKind(policy, kind).some(ruleUsesNamespaceSelector)
  } catch {
    return false // the engine reports this policy as an error result
  }
}

/** Whether some rule the set runs for `kind` selects by namespace labels (memoised per set and kind, bounded). */
export function selectsByNamespace(set: CompiledSet, kind: string): boolean {
  const m = memoOf(set)
  if (!m.any) return false
  let found = m.byKind.get(kind)
  if (found === undefined) {
    found = policiesForKind(set, kind).some((p) => policyUsesFor(p, kind))
    if (m.byKind.size < 1_000) m.byKind.set(kind, found)
  }
  return found
}

function isNamespaceRequest(request: AdmissionRequest): boolean {
  return request.kind.group === '' && request.kind.kind === 'Namespace'
}

/**
 * What deciding `request` needs to know about its namespace. Nothing unless a rule for its kind
 * selects by namespace labels (so the fast path reads nothing). A Namespace itself and
 * cluster-scoped resources get no labels, as in Kyverno (which looks up only the namespace of a
 * namespaced resource, and never applies `namespaceSelector` to a Namespace).
 */
export function namespaceNeed(request: AdmissionRequest, set: CompiledSet, exclusions: readonly string[]): NamespaceNeed {
  if (!usesNamespaceSelector(set)) return undefined
  if (isExcludedNamespace(request, exclusions)) return undefined
  if (!selectsByNamespace(set, requestKind(request, set.resourceKinds))) return undefined
  const ns = request.namespace ?? ''
  if (ns === '' || isNamespaceRequest(request)) return { context: { labels: {} } }
  return { lookup: ns }
}

/** Whether the cluster's Kubernetes sets {@link NAME_LABEL} on every namespace (1.22+; an unreadable version is taken as recent). */
function hasNameLabel(kubernetesVersion: string): boolean {
  const minor = kubernetesMinor(kubernetesVersion)
  return minor === null || minor >= 22
}

/** The sync route a warning points to. */
export const syncHint = (clusterId: string): string => `sync with PUT /v1/clusters/${clusterId}/namespaces`

/**
 * The context for namespace `name` given what the store knows (`null`: nothing). Known labels get
 * {@link NAME_LABEL} when a 1.22+ cluster would have it. Unknown ones are evaluated with that
 * label alone, which every such namespace has, and the answer says so: Kyverno would have had
 * the real labels.
 */
export function namespaceContext(
  name: string,
  known: NamespaceLabels | null,
  cluster: { clusterId: string; kubernetesVersion: string },
  failure?: string,
): NamespaceContext {
  const base: Record<string, string> = hasNameLabel(cluster.kubernetesVersion) ? { [NAME_LABEL]: name } : {}
  if (known) return { labels: { ...base, ...known } }
  const why = failure ?? 'are not known to Verdict (never synced, no change seen)'
  return {
    labels: base,
    warning: `verdict: the labels of namespace ${name} ${why}; namespaceSelector rules saw only ${NAME_LABEL}: ${syncHint(cluster.clusterId)}`,
  }
}

/** What an admitted Namespace request says about the namespace: its labels now, or that it is gone. */
export type NamespaceChange = { record: NamespaceInput } | { forget: string }

/**
 * The change a Namespace request makes, once admitted: CREATE/UPDATE record the new object's
 * labels, DELETE forgets. Nothing for dry runs, refused requests, subresources or other kinds.
 * Labels outside Kubernetes' own syntax cannot be stored, so such a namespace is forgotten
 * (unknown, with a warning) rather than kept with labels it no longer has.
 */
export function namespaceChange(request: AdmissionRequest, response: Pick<AdmissionResponse, 'allowed'>): NamespaceChange | null {
  if (!response.allowed || request.dryRun === true || request.subResource || !isNamespaceRequest(request)) return null
  if (request.operation === 'DELETE') return request.name ? { forget: request.name } : null
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return null
  const obj = request.object
  const meta = obj && isObject(obj.metadata) ? obj.metadata : {}
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : (request.name ?? '')
  const parsed = NamespaceInput.safeParse({ name, labels: meta.labels ?? {} })
  if (parsed.success) return { record: parsed.data }
  return name !== '' ? { forget: name } : null
}

/** One webhook rule, as `webhook-config.ts` writes them. */
export interface NamespaceWebhookRule {
  apiGroups: string[]
  apiVersions: string[]
  operations: Operation[]
  resources: string[]
  scope: '*'
}

const LEARNED: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE']

/**
 * The rule of the learning webhook: Namespace CREATE, UPDATE and DELETE, minus the operations the
 * policy webhook already sends (those are learned from its own, decided, requests; sending them
 * twice would record a change the policies deny). `null` when nothing is left.
 */
export function namespaceLearningRule(policyRules: readonly NamespaceWebhookRule[]): NamespaceWebhookRule | null {
  const covered = new Set<Operation>()
  for (const r of policyRules) {
    const group = r.apiGroups.includes('') || r.apiGroups.includes('*')
    const version = r.apiVersions.includes('v1') || r.apiVersions.includes('*')
    const resource = r.resources.includes('namespaces') || r.resources.includes('*')
    if (group && version && resource) for (const op of r.operations) covered.add(op)
  }
  const operations = LEARNED.filter((op) => !covered.has(op))
  if (operations.length === 0) return null
  return { apiGroups: [''], apiVersions: ['v1'], operations: [...operations], resources: ['namespaces'], scope: '*' }
}
