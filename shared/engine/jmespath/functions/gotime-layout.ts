/**
 * Go layout elements (`nextStdChunk`) and the small value readers `time.Parse` uses for them.
 */

export type Std =
  | 'longMonth' | 'month' | 'numMonth' | 'zeroMonth'
  | 'longWeekDay' | 'weekDay'
  | 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay'
  | 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond'
  | 'longYear' | 'year' | 'PM' | 'pm' | 'TZ'
  | 'iso8601TZ' | 'iso8601SecondsTZ' | 'iso8601ShortTZ' | 'iso8601ColonTZ' | 'iso8601ColonSecondsTZ'
  | 'numTZ' | 'numSecondsTZ' | 'numShortTZ' | 'numColonTZ' | 'numColonSecondsTZ'
  | 'fracSecond0' | 'fracSecond9'

export interface Chunk {
  prefix: string
  std: Std | null
  /** Digits of a fractional-second element. */
  digits: number
  suffix: string
}

export const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
export const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const ZERO_X: Std[] = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year']
const TZ_FORMS: [string, Std][] = [
  ['070000', 'SecondsTZ' as Std],
  ['07:00:00', 'ColonSecondsTZ' as Std],
  ['0700', 'TZ' as Std],
  ['07:00', 'ColonTZ' as Std],
  ['07', 'ShortTZ' as Std],
]

export const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9'

/** Go's `nextStdChunk`. */
export function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, digits = 0): Chunk => ({ prefix: layout.slice(0, i), std, digits, suffix: layout.slice(i + len) })
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]
    const rest = layout.slice(i)
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, 'longMonth', 7)
          if (!/^[a-z]/.test(rest.slice(3))) return at(i, 'month', 3)
        }
        break
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, 'longWeekDay', 6)
          if (!/^[a-z]/.test(rest.slice(3))) return at(i, 'weekDay', 3)
        }
        if (rest.startsWith('MST')) return at(i, 'TZ', 3)
        break
      case '0':
        if (rest.length >= 2 && rest[1]! >= '1' && rest[1]! <= '6') return at(i, ZERO_X[Number(rest[1]) - 1] as Std, 2)
        if (rest.startsWith('002')) return at(i, 'zeroYearDay', 3)
        break
      case '1':
        return rest.startsWith('15') ? at(i, 'hour', 2) : at(i, 'numMonth', 1)
      case '2':
        return rest.startsWith('2006') ? at(i, 'longYear', 4) : at(i, 'day', 1)
      case '_':
        if (rest[1] === '2') {
          if (rest.startsWith('_2006')) return { prefix: layout.slice(0, i + 1), std: 'longYear', digits: 0, suffix: layout.slice(i + 5) }
          return at(i, 'underDay', 2)
        }
        if (rest.startsWith('__2')) return at(i, 'underYearDay', 3)
        break
      case '3':
        return at(i, 'hour12', 1)
      case '4':
        return at(i, 'minute', 1)
      case '5':
        return at(i, 'second', 1)
      case 'P':
        if (rest[1] === 'M') return at(i, 'PM', 2)
        break
      case 'p':
        if (rest[1] === 'm') return at(i, 'pm', 2)
        break
      case '-':
      case 'Z':
        for (const [form, kind] of TZ_FORMS) {
          if (rest.slice(1).startsWith(form)) return at(i, ((c === '-' ? 'num' : 'iso8601') + kind) as Std, form.length + 1)
        }
        break
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          let j = i + 1
          while (j < layout.length && layout[j] === rest[1]) j++
          if (!isDigitAt(layout, j)) return at(i, rest[1] === '0' ? 'fracSecond0' : 'fracSecond9', j - i, j - i - 1)
        }
        break
    }
  }
  return { prefix: layout, std: null, digits: 0, suffix: '' }
}

class Bad {}
/** Thrown by the element parsers when the value does not fit the layout element. */
export const BAD = new Bad()

export function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw BAD
  if (!isDigitAt(s, 1)) {
    if (fixed) throw BAD
    return [Number(s[0]), s.slice(1)]
  }
  return [Number(s.slice(0, 2)), s.slice(2)]
}

export function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0
  let i = 0
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + Number(s[i])
  if (i === 0 || (fixed && i !== 3)) throw BAD
  return [n, s.slice(i)]
}

export function lookup(names: string[], v: string): [number, string] {
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string
    if (v.length >= n.length && v.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, v.slice(n.length)]
  }
  throw BAD
}

export function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw BAD
  return Number(s)
}

export function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw BAD
      prefix = prefix.replace(/^ +/, '')
      value = value.replace(/^ +/, '')
      continue
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw BAD
    prefix = prefix.slice(1)
    value = value.slice(1)
  }
  return value
}

export function nanos(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw BAD
  if (nbytes > 10) nbytes = 10
  const digits = value.slice(1, nbytes)
  if (!/^\d+$/.test(digits)) throw BAD
  return Number(digits) * 10 ** (10 - nbytes)
}

// Length of a zone abbreviation at the start of value (Go's parseTimeZone), or 0.
export function timeZoneLength(value: string): number {
  if (value.length < 3) return 0
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4
  if (value.startsWith('GMT')) {
    const m = /^[+-](\d+)/.exec(value.slice(3))
    return m && Number(m[1]) <= 23 ? 3 + m[0].length : 3
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-](\d+)/.exec(value)
    return m && Number(m[1]) <= 23 ? m[0].length : 0
  }
  let n = 0
  while (n < 6 && n < value.length && value[n]! >= 'A' && value[n]! <= 'Z') n++
  if (n === 3) return 3
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4
  if (n === 5 && value[4] === 'T') return 5
  return 0
}

