/** Contract: per-cluster namespace labels (sync, the admission stream's writes, isolation, audit). */
import { expect } from 'vitest'
import type { NamespaceEntry, NamespaceInput, NewCluster } from '../../../shared/store/ports.ts'
import type { ContractTest, Fixture } from '../contract.ts'
import { audit, must } from './helpers.ts'

const cluster: NewCluster = {
  clusterId: 'prod',
  displayName: 'Production',
  policySetId: 'baseline',
  failureMode: 'fail-closed',
  kubernetesVersion: '1.30',
  namespaceExclusions: [],
}

async function register(f: Fixture, tenantId = f.a.tenantId, clusterId = 'prod') {
  must(await f.stores.clusters.create(tenantId, { ...cluster, clusterId }, { keyId: `k-wh-${clusterId}`, name: 'webhook', hash: f.hash() }, f.ctx()))
}

/** Every entry of a cluster, following cursors with a small page to exercise them. */
async function all(f: Fixture, clusterId = 'prod', tenantId = f.a.tenantId): Promise<NamespaceEntry[]> {
  const out: NamespaceEntry[] = []
  let cursor: string | undefined
  do {
    const page = must(await f.stores.namespaces.list(tenantId, clusterId, cursor === undefined ? { limit: 2 } : { limit: 2, cursor }))
    out.push(...page.items)
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
  return out
}

const labelsOf = (entries: NamespaceEntry[]) => Object.fromEntries(entries.map((e) => [e.name, e.labels]))

const ns = (name: string, labels: Record<string, string> = {}): NamespaceInput => ({ name, labels: { 'kubernetes.io/metadata.name': name, ...labels } })

export function namespaceContract(test: ContractTest): void {
  test('a sync makes its namespaces the known set, listed by name, and is audited', async (f) => {
    await register(f)
    const ctx = f.ctx()
    const synced = must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('payments', { env: 'prod' }), ns('default'), ns('ci', { env: 'dev', team: '' })], ctx))
    expect(synced).toEqual({ count: 3, written: 3, removed: 0 })
    const entries = await all(f)
    expect(entries.map((e) => e.name)).toEqual(['ci', 'default', 'payments'])
    expect(entries[2]).toEqual({ name: 'payments', labels: { 'kubernetes.io/metadata.name': 'payments', env: 'prod' }, source: 'sync', updatedAt: ctx.at })
    expect(labelsOf(entries).ci).toEqual({ 'kubernetes.io/metadata.name': 'ci', env: 'dev', team: '' })
    expect(must(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'payments')).labels.env).toBe('prod')
    const [entry] = await audit(f, f.a.tenantId)
    expect(entry).toMatchObject({ action: 'cluster.namespaces.sync', target: 'clusters/prod/namespaces', actorKeyId: 'k-root', detail: { count: 3, written: 3, removed: 0 } })
  })

  test('a second sync replaces the set: missing namespaces go, unchanged ones keep their entry', async (f) => {
    await register(f)
    const first = f.ctx()
    must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('a', { env: 'prod' }), ns('b'), ns('c')], first))
    const second = f.ctx()
    expect(must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('a', { env: 'prod' }), ns('b', { env: 'dev' }), ns('d')], second))).toEqual({ count: 3, written: 2, removed: 1 })
    const entries = await all(f)
    expect(entries.map((e) => [e.name, e.updatedAt])).toEqual([
      ['a', first.at],
      ['b', second.at],
      ['d', second.at],
    ])
    expect(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'c')).toEqual({ ok: false, error: 'notFound' })
    // The same body again changes nothing.
    expect(must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('a', { env: 'prod' }), ns('b', { env: 'dev' }), ns('d')], f.ctx()))).toEqual({ count: 3, written: 0, removed: 0 })
    expect(must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [], f.ctx()))).toEqual({ count: 0, written: 0, removed: 3 })
    expect(await all(f)).toEqual([])
  })

  test('a sync with more changes than one transaction holds still lands every entry', async (f) => {
    await register(f)
    const many = Array.from({ length: 260 }, (_, i) => ns(`ns-${String(i).padStart(3, '0')}`, { env: i % 2 === 0 ? 'prod' : 'dev' }))
    expect(must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', many, f.ctx()))).toEqual({ count: 260, written: 260, removed: 0 })
    const flipped = many.slice(0, 200).map((n) => ({ ...n, labels: { ...n.labels, env: 'staging' } }))
    expect(must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', flipped, f.ctx()))).toEqual({ count: 200, written: 200, removed: 60 })
    const page = must(await f.stores.namespaces.list(f.a.tenantId, 'prod', { limit: 100 }))
    expect(page.items).toHaveLength(100)
    expect(page.items.every((e) => e.labels.env === 'staging')).toBe(true)
    expect(must(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'ns-199')).labels.env).toBe('staging')
    expect(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'ns-200')).toEqual({ ok: false, error: 'notFound' })
  }, 60_000)

  test('the admission stream records and forgets single namespaces; a sync overrides them', async (f) => {
    await register(f)
    must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('a', { env: 'dev' })], f.ctx()))
    const at = f.later(5)
    await f.stores.namespaces.record(f.a.tenantId, 'prod', ns('a', { env: 'prod' }), at)
    await f.stores.namespaces.record(f.a.tenantId, 'prod', ns('new-one'), at)
    expect(must(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'a'))).toEqual({ name: 'a', labels: { 'kubernetes.io/metadata.name': 'a', env: 'prod' }, source: 'admission', updatedAt: at })
    await f.stores.namespaces.forget(f.a.tenantId, 'prod', 'a')
    await f.stores.namespaces.forget(f.a.tenantId, 'prod', 'never-there')
    expect(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'a')).toEqual({ ok: false, error: 'notFound' })
    expect((await all(f)).map((e) => e.name)).toEqual(['new-one'])
    // Recording is not an audited action: only the sync is.
    expect((await audit(f, f.a.tenantId)).filter((e) => e.action === 'cluster.namespaces.sync')).toHaveLength(1)
  })

  test('clusters the tenant does not have are notFound, and bad input writes nothing', async (f) => {
    await register(f)
    expect(await f.stores.namespaces.replace(f.a.tenantId, 'nope', [ns('a')], f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.namespaces.list(f.a.tenantId, 'nope')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'Not_A_Name')).toEqual({ ok: false, error: 'notFound' })
    await expect(f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('a'), ns('a')], f.ctx())).rejects.toThrow(/twice/)
    await expect(f.stores.namespaces.replace(f.a.tenantId, 'prod', [{ name: 'a', labels: { 'bad key!': 'x' } }], f.ctx())).rejects.toThrow()
    await expect(f.stores.namespaces.record(f.a.tenantId, 'prod', { name: 'a', labels: { env: 'x'.repeat(64) } }, f.later(1))).rejects.toThrow()
    expect(await all(f)).toEqual([])
  })

  test("tenants are isolated: B cannot see or replace A's namespaces, even with the same cluster id", async (f) => {
    await register(f)
    await register(f, f.b.tenantId)
    must(await f.stores.namespaces.replace(f.a.tenantId, 'prod', [ns('payments', { env: 'prod' })], f.ctx()))
    expect(await all(f, 'prod', f.b.tenantId)).toEqual([])
    expect(await f.stores.namespaces.get(f.b.tenantId, 'prod', 'payments')).toEqual({ ok: false, error: 'notFound' })
    must(await f.stores.namespaces.replace(f.b.tenantId, 'prod', [], f.ctx()))
    await f.stores.namespaces.forget(f.b.tenantId, 'prod', 'payments')
    expect(must(await f.stores.namespaces.get(f.a.tenantId, 'prod', 'payments')).labels.env).toBe('prod')
    // And clusters of one tenant are apart too.
    await register(f, f.a.tenantId, 'dev')
    expect(await all(f, 'dev')).toEqual([])
  })
}
