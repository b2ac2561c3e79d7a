/**
 * A policy set prepared for admission: the policies plus a per-kind index, so that a request for a
 * kind no policy selects is answered without evaluating anything (most of what a cluster sends —
 * Leases, Events, EndpointSlices — is such a request).
 *
 * Built lazily, because a cold Worker isolate has ~10 ms of CPU for its first request and loading
 * every policy of a large set costs far more. Compiling reads only each document's `match` kinds
 * (and its autogen controllers, from the engine's own `autogenControllers`): a conservative
 * prefilter. A policy is loaded, and its rules for a kind computed by the engine's `rulesForKind`,
 * only when a request of a kind it may select arrives; the result is memoised per set version. So
 * a Pod request loads only the policies that may match Pods (or their controllers' kinds, or any
 * kind), and the index agrees exactly with what `evaluatePolicy` will run.
 */
import { getKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { hasWildcard } from '../../lib/wildcard.ts'
import { parseKindSelector } from '../../engine/match/index.ts'
import { rulesForKind } from '../../engine/rules-for-kind.ts'
import { autogenControllers } from '../../policy/autogen.ts'
import { loadPolicy, type LoadedPolicy, type PolicyLoadResult } from '../../policy/load.ts'
import type { PolicyDocument } from '../../policy/schema.ts'
import type { KindIndex, KindReach, Snapshot } from '../../store/schemas.ts'
import { guessPlural } from './resources.ts'

/** A named, versioned set of policies with its kind index. Treat as immutable. */
export interface CompiledSet {
  readonly name: string
  readonly version: number
  /**
   * Every policy, loaded, in evaluation order (the order of the set). Loads them all on first use,
   * which admission never needs; throws when a stored policy no longer loads.
   */
  readonly policies: readonly LoadedPolicy[]
  /** The kinds some rule names literally, autogen controllers included (the index's own kinds). */
  readonly kinds: ReadonlySet<string>
  /**
   * Guessed lowercase plural → kind, for the kinds the rules name: how a subresource request for a
   * custom resource (`widgets/status`) finds its kind, which a cluster would get from discovery.
   */
  readonly resourceKinds: ReadonlyMap<string, string>
  /** False only when no rule of the set can select by `namespaceSelector` (read conservatively from the documents). */
  readonly mayUseNamespaceSelector: boolean
}

/** One policy of the set: its document, what its rules may select, and the loaded policy once needed. */
interface Entry {
  readonly name: string
  readonly document: unknown
  /** Literal kinds its rules (own and autogen) name. */
  readonly kinds: ReadonlySet<string>
  /** Some rule may select kinds not named literally (`*`, `Config*`, no `kinds`, or a shape not understood). */
  readonly open: boolean
  policy?: LoadedPolicy
  /** Why the document did not load (then `policy` is a stand-in that evaluates to an error result). */
  failure?: string
}

interface State {
  readonly entries: readonly Entry[]
  readonly anyOpen: boolean
  readonly byKind: Map<string, readonly LoadedPolicy[]>
  /** How many kinds outside `kinds` were memoised, against {@link MAX_LAZY_KINDS}. */
  unindexed: number
}

/** Cap on memoised kinds no rule names, so a stream of made-up kinds cannot grow memory without bound. */
const MAX_LAZY_KINDS = 1_000
const states = new WeakMap<CompiledSet, State>()
const NONE: readonly LoadedPolicy[] = Object.freeze([])

/** What a document's rules may select, read from the raw JSON without loading it. */
interface Reach {
  kinds: Set<string>
  open: boolean
  namespaceSelector: boolean
}

/**
 * The revision of {@link reachOf}'s derivation (with the engine's `autogenControllers` and
 * `parseKindSelector` it calls). Bump it whenever what it derives from a document can change, so
 * that kind indexes published before (KV snapshots are immutable) are derived again, not trusted.
 */
export const KIND_INDEX_REVISION = 1

/** The filters the engine reads from a `match` block (`couldMatchKind`): `any`, else `all`, else the block itself; `null` when malformed. */
function filtersOf(block: JsonObject): JsonValue[] | null {
  const any = getKey(block, 'any')
  const all = getKey(block, 'all')
  if ((any !== undefined && any !== null && !Array.isArray(any)) || (all !== undefined && all !== null && !Array.isArray(all))) return null
  if (Array.isArray(any) && any.length > 0) return any
  if (Array.isArray(all) && all.length > 0) return all
  return [{ resources: getKey(block, 'resources') ?? null }]
}

/** Every filter of a block, for the namespaceSelector check (which looks at all of them). */
function usesNamespaceSelector(block: JsonValue | undefined): boolean {
  if (block === undefined || block === null) return false
  if (!isObject(block)) return true
  const filters: JsonValue[] = [{ resources: getKey(block, 'resources') ?? null }]
  for (const key of ['any', 'all']) {
    const list = getKey(block, key)
    if (Array.isArray(list)) filters.push(...list)
    else if (list !== undefined && list !== null) return true
  }
  return filters.some((f) => {
    if (!isObject(f)) return true
    const r = getKey(f, 'resources')
    if (r === undefined || r === null) return false
    if (!isObject(r)) return true
    const s = getKey(r, 'namespaceSelector')
    return s !== undefined && s !== null
  })
}

/**
 * A superset of the kinds `rulesForKind` can give rules for: the literal kinds of every `match`
 * filter plus the policy's autogen controllers. Anything not understood counts as open, so a
 * malformed document is tried (and fails to load, as an error result) for every kind.
 */
function reachOf(document: unknown): Reach {
  const everything: Reach = { kinds: new Set(), open: true, namespaceSelector: true }
  if (!isObject(document)) return everything
  const spec = getKey(document, 'spec')
  const rules = isObject(spec) ? getKey(spec, 'rules') : undefined
  if (!Array.isArray(rules)) return everything
  const reach: Reach = { kinds: new Set(), open: false, namespaceSelector: false }
  for (const rule of rules) {
    const match = isObject(rule) ? getKey(rule, 'match') : undefined
    const filters = isObject(match) ? filtersOf(match) : null
    if (!isObject(rule) || !isObject(match) || !filters) return everything
    reach.namespaceSelector ||= usesNamespaceSelector(match) || usesNamespaceSelector(getKey(rule, 'exclude'))
    for (const f of filters) {
      const resources = isObject(f) ? getKey(f, 'resources') : undefined
      const kinds = isObject(resources) ? getKey(resources, 'kinds') : undefined
      if (kinds !== undefined && kinds !== null && !Array.isArray(kinds)) return everything
      if (!kinds || kinds.length === 0) reach.open = true
      for (const selector of kinds ?? []) {
        if (typeof selector !== 'string') return everything
        const kind = parseKindSelector(selector).kind
        if (hasWildcard(kind)) reach.open = true
        else if (kind !== '') reach.kinds.add(kind)
      }
    }
  }
  for (const controller of autogenControllers(document)) if (controller !== 'none' && controller !== '') reach.kinds.add(controller)
  return reach
}

function safeReach(document: unknown): Reach {
  try {
    return reachOf(document)
  } catch {
    return { kinds: new Set(), open: true, namespaceSelector: true }
  }
}

/** A document's kind-index entry in its stored form (what a published snapshot carries). */
export function kindReach(document: unknown): KindReach {
  const r = safeReach(document)
  return { kinds: [...r.kinds], open: r.open, namespaceSelector: r.namespaceSelector }
}

/**
 * The snapshot with its kind index, for publishing: a cold reader then compiles the set without
 * scanning a document (see {@link compileDocuments}).
 *
 * @example await kvSnapshots.publish(withKindIndex(snapshot)) // stored as KV format 2
 */
export function withKindIndex(snapshot: Snapshot): Snapshot {
  return { ...snapshot, kindIndex: { revision: KIND_INDEX_REVISION, entries: snapshot.policies.map((p) => kindReach(p.document)) } }
}

/** The precomputed entries when they come from this derivation and fit the documents, else `undefined` (derive again). */
function usableIndex(index: KindIndex | undefined, count: number): readonly KindReach[] | undefined {
  return index && index.revision === KIND_INDEX_REVISION && index.entries.length === count ? index.entries : undefined
}

/** Why a stored document did not load, in one line. */
function failureOf(name: string, r: Exclude<PolicyLoadResult, { status: 'ok' }>): string {
  const detail = r.status === 'invalid' ? `: ${r.issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}` : r.status === 'unsupported' ? `: ${r.feature}` : ''
  return `policy ${name} of this set version no longer loads (${r.status}${detail})`
}

const isEnforce = (v: unknown): boolean => v === 'Enforce' || v === 'enforce'

/**
 * A stand-in for a stored policy that does not load (a corrupted snapshot, or an engine change):
 * preparing its rules throws `reason`, which `evaluatePolicy` reports as an error result for this
 * policy. It enforces when the document says so anywhere, so the error blocks as Kyverno's would
 * (unless the document's `failurePolicy` is `Ignore`).
 */
function standIn(entryName: string, document: unknown, reason: string): LoadedPolicy {
  const d = isObject(document) ? document : {}
  const meta = isObject(d.metadata) ? d.metadata : {}
  const spec = isObject(d.spec) ? d.spec : {}
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : entryName
  const kind = d.kind === 'Policy' && typeof meta.namespace === 'string' ? 'Policy' : 'ClusterPolicy'
  const namespace = kind === 'Policy' ? (meta.namespace as string) : ''
  const rules = Array.isArray(spec.rules) ? spec.rules : []
  const enforce = isEnforce(spec.validationFailureAction) || rules.some((r) => isObject(r) && isObject(r.validate) && isEnforce(r.validate.failureAction))
  const raw: JsonObject = { apiVersion: 'kyverno.io/v1', kind, metadata: { name } }
  Object.defineProperty(raw, 'spec', {
    enumerable: true,
    get() {
      throw new Error(reason)
    },
  })
  const doc = {
    apiVersion: 'kyverno.io/v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      validationFailureAction: enforce ? 'Enforce' : 'Audit',
      ...(spec.failurePolicy === 'Ignore' ? { failurePolicy: 'Ignore' } : {}),
      rules: [{ name: '(policy)', match: {} }],
    },
  } as unknown as PolicyDocument
  return { kind, name, namespace, raw, doc }
}

