/** Small helpers for the contract sections. */
import type { Result } from '../../../shared/lib/result.ts'
import type { AuditEntry, PolicyDocument } from '../../../shared/store/ports.ts'
import type { Fixture } from '../contract.ts'

/** The value of an ok result; a failed one fails the test with its error. */
export function must<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(`expected ok, got error ${String(r.error)}`)
  return r.value
}

/** Every audit entry of a tenant, newest first, following cursors. */
export async function audit(f: Fixture, tenantId: string): Promise<AuditEntry[]> {
  const all: AuditEntry[] = []
  let cursor: string | undefined
  do {
    const page = await f.stores.audit.list(tenantId, cursor === undefined ? { limit: 100 } : { limit: 100, cursor })
    all.push(...page.items)
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
  return all
}

/** The audit actions of a tenant, newest first. */
export async function actions(f: Fixture, tenantId: string): Promise<string[]> {
  return (await audit(f, tenantId)).map((e) => e.action)
}

/** A small ClusterPolicy document. */
export function policy(name: string, extra: Record<string, string> = {}): PolicyDocument {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name, annotations: extra },
    spec: {
      validationFailureAction: 'Enforce',
      rules: [{ name: 'check', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { pattern: { metadata: { labels: { app: '?*' } } } } }],
    },
  }
}

/** Creates set `setId` in tenant A and returns its version (1). */
export async function newSet(f: Fixture, setId = 'baseline', tenantId = f.a.tenantId): Promise<number> {
  return must(await f.stores.policySets.create(tenantId, { setId, description: `set ${setId}` }, f.ctx())).version
}
