/**
 * The runner's only window on storage: read one text file by path. The CLI backs it with the
 * file system, tests with a plain object, so this package never touches `fs` or `process`.
 *
 * Paths are POSIX-style strings; test files name their inputs relative to their own directory,
 * joined as Go's `filepath.Join` does (clean `.`/`..`, keep absolute paths absolute).
 */
import { goCleanPath } from '../lib/gostrings.ts'
import { err, ok, type Result } from '../lib/result.ts'

/** Reads files for a test run. `error` is a human-readable reason (e.g. "no such file"). */
export interface TestFiles {
  read(path: string): Result<string>
}

/** An in-memory {@link TestFiles}, for tests and embedders that already hold the contents. */
export function memoryFiles(contents: Record<string, string>): TestFiles {
  return {
    read: (path) => (Object.hasOwn(contents, path) ? ok(contents[path] as string) : err(`open ${path}: no such file`)),
  }
}

/** `path.Clean`: collapses `//`, `.` and `..` segments (Go's, shared with the engine). */
export const cleanPath = goCleanPath

/** `filepath.Join(dir, rel)`; an absolute `rel` is still joined, as Go does. */
export function joinPath(dir: string, rel: string): string {
  return cleanPath(`${dir}/${rel}`)
}

/** `filepath.Dir`. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/')
  if (i < 0) return '.'
  return i === 0 ? '/' : cleanPath(path.slice(0, i))
}
