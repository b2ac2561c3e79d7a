/**
 * `verdict library list` and `verdict library show <name>`: the built-in policy library, offline
 * (the same bundled sets the service installs).
 */
import { Option, type Command } from 'commander'
import { findLibrarySet, listLibrary } from '../../shared/library/index.ts'
import type { CliIO } from './test-command.ts'

export interface ShowFlags {
  version?: string
  format: 'yaml' | 'json'
}

/** The sets as a table (or JSON); always exits 0. */
export function runLibraryList(output: 'text' | 'json', io: CliIO): number {
  const sets = listLibrary()
  if (output === 'json') {
    io.out(`${JSON.stringify({ items: sets })}\n`)
    return 0
  }
  const width = Math.max(...sets.map((s) => s.name.length))
  const lines = sets.map((s) => `${s.name.padEnd(width)}  ${s.latest.padEnd(7)}  ${s.versions.map((v) => v.version).join(', ').padEnd(14)}  ${s.title}`)
  io.out(`${'NAME'.padEnd(width)}  LATEST   VERSIONS        TITLE\n${lines.join('\n')}\n`)
  return 0
}

/** One set's policies: YAML as shipped (comments kept), or JSON; 1 for an unknown set or version. */
export function runLibraryShow(name: string, flags: ShowFlags, io: CliIO): number {
  const found = findLibrarySet(name, flags.version)
  if (!found.ok) {
    const known = listLibrary().find((s) => s.name === name)
    io.err(
      found.error === 'unknownSet'
        ? `Error: no library set "${name}" (see: verdict library list)\n`
        : `Error: library set ${name} has no version ${flags.version ?? ''} (versions: ${known?.versions.map((v) => v.version).join(', ')})\n`,
    )
    return 1
  }
  const set = found.value
  if (flags.format === 'json') {
    const { policies, ...rest } = set
    io.out(`${JSON.stringify({ ...rest, policies: policies.map((p) => ({ name: p.name, document: p.document })) })}\n`)
  } else {
    io.out(`# ${set.name}@${set.version}: ${set.title}\n${set.policies.map((p) => p.text).join('---\n')}`)
  }
  return 0
}

/** Adds `library list` and `library show`. */
export function registerLibraryCommand(program: Command, io: CliIO, exit: (code: number) => void): void {
  const library = program.command('library').description('the built-in policy library (offline)')
  library
    .command('list')
    .description('list the library sets and their versions')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { output: 'text' | 'json' }) => exit(runLibraryList(flags.output, io)))
  library
    .command('show')
    .description("print a set's policies")
    .argument('<name>', 'library set name')
    .option('--version <version>', 'a version other than the latest')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action((name: string, flags: ShowFlags) => exit(runLibraryShow(name, flags, io)))
}
