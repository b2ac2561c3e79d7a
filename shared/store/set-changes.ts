/**
 * Policy-set changes as pure functions: current content + request → the next version's content,
 * its history line and its audit entry, or the typed reason it cannot happen.
 *
 * Both adapters load the current content, call one of these, and persist the result atomically
 * (memory: synchronously; DynamoDB: one transaction conditioned on the version it read). Keeping
 * the decision here means the adapters cannot disagree about what a change means.
 */
import { err, ok } from '../lib/result.ts'
import type { Result } from '../lib/result.ts'
import { NewPolicySet, PolicyDocument, PolicyName, limits } from './ports.ts'
import type {
  AuditAction,
  AuditEntry,
  HistoryAction,
  HistoryEntry,
  MutationContext,
  Policy,
  PolicyPrecondition,
  PolicySet,
  SetContent,
  SetPrecondition,
} from './ports.ts'
import { auditEntry, encodePolicies, newToken, sameDocument, utf8Length } from './rules.ts'

/** What an adapter must persist: the new content (one snapshot), a history line and an audit entry. */
export type SetChange = { content: SetContent; history: HistoryEntry; audit: AuditEntry }

const AUDIT_ACTION: Record<HistoryAction, AuditAction> = {
  create: 'set.create',
  put: 'policy.put',
  delete: 'policy.delete',
  replace: 'set.replace',
  restore: 'set.restore',
}

const byName = (a: Policy, b: Policy): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** A new, empty set at version 1. */
export function createSet(tenantId: string, input: NewPolicySet, ctx: MutationContext): SetChange {
  const { setId, description } = NewPolicySet.parse(input)
  const set = { tenantId, setId, uid: newToken(), version: 1, description, policyCount: 0, createdAt: ctx.at, updatedAt: ctx.at }
  return {
    content: { set, policies: [] },
    history: { version: 1, at: ctx.at, actorKeyId: ctx.actorKeyId, action: 'create', policyCount: 0 },
    audit: auditEntry(tenantId, ctx, 'set.create', `sets/${setId}`, { version: 1 }),
  }
}

/** The audit entry of a set deletion (the set, its snapshots and history go away). */
export function deleteSetAudit(tenantId: string, set: PolicySet, ctx: MutationContext): AuditEntry {
  return auditEntry(tenantId, ctx, 'set.delete', `sets/${set.setId}`, { version: set.version })
}

type Extra = { policy?: string; restoredFrom?: number }

/** Version + 1 with `policies` as the content; `tooLarge` if the snapshot would not fit one item. */
function nextVersion(
  current: SetContent,
  policies: Policy[],
  action: HistoryAction,
  ctx: MutationContext,
  extra: Extra = {},
): Result<SetChange, 'tooLarge'> {
  const sorted = [...policies].sort(byName)
  if (utf8Length(encodePolicies(sorted)) > limits.snapshotBytes) return err('tooLarge')
  const version = current.set.version + 1
  const set = { ...current.set, version, updatedAt: ctx.at, policyCount: sorted.length }
  const history: HistoryEntry = { version, at: ctx.at, actorKeyId: ctx.actorKeyId, action, policyCount: sorted.length, ...extra }
  const { setId, tenantId } = set
  const target = extra.policy === undefined ? `sets/${setId}` : `sets/${setId}/policies/${extra.policy}`
  const detail: AuditEntry['detail'] = extra.restoredFrom === undefined ? { version } : { version, restoredFrom: extra.restoredFrom }
  return ok({ content: { set, policies: sorted }, history, audit: auditEntry(tenantId, ctx, AUDIT_ACTION[action], target, detail) })
}

const written = (name: string, document: PolicyDocument, version: number, at: string): Policy => ({
  name,
  document,
  etag: newToken(),
  version,
  updatedAt: at,
})

/** Creates or updates one policy under its precondition. */
export function putPolicy(
  current: SetContent,
  name: string,
  document: PolicyDocument,
  expect: PolicyPrecondition,
  ctx: MutationContext,
): Result<SetChange & { policy: Policy }, 'notFound' | 'conflict' | 'exists' | 'tooLarge'> {
  const policyName = PolicyName.parse(name)
  const doc = PolicyDocument.parse(document)
  const existing = current.policies.find((p) => p.name === policyName)
  if ('absent' in expect) {
    if (existing) return err('exists')
  } else if (!existing) return err('notFound')
  else if (existing.etag !== expect.etag) return err('conflict')
  const policy = written(policyName, doc, current.set.version + 1, ctx.at)
  const rest = current.policies.filter((p) => p.name !== policyName)
  const change = nextVersion(current, [...rest, policy], 'put', ctx, { policy: policyName })
  return change.ok ? ok({ ...change.value, policy }) : change
}

/** Deletes one policy under its ETag. */
export function deletePolicy(
  current: SetContent,
  name: string,
  expect: { etag: string },
  ctx: MutationContext,
): Result<SetChange, 'notFound' | 'conflict'> {
  const existing = current.policies.find((p) => p.name === name)
  if (!existing) return err('notFound')
  if (existing.etag !== expect.etag) return err('conflict')
  const change = nextVersion(current, current.policies.filter((p) => p !== existing), 'delete', ctx, { policy: name })
  // Removing a policy only shrinks the snapshot, so `tooLarge` cannot happen here.
  if (!change.ok) throw new Error('unreachable: a smaller snapshot exceeded the size limit')
  return change
}

/**
 * New content for the whole set. Policies whose document is unchanged are carried over as they are
 * (same ETag), so a client's ETags for untouched policies stay valid.
 */
function carryOver(current: SetContent, next: ReadonlyArray<{ name: string; document: PolicyDocument }>, ctx: MutationContext): Policy[] {
  const seen = new Set<string>()
  const version = current.set.version + 1
  return next.map(({ name, document }) => {
    const policyName = PolicyName.parse(name)
    if (seen.has(policyName)) throw new TypeError(`duplicate policy name in set content: ${policyName}`)
    seen.add(policyName)
    const doc = PolicyDocument.parse(document)
    const existing = current.policies.find((p) => p.name === policyName)
    return existing && sameDocument(existing.document, doc) ? existing : written(policyName, doc, version, ctx.at)
  })
}

/** Replaces the whole set against its version. */
export function replaceSet(
  current: SetContent,
  policies: ReadonlyArray<{ name: string; document: PolicyDocument }>,
  expect: SetPrecondition,
  ctx: MutationContext,
): Result<SetChange, 'conflict' | 'tooLarge'> {
  if (current.set.version !== expect.version) return err('conflict')
  return nextVersion(current, carryOver(current, policies, ctx), 'replace', ctx)
}

/** Makes an earlier version's content current again, as a new version. */
export function restoreSet(
  current: SetContent,
  from: { version: number; policies: readonly Policy[] } | null,
  expect: SetPrecondition,
  ctx: MutationContext,
): Result<SetChange, 'notFound' | 'conflict' | 'tooLarge'> {
  if (current.set.version !== expect.version) return err('conflict')
  if (from === null) return err('notFound')
  // The content fitted once; `tooLarge` stays possible only because carried-over metadata
  // (versions, ETags) can differ in length from what was stored.
  return nextVersion(current, carryOver(current, from.policies, ctx), 'restore', ctx, { restoredFrom: from.version })
}
