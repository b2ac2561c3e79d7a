/**
 * Enough of Go's `time` package for Kyverno's time functions: `time.Parse` with reference layouts
 * (`2006-01-02T15:04:05Z07:00`), RFC 3339 formatting, `Sub` (saturating), `Add`, `Truncate`.
 * Times are exact: Unix seconds + nanoseconds + the zone offset they were written with. The "local"
 * zone is UTC, as in Kyverno's container; unknown zone names get offset 0 as Go fabricates them.
 */
import { encodeUtf8 } from './utf8.ts'

export interface GoTime {
  /** Seconds since the Unix epoch (UTC). */
  readonly sec: number
  /** 0 ≤ nsec < 1e9. */
  readonly nsec: number
  /** Zone offset in seconds east of UTC. */
  readonly offset: number
}

const NS = 1_000_000_000n
const MAX_DURATION = 2n ** 63n - 1n
const MIN_DURATION = -(2n ** 63n)
// Go's zero time (January 1, year 1, UTC) in Unix seconds.
const ZERO_TIME_SEC = -62135596800n

// Howard Hinnant's civil-date algorithms (proleptic Gregorian).
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d }
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
export const daysIn = (m: number, y: number): number => (m === 2 && isLeap(y) ? 29 : (DAYS_BEFORE[m] as number) - (DAYS_BEFORE[m - 1] as number))

/** Go's `time.Date(...)` in a fixed zone. */
export function goDate(y: number, mo: number, d: number, h: number, mi: number, s: number, nsec: number, offset: number): GoTime {
  const days = daysFromCivil(y, mo, 1) + (d - 1)
  return { sec: days * 86400 + h * 3600 + mi * 60 + s - offset, nsec, offset }
}

/** Broken-down wall clock of a time in its own zone. */
export function civil(t: GoTime): { y: number; m: number; d: number; h: number; mi: number; s: number; weekday: number } {
  const local = t.sec + t.offset
  const days = Math.floor(local / 86400)
  const rem = local - days * 86400
  const { y, m, d } = civilFromDays(days)
  return { y, m, d, h: Math.floor(rem / 3600), mi: Math.floor((rem % 3600) / 60), s: rem % 60, weekday: (((days + 4) % 7) + 7) % 7 }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0')

/** `t.Format(time.RFC3339)`. */
export function formatRFC3339(t: GoTime): string {
  const c = civil(t)
  const year = c.y < 0 ? `-${pad(-c.y, 4)}` : pad(c.y, 4)
  let zone = 'Z'
  if (t.offset !== 0) {
    const mins = Math.trunc(Math.abs(t.offset) / 60)
    zone = `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(mins / 60), 2)}:${pad(mins % 60, 2)}`
  }
  return `${year}-${pad(c.m, 2)}-${pad(c.d, 2)}T${pad(c.h, 2)}:${pad(c.mi, 2)}:${pad(c.s, 2)}${zone}`
}

export const toNs = (t: GoTime): bigint => BigInt(t.sec) * NS + BigInt(t.nsec)

function fromNs(ns: bigint, offset: number): GoTime {
  let sec = ns / NS
  let nsec = ns % NS
  if (nsec < 0n) {
    nsec += NS
    sec -= 1n
  }
  return { sec: Number(sec), nsec: Number(nsec), offset }
}

/** `t.Add(d)`, keeping the zone. */
export const addDuration = (t: GoTime, d: bigint): GoTime => fromNs(toNs(t) + d, t.offset)

/** `t.Sub(u)`: saturates at the int64 duration range as Go does. */
export function subTimes(t: GoTime, u: GoTime): bigint {
  const d = toNs(t) - toNs(u)
  return d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d
}

/** `t.Truncate(d)`: rounds down to a multiple of d since the zero time; d ≤ 0 leaves t unchanged. */
export function truncateTime(t: GoTime, d: bigint): GoTime {
  if (d <= 0n) return t
  const since = toNs(t) - ZERO_TIME_SEC * NS
  const r = ((since % d) + d) % d
  return fromNs(toNs(t) - r, t.offset)
}

/** Current time from a JavaScript Date, in UTC (the "local" zone). */
export const fromDate = (date: Date): GoTime => fromNs(BigInt(date.getTime()) * 1_000_000n, 0)

/** Go's `time.quote` used in parse errors. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of encodeUtf8(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`
    } else {
      out += ch === '"' || ch === '\\' ? '\\' + ch : ch
    }
  }
  return out + '"'
}
