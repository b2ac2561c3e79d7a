/** Memory adapter: policy sets, applied through the shared pure changes in `set-changes.ts`. */
import { err, ok } from '../../lib/result.ts'
import type { Result } from '../../lib/result.ts'
import type { PolicySetStore, SetContent } from '../ports.ts'
import { copy, decodePolicies, encodePolicies, isId, versionKey } from '../rules.ts'
import * as change from '../set-changes.ts'
import type { SetChange } from '../set-changes.ts'
import { bucket, pageOf, peek } from './state.ts'
import type { MemoryState, SetRecord } from './state.ts'

/** {@link PolicySetStore} over the memory state. */
export function memoryPolicySets(state: MemoryState): PolicySetStore {
  const find = (tenantId: string, setId: string): SetRecord | undefined =>
    isId(setId) ? peek(state, tenantId)?.sets.get(setId) : undefined

  const content = (record: SetRecord): SetContent => {
    const snap = record.snapshots.get(record.set.version)
    if (!snap) throw new Error(`memory store: set ${record.set.setId} has no snapshot for its version`)
    return { set: copy(record.set), policies: decodePolicies(snap.policies) }
  }

  /** Persists a change; nothing awaits between the read and this write, so it is atomic. */
  const commit = (tenantId: string, record: SetRecord, next: SetChange): SetContent => {
    record.set = next.content.set
    record.snapshots.set(next.content.set.version, { at: next.history.at, policies: encodePolicies(next.content.policies) })
    record.history.push(next.history)
    bucket(state, tenantId).audit.push(next.audit)
    return copy(next.content)
  }

  /** Loads the set, decides the change, commits it. */
  const apply = <T extends SetChange, E extends string>(
    tenantId: string,
    setId: string,
    decide: (current: SetContent) => Result<T, E>,
  ): Result<T, E | 'notFound'> => {
    const record = find(tenantId, setId)
    if (!record) return err('notFound')
    const next = decide(content(record))
    if (!next.ok) return next
    commit(tenantId, record, next.value)
    return ok(copy(next.value))
  }

  return {
    async create(tenantId, input, ctx) {
      const next = change.createSet(tenantId, input, ctx)
      const b = bucket(state, tenantId)
      if (b.sets.has(next.content.set.setId)) return err('exists')
      const record: SetRecord = { set: next.content.set, snapshots: new Map(), history: [] }
      b.sets.set(next.content.set.setId, record)
      return ok(commit(tenantId, record, next).set)
    },
    async get(tenantId, setId) {
      const record = find(tenantId, setId)
      return record ? ok(copy(record.set)) : err('notFound')
    },
    async list(tenantId, page) {
      const sets = [...(peek(state, tenantId)?.sets ?? new Map<string, SetRecord>())].map(([id, r]): [string, SetRecord['set']] => [id, r.set])
      return pageOf(sets, page, 'asc')
    },
    async delete(tenantId, setId, expect, ctx) {
      const record = find(tenantId, setId)
      if (!record) return err('notFound')
      if (record.set.version !== expect.version) return err('conflict')
      const b = bucket(state, tenantId)
      b.sets.delete(setId)
      b.audit.push(change.deleteSetAudit(tenantId, record.set, ctx))
      return ok(copy(record.set))
    },
    async getPolicy(tenantId, setId, name) {
      const record = find(tenantId, setId)
      const policy = record && content(record).policies.find((p) => p.name === name)
      return policy ? ok(policy) : err('notFound')
    },
    async listPolicies(tenantId, setId) {
      const record = find(tenantId, setId)
      return record ? ok(content(record)) : err('notFound')
    },
    async putPolicy(tenantId, setId, name, document, expect, ctx) {
      const r = apply(tenantId, setId, (current) => change.putPolicy(current, name, document, expect, ctx))
      return r.ok ? ok({ set: r.value.content.set, policy: r.value.policy }) : r
    },
    async deletePolicy(tenantId, setId, name, expect, ctx) {
      const r = apply(tenantId, setId, (current) => change.deletePolicy(current, name, expect, ctx))
      return r.ok ? ok({ set: r.value.content.set }) : r
    },
    async replace(tenantId, setId, policies, expect, ctx) {
      const r = apply(tenantId, setId, (current) => change.replaceSet(current, policies, expect, ctx))
      return r.ok ? ok(r.value.content) : r
    },
    async history(tenantId, setId, page) {
      const record = find(tenantId, setId)
      if (!record) return err('notFound')
      return ok(pageOf(record.history.map((h) => [versionKey(h.version), h]), page, 'desc'))
    },
    async snapshot(tenantId, setId, version) {
      const record = find(tenantId, setId)
      const v = version ?? record?.set.version ?? 0
      const snap = record?.snapshots.get(v)
      if (!record || !snap) return err('notFound')
      const { uid } = record.set
      return ok({ tenantId, setId, uid, version: v, at: snap.at, policies: decodePolicies(snap.policies) })
    },
    async restore(tenantId, setId, fromVersion, expect, ctx) {
      const r = apply(tenantId, setId, (current) => {
        const snap = find(tenantId, setId)?.snapshots.get(fromVersion)
        const from = snap ? { version: fromVersion, policies: decodePolicies(snap.policies) } : null
        return change.restoreSet(current, from, expect, ctx)
      })
      return r.ok ? ok(r.value.content) : r
    },
  }
}
