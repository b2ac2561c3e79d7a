/** One tool prepared on one input file: its timed phases and its verdicts. */
import type { AsyncWork } from '../lib/measure.ts'
import type { Failing, Level } from './controls.ts'

export interface PeerRun {
  tool: string
  resources: number
  /** Timed separately; a phase a tool cannot split is named for both parts (`evaluate+build`). */
  phases: Array<{ name: 'parse' | 'evaluate' | 'build' | 'evaluate+build'; work: AsyncWork }>
  /** Failing controls per resource, in input order (untimed). */
  verdicts: () => Promise<Failing[]>
  /** Controls the tool checks at each level; `null` for the reference (every control). */
  coverage: Record<Level, Set<string>> | null
}
