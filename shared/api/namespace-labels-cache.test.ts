import { describe, expect, it } from 'vitest'
import { compileSet } from './admission/compile.ts'
import { NAME_LABEL } from './admission/namespace-labels.ts'
import { admissionRequest, pod, policy } from './admission/testing.ts'
import { LOOKUP, NamespaceLabelCache } from './namespace-labels-cache.ts'
import { createMemoryStores } from '../store/memory/index.ts'
import type { NamespaceStore } from '../store/ports.ts'

const prodOnly = policy(
  'no-pods-in-prod',
  [{ name: 'deny-prod', match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, validate: { deny: {} } }],
  { validationFailureAction: 'Enforce' },
)
const set = compileSet('s', 1, [prodOnly])
const cluster = { tenantId: 'acme', clusterId: 'prod-eu', kubernetesVersion: '1.30', namespaceExclusions: [] }
const ctx = { actorKeyId: 'k', at: '2026-01-01T00:00:00.000Z' }

async function world() {
  const stores = createMemoryStores()
  await stores.clusters.create('acme', { clusterId: 'prod-eu', displayName: 'p', policySetId: 's', failureMode: 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: [] }, { keyId: 'k-wh', name: 'w', hash: 'a'.repeat(64) }, ctx)
  let reads = 0
  const counted: NamespaceStore = { ...stores.namespaces, get: (...a) => (reads++, stores.namespaces.get(...a)) }
  let t = 0
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) }
  return { stores, counted, reads: () => reads, clock }
}

describe('NamespaceLabelCache', () => {
  it('reads a namespace once per TTL (known or unknown), and nothing for requests that need no labels', async () => {
    const w = await world()
    await w.stores.namespaces.replace('acme', 'prod-eu', [{ name: 'payments', labels: { env: 'prod' } }], ctx)
    const cache = new NamespaceLabelCache(w.counted, 1_000, w.clock.now, 500)
    const inPayments = admissionRequest('CREATE', pod('web', 'payments'))
    expect(cache.peek(cluster, set, inPayments)).toBe(LOOKUP)
    expect(await cache.resolve(cluster, set, inPayments)).toEqual({ labels: { [NAME_LABEL]: 'payments', env: 'prod' } })
    expect(cache.peek(cluster, set, inPayments)).toEqual({ labels: { [NAME_LABEL]: 'payments', env: 'prod' } })
    const unknown = await cache.resolve(cluster, set, admissionRequest('CREATE', pod('web', 'nowhere')))
    expect(unknown?.warning).toMatch(/namespace nowhere are not known/)
    await cache.resolve(cluster, set, admissionRequest('CREATE', pod('web', 'nowhere')))
    expect(w.reads()).toBe(2)
    // A ConfigMap has no namespaceSelector rule: no context, no read.
    expect(await cache.resolve(cluster, set, admissionRequest('CREATE', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'payments' } }))).toBeUndefined()
    w.clock.advance(1_000)
    expect(cache.peek(cluster, set, inPayments)).toBe(LOOKUP)
    await cache.resolve(cluster, set, inPayments)
    expect(w.reads()).toBe(3)
  })

  it('a learned change is seen at once here and written to the store after the response', async () => {
    const w = await world()
    const cache = new NamespaceLabelCache(w.counted, 1_000, w.clock.now, 500)
    const later: Promise<unknown>[] = []
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'prod' } } }
    cache.learn(cluster, admissionRequest('CREATE', ns, { namespace: 'team-a' }), { allowed: true }, (p) => void later.push(p), ctx.at)
    expect(cache.peek(cluster, set, admissionRequest('CREATE', pod('web', 'team-a')))).toEqual({ labels: { [NAME_LABEL]: 'team-a', env: 'prod' } })
    await Promise.all(later)
    expect(await w.stores.namespaces.get('acme', 'prod-eu', 'team-a')).toMatchObject({ ok: true, value: { labels: { env: 'prod' }, source: 'admission' } })
    cache.learn(cluster, admissionRequest('DELETE', null, { name: 'team-a', namespace: 'team-a', oldObject: ns }), { allowed: true }, (p) => void later.push(p), ctx.at)
    await Promise.all(later)
    expect(await w.stores.namespaces.get('acme', 'prod-eu', 'team-a')).toEqual({ ok: false, error: 'notFound' })
    expect(w.reads()).toBe(0)
  })

  it('a sync through this instance drops its cached entries for that cluster at once', async () => {
    const w = await world()
    const cache = new NamespaceLabelCache(w.counted, 60_000, w.clock.now, 500)
    const req = admissionRequest('CREATE', pod('web', 'team-a'))
    expect((await cache.resolve(cluster, set, req))?.warning).toBeDefined()
    await w.stores.namespaces.replace('acme', 'prod-eu', [{ name: 'team-a', labels: { env: 'prod' } }], ctx)
    expect(cache.peek(cluster, set, req)).not.toBe(LOOKUP) // still the cached "unknown"
    cache.synced('acme', 'prod-eu')
    expect(cache.peek(cluster, set, req)).toBe(LOOKUP)
    expect(await cache.resolve(cluster, set, req)).toEqual({ labels: { [NAME_LABEL]: 'team-a', env: 'prod' } })
  })

  it('a lookup that hangs or fails is answered as unknown, with a warning, in time', async () => {
    const w = await world()
    const hangs: NamespaceStore = { ...w.stores.namespaces, get: () => new Promise(() => undefined) }
    const started = performance.now()
    const slow = await new NamespaceLabelCache(hangs, 1_000, w.clock.now, 50).resolve(cluster, set, admissionRequest('CREATE', pod('web', 'team-a')))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(slow).toEqual({ labels: { [NAME_LABEL]: 'team-a' }, warning: expect.stringMatching(/namespace team-a could not be read in 50 ms;/) })
    const fails: NamespaceStore = { ...w.stores.namespaces, get: async () => Promise.reject(new Error('outage')) }
    const failed = await new NamespaceLabelCache(fails, 1_000, w.clock.now, 50).resolve(cluster, set, admissionRequest('CREATE', pod('web', 'team-a')))
    expect(failed?.warning).toMatch(/namespace team-a could not be read;/)
  })
})
