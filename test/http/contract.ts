/**
 * The HTTP contract: the app from `createApp`, driven through `app.request`, over every storage
 * adapter. Like the store contract (and Hono's own `runTest`), each adapter runs the same tests and
 * an adapter that cannot pass one says why in `skip`; a skip naming a test that does not exist
 * fails the run, so the list cannot go stale.
 *
 * @example
 * runHttpContract({ name: 'memory', createStores: async () => createMemoryStores() })
 */
import { describe, expect, it } from 'vitest'
import type { Stores } from '../../shared/store/ports.ts'
import { createHarness, type Harness, type HarnessOptions } from './contract/helpers.ts'
import { walkthroughContract } from './contract/walkthrough.ts'
import { preconditionContract } from './contract/preconditions.ts'
import { gateContract } from './contract/gate.ts'
import { badInputContract } from './contract/bad-input.ts'
import { keyContract } from './contract/keys.ts'
import { isolationContract } from './contract/isolation.ts'
import { budgetContract } from './contract/budget.ts'

export type HttpContractOptions = {
  name: string
  /** A fresh, empty set of stores; called for every harness a test asks for. */
  createStores: () => Promise<Stores>
  skip?: Array<{ reason: string; tests: string[] }>
}

/** What a section's test body gets: harnesses on fresh stores, as many as it needs. */
export type Kit = {
  harness(options?: HarnessOptions): Promise<Harness>
  createStores: () => Promise<Stores>
}

/** How a section registers its tests. */
export type ContractTest = (name: string, body: (kit: Kit) => Promise<void>, timeout?: number) => void

export function runHttpContract(options: HttpContractOptions): void {
  const skip = options.skip ?? []
  const registered = new Set<string>()
  const kit: Kit = { harness: (o) => createHarness(options.createStores, o), createStores: options.createStores }
  const test: ContractTest = (name, body, timeout) => {
    registered.add(name)
    const skipped = skip.find((s) => s.tests.includes(name))
    if (skipped) it.skip(`${name} (skipped: ${skipped.reason})`, () => undefined)
    else it(name, () => body(kit), timeout)
  }

  describe(`http contract: ${options.name}`, () => {
    describe('walkthrough', () => walkthroughContract(test))
    describe('preconditions', () => preconditionContract(test))
    describe('policy gate', () => gateContract(test))
    describe('bad input', () => badInputContract(test))
    describe('keys', () => keyContract(test))
    describe('isolation and scopes', () => isolationContract(test))
    describe('admission budget and failure modes', () => budgetContract(test))

    it('every skip names a contract test', () => {
      const unknown = skip.flatMap((s) => s.tests).filter((t) => !registered.has(t))
      expect(unknown, 'skips naming no test').toEqual([])
    })
  })
}