function loaded(e: Entry): LoadedPolicy {
  if (!e.policy) {
    const r = loadPolicy(e.document)
    if (r.status === 'ok') e.policy = r.policy
    else {
      e.failure = failureOf(e.name, r)
      e.policy = standIn(e.name, e.document, e.failure)
    }
  }
  return e.policy
}

/** True when the policy has a rule for `kind`; an internal failure counts as yes, so it surfaces as an error result. */
function hasRulesFor(policy: LoadedPolicy, kind: string): boolean {
  try {
    return rulesForKind(policy, kind).length > 0
  } catch {
    return true
  }
}

function build(name: string, version: number, entries: Entry[], namespaceSelector: boolean): CompiledSet {
  const kinds = new Set<string>()
  let anyOpen = false
  for (const e of entries) {
    for (const kind of e.kinds) kinds.add(kind)
    anyOpen ||= e.open
  }
  const resourceKinds = new Map<string, string>()
  for (const kind of kinds) resourceKinds.set(guessPlural(kind), kind)
  let all: readonly LoadedPolicy[] | undefined
  const set: CompiledSet = {
    name,
    version,
    get policies() {
      if (!all) {
        const list = entries.map(loaded)
        const broken = entries.find((e) => e.failure !== undefined)
        if (broken) throw new Error(broken.failure)
        all = list
      }
      return all
    },
    kinds,
    resourceKinds,
    mayUseNamespaceSelector: namespaceSelector,
  }
  states.set(set, { entries, anyOpen, byKind: new Map(), unindexed: 0 })
  return set
}

