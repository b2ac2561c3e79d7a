/** The verdict-log contract against the memory adapter. */
import { createMemoryVerdictLog } from '../../shared/store/memory/log.ts'
import { runLogContract } from './log-contract.ts'

runLogContract({ name: 'memory', create: async () => createMemoryVerdictLog(), runs: 150 })
