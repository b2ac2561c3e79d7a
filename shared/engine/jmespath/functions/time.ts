/**
 * Kyverno's time functions (`pkg/engine/jmespath/time.go`). The clock comes from the search
 * options only; without one, the functions that need "now" fail instead of reading the system clock.
 */
import { formatDuration, parseDuration } from '../../../lib/duration.ts'
import { JmesError, unsupported } from '../errors.ts'
import type { SearchOptions } from '../options.ts'
import type { Value } from '../values.ts'
import { addDuration, civil, formatRFC3339, fromDate, goQuote, subTimes, truncateTime, type GoTime } from './gotime.ts'
import { parseGoTime } from './gotime-parse.ts'
import { spec, type FunctionDef } from './types.ts'

const RFC3339 = '2006-01-02T15:04:05Z07:00'

function time(layout: string, value: string): GoTime {
  const r = parseGoTime(layout, value)
  if (!r.ok) throw new JmesError('function', r.error)
  return r.value
}

const rfc = (v: Value | undefined): GoTime => time(RFC3339, v as string)

function now(opts: SearchOptions, fn: string): GoTime {
  if (opts.now === undefined) throw unsupported(fn, 'no clock was provided')
  return fromDate(opts.now())
}

const UNITS = new Set(['ns', 'us', '\u00b5s', '\u03bcs', 'ms', 's', 'm', 'h'])
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/** `time.ParseDuration`, re-scanning invalid text the way Go does to report the same error. */
function duration(orig: string): bigint {
  const d = parseDuration(orig)
  if (d !== null) return d
  const fail = (msg: string): JmesError => new JmesError('function', `time: ${msg}`)
  const invalid = fail(`invalid duration ${goQuote(orig)}`)
  let s = orig[0] === '-' || orig[0] === '+' ? orig.slice(1) : orig
  if (s === '') throw invalid
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray
    s = s.slice(m[0].length)
    if (m[1] === '' && (m[2] ?? '') === '') throw invalid
    let i = 0
    while (i < s.length && !(s[i] === '.' || isDigit(s[i]))) i++
    if (i === 0) throw fail(`missing unit in duration ${goQuote(orig)}`)
    const unit = s.slice(0, i)
    s = s.slice(i)
    if (!UNITS.has(unit)) throw fail(`unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`)
  }
  throw invalid
}

/** `strconv.ParseInt(s, 10, 64)`, or Go's error text. */
function parseInt64(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new JmesError('function', `strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`)
  const n = BigInt(s)
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new JmesError('function', `strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`)
  return n
}

export const TIME_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'time_since',
    args: spec('string', 'string', 'string'),
    call: ([layout, t1, t2], env) => {
      const l = (layout as string) || RFC3339
      const start = time(l, t1 as string)
      const end = t2 === '' ? now(env.opts, 'time_since') : time(l, t2 as string)
      return formatDuration(subTimes(end, start))
    },
  },
  // Kyverno formats "now" in the process's local zone; Verdict's local zone is UTC.
  { name: 'time_now', args: [], call: (_, env) => formatRFC3339(now(env.opts, 'time_now')) },
  { name: 'time_now_utc', args: [], call: (_, env) => formatRFC3339(now(env.opts, 'time_now_utc')) },
  {
    name: 'time_add',
    args: spec('string', 'string'),
    call: ([t, d]) => formatRFC3339(addDuration(rfc(t), duration(d as string))),
  },
  {
    name: 'time_parse',
    args: spec('string', 'string'),
    call: ([layout, value]) => {
      // An integer layout means "value is Unix seconds".
      if (/^[+-]?\d+$/.test(layout as string) && BigInt(layout as string) <= 2n ** 63n - 1n && BigInt(layout as string) >= -(2n ** 63n)) {
        const secs = parseInt64(value as string)
        return formatRFC3339({ sec: Number(secs), nsec: 0, offset: 0 })
      }
      return formatRFC3339(time(layout as string, value as string))
    },
  },
  {
    name: 'time_to_cron',
    args: spec('string'),
    call: ([t]) => {
      const c = civil(rfc(t))
      return `${c.mi} ${c.h} ${c.d} ${c.m} ${c.weekday}`
    },
  },
  {
    name: 'time_utc',
    args: spec('string'),
    call: ([t]) => formatRFC3339({ ...rfc(t), offset: 0 }),
  },
  {
    name: 'time_diff',
    args: spec('string', 'string'),
    call: ([t1, t2]) => formatDuration(subTimes(rfc(t2), rfc(t1))),
  },
  {
    name: 'time_before',
    args: spec('string', 'string'),
    call: ([t1, t2]) => subTimes(rfc(t1), rfc(t2)) < 0n,
  },
  {
    name: 'time_after',
    args: spec('string', 'string'),
    call: ([t1, t2]) => subTimes(rfc(t1), rfc(t2)) > 0n,
  },
  {
    name: 'time_between',
    args: spec('string', 'string', 'string'),
    call: ([t, start, end]) => {
      const x = rfc(t)
      return subTimes(x, rfc(start)) > 0n && subTimes(x, rfc(end)) < 0n
    },
  },
  {
    name: 'time_truncate',
    args: spec('string', 'string'),
    call: ([t, d]) => formatRFC3339(truncateTime(rfc(t), duration(d as string))),
  },
]