/**
 * Builds the set and its index from loaded policies.
 *
 * @example policiesForKind(compileSet('baseline', 3, [requireLabels]), 'Deployment') // [requireLabels] (autogen)
 */
export function compileSet(name: string, version: number, policies: readonly LoadedPolicy[]): CompiledSet {
  let ns = false
  const entries = policies.map((policy): Entry => {
    const reach = safeReach(policy.raw)
    ns ||= reach.namespaceSelector
    return { name: policy.name, document: policy.raw, kinds: reach.kinds, open: reach.open, policy }
  })
  return build(name, version, entries, ns)
}

/**
 * Builds the set from stored documents (a snapshot), loading none of them: each is loaded on the
 * first request of a kind it may select. A document that no longer loads becomes an error result
 * for that policy on such a request, never a failed request. With the snapshot's `index` (from
 * {@link withKindIndex}, same revision) no document is even read here.
 */
export function compileDocuments(name: string, version: number, documents: ReadonlyArray<{ name: string; document: unknown }>, index?: KindIndex): CompiledSet {
  let ns = false
  const stored = usableIndex(index, documents.length)
  const entries = documents.map((d, i): Entry => {
    const reach = stored ? stored[i]! : safeReach(d.document)
    ns ||= reach.namespaceSelector
    return { name: d.name, document: d.document, kinds: reach.kinds instanceof Set ? reach.kinds : new Set(reach.kinds), open: reach.open }
  })
  return build(name, version, entries, ns)
}

/**
 * The policies that have at least one rule for `kind`, in set order, loading them on first use.
 * Memoised per set: every kind the rules name, and up to a bound the kinds they do not.
 */
export function policiesForKind(set: CompiledSet, kind: string): readonly LoadedPolicy[] {
  const st = states.get(set)
  if (!st) throw new Error('policiesForKind: not a compiled set')
  const known = st.byKind.get(kind)
  if (known) return known
  const indexed = set.kinds.has(kind)
  if (!indexed && !st.anyOpen) return NONE
  const found: LoadedPolicy[] = []
  for (const e of st.entries) {
    if (!e.open && !e.kinds.has(kind)) continue
    const p = loaded(e)
    if (hasRulesFor(p, kind)) found.push(p)
  }
  if (indexed) st.byKind.set(kind, found)
  else if (st.unindexed < MAX_LAZY_KINDS) {
    st.unindexed++
    st.byKind.set(kind, found)
  }
  return found
}
