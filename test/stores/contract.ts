/**
 * The one contract every storage adapter passes (STYLE rule 2): memory and DynamoDB run the same
 * tests, and an adapter that cannot pass one says why in `skip` — a skip naming a test that does
 * not exist fails the run, so the list cannot go stale.
 *
 * @example
 * runStoreContract({ name: 'memory', create: async () => createMemoryStores() })
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MutationContext, Stores } from '../../shared/store/ports.ts'
import { clusterAndAuditContract } from './contract/clusters.ts'
import { concurrencyContract } from './contract/concurrency.ts'
import { historyContract } from './contract/history.ts'
import { isolationContract } from './contract/isolation.ts'
import { keyContract } from './contract/keys.ts'
import { policySetContract } from './contract/sets.ts'
import { namespaceContract } from './contract/namespaces.ts'

export type StoreContractOptions = {
  name: string
  /** A fresh, empty set of stores; called once per test. */
  create: () => Promise<Stores>
  skip?: Array<{ reason: string; tests: string[] }>
}

/** A tenant made for a test, with its root key. */
export type TenantFixture = { tenantId: string; rootKeyId: string; rootHash: string }

/** What each contract test gets: fresh stores, two tenants, and a clock that ticks per mutation. */
export type Fixture = {
  stores: Stores
  a: TenantFixture
  b: TenantFixture
  /** A mutation context one second after the previous one (so audit order is the call order). */
  ctx(actorKeyId?: string): MutationContext
  /** The instant `seconds` after the last `ctx()` (for expiries). */
  later(seconds: number): string
  hash(): string
}

/** How a contract section registers its tests. */
export type ContractTest = (name: string, body: (f: Fixture) => Promise<void>, timeout?: number) => void

const START = Date.UTC(2026, 0, 1)

async function fixture(create: () => Promise<Stores>): Promise<Fixture> {
  const stores = await create()
  let tick = 0
  const iso = (s: number) => new Date(START + s * 1000).toISOString()
  const f: Omit<Fixture, 'a' | 'b'> = {
    stores,
    ctx: (actorKeyId = 'k-root') => ({ actorKeyId, at: iso(++tick), requestId: `req-${tick}` }),
    later: (seconds) => iso(tick + seconds),
    hash: () => randomBytes(32).toString('hex'),
  }
  const tenant = async (tenantId: string): Promise<TenantFixture> => {
    const rootHash = f.hash()
    const r = await stores.tenants.create({ tenant: { tenantId, name: `Tenant ${tenantId}` }, rootKey: { keyId: 'k-root', name: 'root', hash: rootHash } }, f.ctx('operator'))
    expect(r.ok).toBe(true)
    return { tenantId, rootKeyId: 'k-root', rootHash }
  }
  return { ...f, a: await tenant('tenant-a'), b: await tenant('tenant-b') }
}

/** Registers the whole contract for one adapter. */
export function runStoreContract(options: StoreContractOptions): void {
  const skip = options.skip ?? []
  const registered = new Set<string>()
  const test: ContractTest = (name, body, timeout) => {
    registered.add(name)
    const skipped = skip.find((s) => s.tests.includes(name))
    if (skipped) it.skip(`${name} (skipped: ${skipped.reason})`, () => undefined)
    else it(name, async () => body(await fixture(options.create)), timeout)
  }

  describe(`store contract: ${options.name}`, () => {
    describe('tenants and API keys', () => keyContract(test))
    describe('policy sets and policies', () => policySetContract(test))
    describe('set history and restore', () => historyContract(test))
    describe('concurrent writers', () => concurrencyContract(test))
    describe('tenant isolation', () => isolationContract(test))
    describe('clusters and the audit trail', () => clusterAndAuditContract(test))
    describe('namespace labels', () => namespaceContract(test))

    it('every skip names a contract test', () => {
      const unknown = skip.flatMap((s) => s.tests).filter((t) => !registered.has(t))
      expect(unknown, 'skips naming no test').toEqual([])
    })
  })
}
