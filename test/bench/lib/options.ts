/** What one bench run was asked for: `--quick` scales sizes and durations down; `--only=a,b` runs some sections (development aid). */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface BenchOptions {
  quick: boolean
  /** Section ids to run; empty means all. A partial run never writes latest.json. */
  only: string[]
  /** The repository root. */
  root: string
  /** The read-only data beside the repository (corpus, specs, bench inputs). */
  shared: string
  /** Where results are written. */
  resultsDir: string
}

export function readOptions(argv: readonly string[]): BenchOptions {
  const here = dirname(fileURLToPath(import.meta.url))
  const root = join(here, '..', '..', '..')
  const shared = process.env.VERDICT_SHARED_DIR ?? join(root, '..', 'shared')
  if (!existsSync(join(shared, 'bench', 'pods-1000.yaml'))) {
    throw new Error(`bench inputs not found under ${shared}/bench (set VERDICT_SHARED_DIR to the shared data directory)`)
  }
  const onlyArg = argv.find((a) => a.startsWith('--only='))
  return {
    quick: argv.includes('--quick'),
    only: onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : [],
    root,
    shared,
    resultsDir: join(root, 'test', 'bench', 'results'),
  }
}

/** `full` in a full run, `quick` in a quick one. */
export function scaled<T>(opts: Pick<BenchOptions, 'quick'>, full: T, quick: T): T {
  return opts.quick ? quick : full
}
