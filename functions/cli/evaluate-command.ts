/**
 * `verdict evaluate <files...>`: the CI gate. Offline with `--policies`, or against the hosted
 * service with `--remote` and `--policy-set`; prints the report in the chosen format and exits
 * 0 (pass), 1 (an Enforce rule failed) or 2 (usage or input error: nothing was judged).
 */
import { Option, type Command } from 'commander'
import { ReportFormat } from '../../shared/report/format/index.ts'
import { EXIT, fail, type EvaluateDeps, type EvaluateFlags } from './evaluate-io.ts'

/** Checks the flag combination, then runs the chosen mode; returns the exit code. */
export async function runEvaluate(paths: readonly string[], flags: EvaluateFlags, deps: EvaluateDeps): Promise<number> {
  const remote = flags.remote !== undefined
  const policies = flags.policies ?? []
  if (remote && policies.length > 0) return fail(deps.io, '--policies (offline) and --remote (the service) cannot be combined')
  if (!remote && policies.length === 0) return fail(deps.io, 'give --policies <path> to evaluate offline, or --remote <url> --policy-set <name>')
  if (remote && !flags.policySet) return fail(deps.io, '--remote needs --policy-set <name>')
  if (!remote && flags.policySet !== undefined) return fail(deps.io, '--policy-set only applies with --remote')
  if (remote && flags.lenient) return fail(deps.io, '--lenient only applies to --policies: the service loads its own policies')
  // Each mode loads only what it needs; the remote mode never loads the engine.
  if (remote) return (await import('./evaluate-remote.ts')).runRemoteEvaluate(paths, flags, deps)
  return (await import('./evaluate-local.ts')).runLocalEvaluate(paths, { ...flags, policies }, deps)
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value]

const EXIT_CODES = `
Exit codes:
  ${EXIT.pass}  every resource passes (Audit failures, warnings and rule errors do not block)
  ${EXIT.fail}  some resource fails an Enforce rule
  ${EXIT.usage}  usage, input or policy error: nothing was judged
`

/**
 * Adds the `evaluate` subcommand. `exit` receives the command's exit code; `hardExit` ends the
 * process for argument errors Commander detects, which must exit 2 like every other usage error.
 */
export function registerEvaluateCommand(program: Command, deps: EvaluateDeps, exit: (code: number) => void, hardExit: (code: number) => never): void {
  program
    .command('evaluate')
    .description('evaluate manifests against Kyverno policies, offline or with the Verdict service')
    .argument('<files...>', 'manifests: YAML (multi-document), JSON, a v1 List or AdmissionReviews; - reads stdin')
    // Repeatable rather than variadic: a variadic option would swallow the manifest paths after it.
    .option('-p, --policies <path>', 'policy file or directory, searched recursively for .yaml/.yml/.json (repeatable)', collect)
    .option('--remote <url>', `Verdict service base URL; the API key is read from $VERDICT_API_KEY`)
    .option('--policy-set <name>', 'stored policy set to evaluate against (with --remote)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(ReportFormat.options).default('json'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--lenient', 'drop policy fields Kyverno does not define (with a warning) instead of rejecting the policy')
    .option('--timeout <seconds>', 'how long to wait for --remote', '60')
    .addHelpText('after', EXIT_CODES)
    .exitOverride((e) => hardExit(e.exitCode === 0 ? EXIT.pass : EXIT.usage))
    .action(async (files: string[], flags: EvaluateFlags) => exit(await runEvaluate(files, flags, deps)))
}
