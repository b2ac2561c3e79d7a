/**
 * `verdict evaluate`'s file access on Node: reading the resource files (`-` is stdin) and finding
 * and reading every policy file under `--policies`. Every failure is a message for the user, never
 * a silent skip: a gate that quietly ran with fewer inputs would pass things it should not.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { err, ok, type Result } from '../../shared/lib/result.ts'
import type { PolicyText } from '../../shared/report/index.ts'

/** One input's text; `file` is absent for stdin, which has no path to point a report at. */
export interface InputText {
  file?: string
  /** How messages name it (`<stdin>` for `-`). */
  label: string
  text: string
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
// A BOM would be a stray character in the middle of a concatenated body; editors add them silently.
const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s)

/** Reads the resource files in argument order; `-` reads stdin (once). */
export async function readInputs(paths: readonly string[], readStdin: () => Promise<string>): Promise<Result<InputText[], string>> {
  const out: InputText[] = []
  let stdinUsed = false
  for (const path of paths) {
    if (path === '-') {
      if (stdinUsed) return err('`-` (stdin) can be given only once')
      stdinUsed = true
      out.push({ label: '<stdin>', text: stripBom(await readStdin()) })
      continue
    }
    try {
      out.push({ file: path, label: path, text: stripBom(readFileSync(path, 'utf8')) })
    } catch (e) {
      return err(`cannot read ${path}: ${message(e)}`)
    }
  }
  return ok(out)
}

const POLICY_FILE = /\.(ya?ml|json)$/i

/** Walks a directory in bytewise name order (stable across platforms), following symlinks once. */
function walk(dir: string, out: string[], visited: Set<string>): Result<void, string> {
  let real: string
  let names: string[]
  try {
    real = realpathSync(dir)
    if (visited.has(real)) return ok(undefined)
    visited.add(real)
    names = readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  } catch (e) {
    return err(`cannot read directory ${dir}: ${message(e)}`)
  }
  for (const name of names) {
    const path = join(dir, name)
    let isDir: boolean
    try {
      isDir = statSync(path).isDirectory()
    } catch (e) {
      return err(`cannot read ${path}: ${message(e)}`)
    }
    if (isDir) {
      const r = walk(path, out, visited)
      if (!r.ok) return r
    } else if (POLICY_FILE.test(name)) out.push(path)
  }
  return ok(undefined)
}

/**
 * The policy files under the given paths: directories recursively (`.yaml`, `.yml`, `.json`), and
 * any file named directly whatever its extension. A missing path is an error.
 */
export function findPolicyFiles(paths: readonly string[]): Result<string[], string> {
  const out: string[] = []
  const visited = new Set<string>()
  for (const path of paths) {
    let isDir: boolean
    try {
      isDir = statSync(path).isDirectory()
    } catch (e) {
      return err(`cannot read policies at ${path}: ${message(e)}`)
    }
    if (!isDir) out.push(path)
    else {
      const r = walk(path, out, visited)
      if (!r.ok) return r
    }
  }
  return ok(out)
}

/** Reads the policy files found by {@link findPolicyFiles}. */
export function readPolicyFiles(files: readonly string[]): Result<PolicyText[], string> {
  const out: PolicyText[] = []
  for (const file of files) {
    try {
      out.push({ file, text: stripBom(readFileSync(file, 'utf8')) })
    } catch (e) {
      return err(`cannot read ${file}: ${message(e)}`)
    }
  }
  return ok(out)
}
