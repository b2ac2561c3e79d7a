/**
 * The `verdict` command line: one subcommand per file, wired to the real engine and the process.
 * Started by `bin/verdict.mjs`.
 */
import { Command } from 'commander'
import { registerTestCommand } from './test-command.ts'

const program = new Command('verdict').description('Verdict: a Kyverno-compatible policy engine')
const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) }
// The engine loads lazily, so `--help` works (and is instant) whatever state the engine is in.
const loadEngine = async () => (await import('../../shared/testrun/real-engine.ts')).realEngine
registerTestCommand(program, loadEngine, io, (code) => {
  // exitCode rather than exit(): a large JSON report must finish flushing to a pipe.
  process.exitCode = code
})
await program.parseAsync(process.argv)
