/**
 * The runner's file access on Node: reading files, and discovering test files the way
 * `kyverno test` does (directories walked recursively in name order, collecting every file whose
 * name equals `--file-name`). A path that is itself a file is taken as a test file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { err, ok } from '../../shared/lib/result.ts'
import type { TestFiles } from '../../shared/testrun/index.ts'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Reads UTF-8 files from disk. */
export const nodeFiles: TestFiles = {
  read(path) {
    try {
      return ok(readFileSync(path, 'utf8'))
    } catch (e) {
      return err(message(e))
    }
  },
}

function walk(dir: string, fileName: string, out: string[]): void {
  let entries
  try {
    // Go's os.ReadDir order: by name, bytewise.
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
  } catch {
    // Reported, not fatal: reading the directory as a test file fails with the real reason.
    out.push(dir)
    return
  }
  for (const e of entries) {
    if (e.isDirectory()) walk(join(dir, e.name), fileName, out)
    else if (e.name === fileName) out.push(join(dir, e.name))
  }
}

/**
 * The test files under the given paths, in argument order. A path that cannot be searched is
 * returned as if it were a test file, so the run reports it as an error row instead of aborting.
 */
export function findTestFiles(paths: readonly string[], fileName: string): string[] {
  const out: string[] = []
  for (const path of paths) {
    let isDir = false
    try {
      isDir = statSync(path).isDirectory()
    } catch {
      isDir = false
    }
    if (isDir) walk(path, fileName, out)
    else out.push(path)
  }
  return out
}
