/** The HTTP contract against the memory adapter. */
import { createMemoryStores } from '../../shared/store/memory/index.ts'
import { runHttpContract } from './contract.ts'

runHttpContract({ name: 'memory', createStores: async () => createMemoryStores() })
