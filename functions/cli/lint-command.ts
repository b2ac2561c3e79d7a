/**
 * `verdict lint <files...>`: the policy linter on YAML/JSON files. Prints each finding as
 * `file:line: severity code: message` with its path and fix (or one JSON document), and exits 1
 * when a finding is an error or a file cannot be read, 0 for warnings only (1 with --strict).
 */
import { Option, type Command } from 'commander'
import { readFileSync } from 'node:fs'
import { DecodeError } from '../../shared/kube/decode.ts'
import { lintYaml, type LintFinding } from '../../shared/lint/index.ts'
import type { CliIO } from './test-command.ts'

export interface LintFlags {
  output: 'text' | 'json'
  strict?: boolean
  /** `1.30`: skip findings about features newer than the cluster. */
  kubernetesVersion?: string
}

interface FileReport {
  file: string
  error?: string
  policies: Array<{ document: number; kind: string; name: string; findings: LintFinding[] }>
}

function lintFile(file: string, kubernetesMinor: number | undefined): FileReport {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return { file, error: `cannot read: ${e instanceof Error ? e.message : String(e)}`, policies: [] }
  }
  try {
    return { file, policies: lintYaml(text, kubernetesMinor === undefined ? {} : { kubernetesMinor }) }
  } catch (e) {
    if (e instanceof DecodeError) return { file, error: `not YAML/JSON: ${e.message}`, policies: [] }
    throw e
  }
}

function renderText(reports: readonly FileReport[]): string {
  const lines: string[] = []
  let warnings = 0
  let errors = 0
  for (const r of reports) {
    if (r.error) {
      errors++
      lines.push(`${r.file}: error: ${r.error}`)
    }
    for (const p of r.policies) {
      for (const f of p.findings) {
        if (f.severity === 'error') errors++
        else warnings++
        lines.push(`${r.file}:${f.line ?? '?'}: ${f.severity} ${f.code}: ${p.kind}/${p.name}: ${f.message}`, `    at ${f.path}`, `    fix: ${f.fix}`)
      }
    }
  }
  const policies = reports.reduce((n, r) => n + r.policies.length, 0)
  lines.push(`${policies} ${policies === 1 ? 'policy' : 'policies'} checked: ${errors} error(s), ${warnings} warning(s)`)
  return `${lines.join('\n')}\n`
}

/** Runs the command and returns its exit code (2 for a malformed --kubernetes-version). */
export function runLintCommand(files: readonly string[], flags: LintFlags, io: CliIO): number {
  let minor: number | undefined
  if (flags.kubernetesVersion !== undefined) {
    const m = /^v?1\.(\d{1,3})$/.exec(flags.kubernetesVersion)
    if (!m) {
      io.err(`Error: --kubernetes-version must look like 1.30, got "${flags.kubernetesVersion}"\n`)
      return 2
    }
    minor = Number(m[1])
  }
  const reports = files.map((f) => lintFile(f, minor))
  io.out(flags.output === 'json' ? `${JSON.stringify({ files: reports })}\n` : renderText(reports))
  const all = reports.flatMap((r) => r.policies.flatMap((p) => p.findings))
  if (reports.some((r) => r.error) || all.some((f) => f.severity === 'error')) return 1
  return flags.strict && all.length > 0 ? 1 : 0
}

/** Adds the `lint` subcommand. */
export function registerLintCommand(program: Command, io: CliIO, exit: (code: number) => void): void {
  program
    .command('lint')
    .description('point out policy mistakes Kyverno accepts silently (never-matching patterns, wrong objects, deprecated forms)')
    .argument('<files...>', 'policy files (YAML or JSON, multi-document allowed)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 on warnings too')
    .option('--kubernetes-version <version>', 'the cluster version (e.g. 1.29), to skip advice about newer features')
    .action((files: string[], flags: LintFlags) => exit(runLintCommand(files, flags, io)))
}
