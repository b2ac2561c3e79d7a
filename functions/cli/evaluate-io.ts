/**
 * What `verdict evaluate` needs from its surroundings, and how it hands a finished report back:
 * the chosen format to stdout or `--output`, and the exit code from the verdict. Shared by the
 * offline and the remote mode, so both print and exit the same way.
 */
import { writeFileSync } from 'node:fs'
import { DEFAULT_LIMITS, type DecodeLimits } from '../../shared/kube/decode.ts'
import { formatReport, type ReportFormat } from '../../shared/report/format/index.ts'
import type { EvaluationReport } from '../../shared/report/schema.ts'
import type { CliIO } from './test-command.ts'

/** The parsed options of `verdict evaluate`. */
export interface EvaluateFlags {
  /** Absent when the flag was not given. */
  policies?: string[]
  remote?: string
  policySet?: string
  format: ReportFormat
  output?: string
  lenient?: boolean
  /** Seconds to wait for `--remote`. */
  timeout: string
}

/** Everything the command touches besides the files it names. */
export interface EvaluateDeps {
  io: CliIO
  readStdin(): Promise<string>
  env: Readonly<Record<string, string | undefined>>
  fetch: typeof fetch
  now(): Date
}

/** Exit codes: the verdict, or 2 when there was nothing trustworthy to judge. */
export const EXIT = { pass: 0, fail: 1, usage: 2 } as const

/**
 * Bounds for local files: larger than a request body's (a `kustomize build` of a whole cluster is
 * legitimately big), but depth and alias bounds stay, so a hostile file still fails cleanly.
 */
export const CLI_LIMITS: DecodeLimits = { ...DEFAULT_LIMITS, maxBytes: 64 * 1024 * 1024, maxDocuments: 50_000 }
export const CLI_MAX_RESOURCES = 50_000

/** Prints `Error: …` lines and returns the usage exit code. */
export function fail(io: CliIO, ...messages: string[]): number {
  for (const m of messages) io.err(`Error: ${m}\n`)
  return EXIT.usage
}

/** Writes the report in the chosen format and returns the exit code its verdict calls for. */
export function emitReport(report: EvaluationReport, flags: EvaluateFlags, io: CliIO): number {
  const text = formatReport(report, flags.format)
  if (flags.output === undefined) io.out(text)
  else {
    try {
      writeFileSync(flags.output, text)
    } catch (e) {
      return fail(io, `cannot write ${flags.output}: ${e instanceof Error ? e.message : String(e)}`)
    }
    // The report went to a file; the CI log still deserves one line saying what happened.
    const s = report.summary
    io.err(`verdict: ${report.verdict} (${s.resources} resources, ${s.enforceFailures} enforced failures); ${flags.format} report written to ${flags.output}\n`)
  }
  return report.verdict === 'fail' ? EXIT.fail : EXIT.pass
}
