/** The store contract against the memory adapter. */
import { createMemoryStores } from '../../shared/store/memory/index.ts'
import { runStoreContract } from './contract.ts'

runStoreContract({ name: 'memory', create: async () => createMemoryStores() })
