/**
 * Installing a library set into a tenant's policy set, as a pure function: current policies + a
 * library set version + failure actions → the set's next content. Each installed policy carries
 * the annotation `verdict.dev/library: <set>@<version>`, so installing again (a newer version, or
 * an explicitly pinned older one) replaces exactly what the previous install put there.
 */
import { cloneJson, deepEqual, getKey, isObject, setKey, type JsonObject } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'
import type { LibrarySetVersion } from './index.ts'

/** Where an installed policy records the library set and version it came from. */
export const LIBRARY_ANNOTATION = 'verdict.dev/library'

export type FailureAction = 'Audit' | 'Enforce'

export interface InstallOptions {
  /** Applied to every validate rule. */
  failureAction: FailureAction
  /** Per-rule overrides by rule name (e.g. one Pod Security control left in Audit). */
  ruleFailureActions?: Readonly<Record<string, FailureAction>>
}

export type InstallRefusal =
  /** The tenant's set holds a policy of that name that no library install put there. */
  | { kind: 'foreignPolicy'; policy: string }
  /** `ruleFailureActions` names a rule the library set does not have. */
  | { kind: 'unknownRule'; rule: string }

export interface InstallPlan {
  /** The set's complete next content. */
  policies: Array<{ name: string; document: JsonObject }>
  installed: string[]
  /** Policies of an earlier install that this one drops (gone from the new version, or replaced). */
  removed: string[]
  /** False when the set already holds exactly this content (installing is idempotent). */
  changed: boolean
}

/** The `<set>@<version>` a policy was installed from, or null for a tenant's own policy. */
export function installedFrom(doc: JsonObject): { set: string; version: string } | null {
  const meta = getKey(doc, 'metadata')
  const annotations = isObject(meta) ? getKey(meta, 'annotations') : undefined
  const value = isObject(annotations) ? getKey(annotations, LIBRARY_ANNOTATION) : undefined
  if (typeof value !== 'string') return null
  const at = value.lastIndexOf('@')
  return at > 0 ? { set: value.slice(0, at), version: value.slice(at + 1) } : null
}

function ruleNames(doc: JsonObject): string[] {
  const spec = getKey(doc, 'spec')
  const rules = isObject(spec) ? getKey(spec, 'rules') : undefined
  return Array.isArray(rules) ? rules.flatMap((r) => (isObject(r) && typeof r.name === 'string' ? [r.name] : [])) : []
}

/** The library's documents as they will be stored: annotated, with the failure actions applied per rule. */
export function prepareDocuments(set: LibrarySetVersion, opts: InstallOptions): Result<Array<{ name: string; document: JsonObject }>, InstallRefusal> {
  const known = new Set(set.policies.flatMap((p) => ruleNames(p.document)))
  for (const rule of Object.keys(opts.ruleFailureActions ?? {})) if (!known.has(rule)) return err({ kind: 'unknownRule', rule })
  return ok(
    set.policies.map((p) => {
      const doc = cloneJson(p.document)
      const meta = isObject(doc.metadata) ? doc.metadata : {}
      const annotations = isObject(meta.annotations) ? meta.annotations : {}
      setKey(annotations, LIBRARY_ANNOTATION, `${set.name}@${set.version}`)
      meta.annotations = annotations
      doc.metadata = meta
      const spec = isObject(doc.spec) ? doc.spec : {}
      // Per-rule failureAction is Kyverno's current form; a spec-level one would be a second source of truth.
      delete spec.validationFailureAction
      for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
        if (!isObject(rule) || !isObject(rule.validate)) continue
        const name = typeof rule.name === 'string' ? rule.name : ''
        rule.validate.failureAction = opts.ruleFailureActions?.[name] ?? opts.failureAction
      }
      return { name: p.name, document: doc }
    }),
  )
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * The set's next content: the tenant's own policies stay; policies an earlier install of this
 * library set put there (any version) go; a policy of another library set with the same name as a
 * new one is replaced (the `-per-control` variants share their policy's name on purpose).
 */
export function planInstall(
  current: ReadonlyArray<{ name: string; document: JsonObject }>,
  set: LibrarySetVersion,
  opts: InstallOptions,
): Result<InstallPlan, InstallRefusal> {
  const prepared = prepareDocuments(set, opts)
  if (!prepared.ok) return prepared
  const incoming = new Set(prepared.value.map((p) => p.name))
  const kept: Array<{ name: string; document: JsonObject }> = []
  const removed: string[] = []
  for (const p of current) {
    const from = installedFrom(p.document)
    if (incoming.has(p.name) && from === null) return err({ kind: 'foreignPolicy', policy: p.name })
    if (from?.set === set.name || incoming.has(p.name)) {
      if (!incoming.has(p.name)) removed.push(p.name)
      continue
    }
    kept.push(p)
  }
  const policies = [...kept, ...prepared.value].sort(byName)
  const before = [...current].sort(byName)
  const changed = policies.length !== before.length || policies.some((p, i) => p.name !== before[i]?.name || !deepEqual(p.document, before[i]?.document))
  return ok({ policies, installed: [...incoming], removed, changed })
}
