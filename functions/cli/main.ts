/**
 * The `verdict` command line: one subcommand per file, wired to the real engine and the process.
 * Started by `bin/verdict.mjs`.
 */
import { text } from 'node:stream/consumers'
import { Command } from 'commander'
import { registerEvaluateCommand } from './evaluate-command.ts'
import { registerTestCommand } from './test-command.ts'
import { registerLintCommand } from './lint-command.ts'
import { registerLibraryCommand } from './library-command.ts'

const program = new Command('verdict').description('Verdict: a Kyverno-compatible policy engine')
const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) }
// exitCode rather than exit(): a large JSON report must finish flushing to a pipe.
const setExit = (code: number) => void (process.exitCode = code)
// The engine loads lazily, so `--help` works (and is instant) whatever state the engine is in.
const loadEngine = async () => (await import('../../shared/testrun/real-engine.ts')).realEngine
registerTestCommand(program, loadEngine, io, setExit)
registerLintCommand(program, io, setExit)
registerLibraryCommand(program, io, setExit)
const evaluateDeps = { io, env: process.env, fetch: globalThis.fetch, readStdin: () => text(process.stdin), now: () => new Date() }
registerEvaluateCommand(program, evaluateDeps, setExit, (code) => process.exit(code))
await program.parseAsync(process.argv)
