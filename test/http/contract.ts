/**
 * The HTTP contract: the app from `createApp`, driven through `app.request`, over every storage
 * adapter, and the same tests against a runtime serving it (the Worker in workerd) through that
 * runtime's own harnesses. Like the store contract (and Hono's own `runTest`), each target runs the
 * same tests and a target that cannot pass one says why in `skip`; a skip naming a test that does
 * not exist fails the run, so the list cannot go stale.
 *
 * @example
 * runHttpContract({ name: 'memory', createStores: async () => createMemoryStores() })
 * runHttpContract({ name: 'worker', harness: (o) => worker.harness(o), skip })
 */
import { describe, expect, it } from 'vitest'
import type { Stores, VerdictLog } from '../../shared/store/ports.ts'
import { createMemoryVerdictLog } from '../../shared/store/memory/log.ts'
import { createHarness, type Harness, type HarnessOptions } from './contract/helpers.ts'
import { walkthroughContract } from './contract/walkthrough.ts'
import { preconditionContract } from './contract/preconditions.ts'
import { gateContract } from './contract/gate.ts'
import { badInputContract } from './contract/bad-input.ts'
import { keyContract } from './contract/keys.ts'
import { isolationContract } from './contract/isolation.ts'
import { budgetContract } from './contract/budget.ts'
import { libraryContract } from './contract/library.ts'
import { reportsContract } from './contract/reports.ts'
import { namespaceContract } from './contract/namespaces.ts'

export type HttpContractOptions = {
  name: string
  skip?: Array<{ reason: string; tests: string[] }>
} & (
  | {
      /** A fresh, empty set of stores; called for every in-process harness a test asks for. */
      createStores: () => Promise<Stores>
      /** A fresh verdict log, one per set of stores (default: in memory); every in-process app logs to it. */
      createLog?: () => Promise<VerdictLog>
    }
  | {
      /** A harness on fresh, empty stores (or `options.share`'s), for a target that is not the in-process app. */
      harness: (options?: HarnessOptions) => Promise<Harness>
    }
)

/** What a section's test body gets: harnesses on fresh stores, as many as it needs. */
export type Kit = {
  harness(options?: HarnessOptions): Promise<Harness>
  /**
   * Waits for the work the harness's app ran after its responses (verdict-log writes). In process
   * only; a runtime target leaves it out and sections poll instead.
   */
  settle?(h: Harness): Promise<void>
}

/** How a section registers its tests. */
export type ContractTest = (name: string, body: (kit: Kit) => Promise<void>, timeout?: number) => void

/**
 * The in-process kit: every app logs verdicts (one log per set of stores, so a second app on the
 * same data shares it) and hands its after-response work to a queue `settle` drains.
 */
function inProcess(createStores: () => Promise<Stores>, createLog: () => Promise<VerdictLog> = async () => createMemoryVerdictLog()): Kit {
  const logs = new WeakMap<Stores, VerdictLog>()
  const queues = new WeakMap<Stores, Array<Promise<unknown>>>()
  return {
    async harness(o = {}) {
      const stores = o.share?.stores ?? (await createStores())
      let log = logs.get(stores)
      if (!log) logs.set(stores, (log = await createLog()))
      const queue = queues.get(stores) ?? []
      queues.set(stores, queue)
      return createHarness(async () => stores, { ...o, deps: { verdictLog: log, waitUntil: (work) => void queue.push(work), ...o.deps } })
    },
    async settle(h) {
      const queue = queues.get(h.stores) ?? []
      while (queue.length > 0) await Promise.allSettled(queue.splice(0))
    },
  }
}

export function runHttpContract(options: HttpContractOptions): void {
  const skip = options.skip ?? []
  const registered = new Set<string>()
  const kit: Kit = 'harness' in options ? { harness: options.harness } : inProcess(options.createStores, options.createLog)
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
    describe('policy library and linter', () => libraryContract(test))
    describe('verdict log and reports', () => reportsContract(test))
    describe('namespace labels (namespaceSelector at admission)', () => namespaceContract(test))

    it('every skip names a contract test', () => {
      const unknown = skip.flatMap((s) => s.tests).filter((t) => !registered.has(t))
      expect(unknown, 'skips naming no test').toEqual([])
    })
  })
}
