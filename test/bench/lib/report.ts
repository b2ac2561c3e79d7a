/**
 * What each bench section hands back, the checks every result must pass before anything is
 * written, and the plain-text (Markdown) tables the run prints and the README shows.
 */
import { execFileSync } from 'node:child_process'
import os from 'node:os'

export type Cell = string | number
export interface Table {
  title: string
  columns: string[]
  rows: Cell[][]
}

export interface SectionResult {
  /** Key under `sections` in latest.json. */
  id: string
  title: string
  /** Raw figures; every ratio under a key ending in `Ratio`. */
  figures: Record<string, unknown>
  tables: Table[]
  /** Caveats printed under the tables (what was measured how, what was scaled). */
  notes: string[]
  /** Rows of the run's summary table: figure, measured, target or reference. */
  headline: Cell[][]
}

/** Fails on anything that is not a real measurement: null, undefined, NaN, ±Infinity, or a `…Ratio` that is not a finite number. */
export function checkFigures(value: unknown, path: string): void {
  if (value === null || value === undefined) throw new Error(`${path}: measurement could not be taken (${String(value)})`)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: measurement is not a finite number (${value})`)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkFigures(v, `${path}[${i}]`))
    return
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.endsWith('Ratio') && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`${path}.${k}: ratio is not a finite number (${String(v)})`)
      checkFigures(v, `${path}.${k}`)
    }
  }
}

/** `a / b`, refusing a zero or non-finite denominator rather than producing Infinity or NaN. */
export function ratio(a: number, b: number, what: string): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) throw new Error(`${what}: cannot form a ratio of ${a} / ${b}`)
  return a / b
}

export function fmt(n: number, digits = 2): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US')
  if (Math.abs(n) >= 100) return n.toFixed(Math.min(digits, 1))
  return n.toFixed(digits)
}

export function fmtBytes(n: number): string {
  if (Math.abs(n) >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`
  if (Math.abs(n) >= 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${Math.round(n)} B`
}

export function markdownTable(t: Table): string {
  const esc = (c: Cell) => String(c).replace(/\|/g, '\\|')
  const lines = [`| ${t.columns.map(esc).join(' | ')} |`, `| ${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`]
  for (const r of t.rows) lines.push(`| ${r.map(esc).join(' | ')} |`)
  return lines.join('\n')
}

export function machineInfo() {
  const cpus = os.cpus()
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    v8: process.versions.v8,
  }
}

/** The commit measured; a run from a checkout with uncommitted changes says so. */
export function gitInfo(root: string): { commit: string; dirty: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 }
  } catch {
    throw new Error('git commit could not be read: run the bench from a git checkout')
  }
}
