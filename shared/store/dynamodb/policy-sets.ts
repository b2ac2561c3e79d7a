/**
 * DynamoDB adapter: policy sets. Every change is one transaction of four items — the set item
 * (conditioned on the version and uid it was computed from), the new version's snapshot, its
 * history line and the audit entry — decided by the shared pure functions in `set-changes.ts`.
 */
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { err, ok } from '../../lib/result.ts'
import type { Result } from '../../lib/result.ts'
import { HistoryEntry, PolicySet } from '../ports.ts'
import type { Policy, PolicySetStore, SetContent } from '../ports.ts'
import { decodePolicies, encodePolicies, isId } from '../rules.ts'
import * as change from '../set-changes.ts'
import type { SetChange } from '../set-changes.ts'
import { auditWrite, toItem } from './codec.ts'
import { keys, prefixes } from './table.ts'
import { deleteAll, get, optimistic, put, queryAll, queryPage } from './tx.ts'
import type { Db } from './tx.ts'

/** {@link PolicySetStore} over the table (layout in `table.ts`). */
export function dynamoPolicySets(db: Db): PolicySetStore {
  const readSet = async (tenantId: string, setId: string): Promise<PolicySet | undefined> => {
    const item = isId(setId) ? await get(db, keys.set(tenantId, setId)) : undefined
    return item ? PolicySet.parse(item) : undefined
  }

  /** A version's policies; snapshots are immutable, so this is consistent with `set` even if newer versions exist. */
  const readPolicies = async (set: PolicySet, version: number): Promise<{ at: string; policies: Policy[] } | undefined> => {
    const item = await get(db, keys.snapshot(set.tenantId, set.setId, set.uid, version))
    return item ? { at: String(item.at), policies: decodePolicies(String(item.policies)) } : undefined
  }

  const readContent = async (tenantId: string, setId: string): Promise<SetContent | undefined> => {
    const set = await readSet(tenantId, setId)
    const snap = set && (await readPolicies(set, set.version))
    if (!set) return undefined
    if (!snap) throw new Error(`policy set ${tenantId}/${setId} has no snapshot for version ${set.version}`)
    return { set, policies: snap.policies }
  }

  /** The four writes of a change; `previous` is the set it was computed from (`null` for a create). */
  const writes = (next: SetChange, previous: PolicySet | null): TransactWriteItem[] => {
    const { set, policies } = next.content
    const setItem = toItem(keys.set(set.tenantId, set.setId), 'set', set)
    const condition: TransactWriteItem = previous
      ? {
          Put: {
            TableName: db.table,
            Item: setItem,
            ConditionExpression: '#version = :version AND #uid = :uid',
            ExpressionAttributeNames: { '#version': 'version', '#uid': 'uid' },
            ExpressionAttributeValues: { ':version': previous.version, ':uid': previous.uid },
          },
        }
      : put(db, setItem, { absent: true })
    const snapshot = { version: set.version, at: next.history.at, policies: encodePolicies(policies) }
    return [
      condition,
      put(db, toItem(keys.snapshot(set.tenantId, set.setId, set.uid, set.version), 'snapshot', snapshot), { absent: true }),
      put(db, toItem(keys.history(set.tenantId, set.setId, set.uid, set.version), 'history', next.history), { absent: true }),
      auditWrite(db, next.audit),
    ]
  }

  /** Read current content → decide → write conditioned on that version; re-read on a lost race. */
  const apply = <T extends SetChange, E extends string>(
    tenantId: string,
    setId: string,
    decide: (current: SetContent) => Promise<Result<T, E>>,
  ): Promise<Result<T, E | 'notFound'>> =>
    optimistic<T, E | 'notFound'>(db, async () => {
      const current = await readContent(tenantId, setId)
      if (!current) return err('notFound')
      const next = await decide(current)
      return next.ok ? { write: writes(next.value, current.set), value: next.value } : next
    })

  return {
    async create(tenantId, input, ctx) {
      const next = change.createSet(tenantId, input, ctx)
      return optimistic(db, async () => ({ write: writes(next, null), value: next.content.set, failed: () => 'exists' as const }))
    },
    async get(tenantId, setId) {
      const set = await readSet(tenantId, setId)
      return set ? ok(set) : err('notFound')
    },
    async list(tenantId, page) {
      const out = await queryPage(db, keys.tenant(tenantId).PK, prefixes.set, page, 'asc')
      return { items: out.items.map((i) => PolicySet.parse(i)), cursor: out.cursor }
    },
    async delete(tenantId, setId, expect, ctx) {
      const r = await optimistic<PolicySet, 'notFound' | 'conflict'>(db, async () => {
        const set = await readSet(tenantId, setId)
        if (!set) return err('notFound')
        if (set.version !== expect.version) return err('conflict')
        const del: TransactWriteItem = {
          Delete: {
            TableName: db.table,
            Key: keys.set(tenantId, setId),
            ConditionExpression: '#version = :version AND #uid = :uid',
            ExpressionAttributeNames: { '#version': 'version', '#uid': 'uid' },
            ExpressionAttributeValues: { ':version': set.version, ':uid': set.uid },
          },
        }
        return { write: [del, auditWrite(db, change.deleteSetAudit(tenantId, set, ctx))], value: set }
      })
      if (r.ok) await dropPartition(r.value)
      return r
    },
    async getPolicy(tenantId, setId, name) {
      const policy = (await readContent(tenantId, setId))?.policies.find((p) => p.name === name)
      return policy ? ok(policy) : err('notFound')
    },
    async listPolicies(tenantId, setId) {
      const content = await readContent(tenantId, setId)
      return content ? ok(content) : err('notFound')
    },
    async putPolicy(tenantId, setId, name, document, expect, ctx) {
      const r = await apply(tenantId, setId, async (current) => change.putPolicy(current, name, document, expect, ctx))
      return r.ok ? ok({ set: r.value.content.set, policy: r.value.policy }) : r
    },
    async deletePolicy(tenantId, setId, name, expect, ctx) {
      const r = await apply(tenantId, setId, async (current) => change.deletePolicy(current, name, expect, ctx))
      return r.ok ? ok({ set: r.value.content.set }) : r
    },
    async replace(tenantId, setId, policies, expect, ctx) {
      const r = await apply(tenantId, setId, async (current) => change.replaceSet(current, policies, expect, ctx))
      return r.ok ? ok(r.value.content) : r
    },
    async history(tenantId, setId, page) {
      const set = await readSet(tenantId, setId)
      if (!set) return err('notFound')
      const out = await queryPage(db, keys.setPartition(tenantId, setId, set.uid), prefixes.history, page, 'desc')
      return ok({ items: out.items.map((i) => HistoryEntry.parse(i)), cursor: out.cursor })
    },
    async snapshot(tenantId, setId, version) {
      const set = await readSet(tenantId, setId)
      const v = version ?? set?.version ?? 0
      const snap = set && Number.isInteger(v) && v >= 1 && v <= set.version ? await readPolicies(set, v) : undefined
      if (!set || !snap) return err('notFound')
      return ok({ tenantId, setId: set.setId, uid: set.uid, version: v, at: snap.at, policies: snap.policies })
    },
    async restore(tenantId, setId, fromVersion, expect, ctx) {
      const r = await apply(tenantId, setId, async (current) => {
        const valid = Number.isInteger(fromVersion) && fromVersion >= 1 && fromVersion <= current.set.version
        const snap = valid && current.set.version === expect.version ? await readPolicies(current.set, fromVersion) : undefined
        return change.restoreSet(current, snap ? { version: fromVersion, policies: snap.policies } : null, expect, ctx)
      })
      return r.ok ? ok(r.value.content) : r
    },
  }

  /**
   * After a delete commits, removes the old uid's snapshots and history. Best effort by design: the
   * delete is already complete and atomic, and the items are unreachable (a re-created set gets a
   * new uid), so a failure here leaves only storage to reclaim, never state a reader can see.
   */
  async function dropPartition(set: PolicySet): Promise<void> {
    try {
      const pk = keys.setPartition(set.tenantId, set.setId, set.uid)
      const items = await queryAll(db, pk, '')
      await deleteAll(db, items.map((i) => ({ PK: pk, SK: String(i.SK) })))
    } catch {
      // Deliberately swallowed: see above.
    }
  }
}
