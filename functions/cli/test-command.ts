/**
 * `verdict test <paths...>`: the `kyverno test`-compatible command. Wires Node file access and
 * an engine into the pure runner, prints a table or one JSON document, and reports the exit code
 * (non-zero when any row is not ok, or when `--require-tests` finds none).
 */
import { Option, type Command } from 'commander'
import { DEFAULT_SELECTOR, exitCodeOf, parseSelector, parseSetFlags, renderTable, runTests, toJsonReport } from '../../shared/testrun/index.ts'
import { type Engine, type PolicyLike } from '../../shared/testrun/index.ts'
import { findTestFiles, nodeFiles } from './node-files.ts'

/** The parsed options of `verdict test`. */
export interface TestFlags {
  output: 'table' | 'json'
  fileName: string
  testCaseSelector: string
  requireTests?: boolean
  set: string[]
}

/** Where the command writes (stdout, stderr). */
export interface CliIO {
  out(text: string): void
  err(text: string): void
}

/** Runs the command and returns its exit code (2 for a bad selector, as for other usage errors). */
export function runTestCommand<P extends PolicyLike>(paths: string[], flags: TestFlags, engine: Engine<P>, io: CliIO): number {
  const selector = parseSelector(flags.testCaseSelector)
  if (!selector.ok) {
    io.err(`Error: ${selector.error}\n`)
    return 2
  }
  const testFiles = findTestFiles(paths, flags.fileName)
  const report = runTests(testFiles, { engine, files: nodeFiles, selector: selector.value, set: parseSetFlags(flags.set), now: () => new Date() })
  io.out(flags.output === 'json' ? `${JSON.stringify(toJsonReport(report))}\n` : renderTable(report))
  if (testFiles.length === 0 && flags.requireTests) {
    io.err(`Error: no ${flags.fileName} found under ${paths.join(', ')}\n`)
    return 1
  }
  return exitCodeOf(report)
}

const collect = (value: string, previous: string[]) => [...previous, value]

/** Adds the `test` subcommand; the engine is loaded only when it runs, and `exit` receives the exit code. */
export function registerTestCommand<P extends PolicyLike>(
  program: Command,
  loadEngine: () => Promise<Engine<P>>,
  io: CliIO,
  exit: (code: number) => void,
): void {
  program
    .command('test')
    .description('run kyverno-test.yaml test cases, as `kyverno test` does')
    .argument('<paths...>', 'directories to search recursively (or test files)')
    .option('-f, --file-name <name>', 'test file name to look for', 'kyverno-test.yaml')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--test-case-selector <selector>', 'filter results by policy, rule and resource (wildcards)', DEFAULT_SELECTOR)
    .option('--require-tests', 'fail when no test file is found')
    .option('--set <key=value>', 'set a value for every policy and resource (repeatable)', collect, [])
    .action(async (paths: string[], flags: TestFlags) => exit(runTestCommand(paths, flags, await loadEngine(), io)))
}
