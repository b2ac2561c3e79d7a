/**
 * Go's `time.Parse(layout, value)`: the layout is the reference time `Mon Jan 2 15:04:05 MST 2006`
 * written the way the value is; errors are Go's `parsing time "v" as "l": cannot parse …` texts.
 */
import { err, ok, type Result } from '../../../lib/result.ts'
import { daysIn, goDate, goQuote, type GoTime } from './gotime.ts'
import {
  BAD,
  LONG_DAYS,
  LONG_MONTHS,
  SHORT_DAYS,
  SHORT_MONTHS,
  atoi,
  getnum,
  getnum3,
  isDigitAt,
  lookup,
  nanos,
  nextStdChunk,
  skip,
  timeZoneLength,
} from './gotime-layout.ts'

/** `time.Parse(layout, value)`: the time, or Go's error text. */
export function parseGoTime(layout: string, value: string): Result<GoTime, string> {
  const aLayout = layout
  const aValue = value
  const fail = (layoutElem: string, valueElem: string, message = ''): Result<GoTime, string> =>
    err(
      message !== ''
        ? `parsing time ${goQuote(aValue)}${message}`
        : `parsing time ${goQuote(aValue)} as ${goQuote(aLayout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
    )
  let year = 0
  let month = -1
  let day = -1
  let yday = -1
  let hour = 0
  let min = 0
  let sec = 0
  let nsec = 0
  let pmSet = false
  let amSet = false
  let utc = false
  let zoneOffset: number | null = null
  let zoneName = ''

  for (;;) {
    const { prefix, std, digits, suffix } = nextStdChunk(layout)
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length)
    try {
      value = skip(value, prefix)
    } catch {
      return fail(prefix, value)
    }
    if (std === null) {
      if (value.length !== 0) return fail('', value, `: extra text: ${goQuote(value)}`)
      break
    }
    layout = suffix
    const hold = value
    let range = ''
    try {
      switch (std) {
        case 'year': {
          if (value.length < 2) throw BAD
          year = atoi(value.slice(0, 2))
          value = value.slice(2)
          year += year >= 69 ? 1900 : 2000
          break
        }
        case 'longYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw BAD
          year = atoi(value.slice(0, 4))
          value = value.slice(4)
          break
        case 'month':
        case 'longMonth':
          ;[month, value] = lookup(std === 'month' ? SHORT_MONTHS : LONG_MONTHS, value)
          month++
          break
        case 'numMonth':
        case 'zeroMonth':
          ;[month, value] = getnum(value, std === 'zeroMonth')
          if (month <= 0 || month > 12) range = 'month'
          break
        case 'weekDay':
        case 'longWeekDay':
          ;[, value] = lookup(std === 'weekDay' ? SHORT_DAYS : LONG_DAYS, value)
          break
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (std === 'underDay' && value[0] === ' ') value = value.slice(1)
          ;[day, value] = getnum(value, std === 'zeroDay')
          break
        case 'underYearDay':
        case 'zeroYearDay':
          for (let k = 0; k < 2; k++) if (std === 'underYearDay' && value[0] === ' ') value = value.slice(1)
          ;[yday, value] = getnum3(value, std === 'zeroYearDay')
          break
        case 'hour':
          ;[hour, value] = getnum(value, false)
          if (hour >= 24) range = 'hour'
          break
        case 'hour12':
        case 'zeroHour12':
          ;[hour, value] = getnum(value, std === 'zeroHour12')
          if (hour > 12) range = 'hour'
          break
        case 'minute':
        case 'zeroMinute':
          ;[min, value] = getnum(value, std === 'zeroMinute')
          if (min >= 60) range = 'minute'
          break
        case 'second':
        case 'zeroSecond': {
          ;[sec, value] = getnum(value, std === 'zeroSecond')
          if (sec >= 60) {
            range = 'second'
            break
          }
          // A fractional second the layout does not mention is still accepted.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std
            if (next === 'fracSecond0' || next === 'fracSecond9') break
            let n = 2
            while (isDigitAt(value, n)) n++
            nsec = nanos(value, n)
            value = value.slice(n)
          }
          break
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw BAD
          const p = value.slice(0, 2)
          value = value.slice(2)
          const [PM, AM] = std === 'PM' ? ['PM', 'AM'] : ['pm', 'am']
          if (p === PM) pmSet = true
          else if (p === AM) amSet = true
          else throw BAD
          break
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            utc = true
            value = value.slice(3)
            break
          }
          const n = timeZoneLength(value)
          if (n === 0) throw BAD
          zoneName = value.slice(0, n)
          value = value.slice(n)
          break
        }
        case 'fracSecond0': {
          const ndigit = 1 + digits
          if (value.length < ndigit) throw BAD
          nsec = nanos(value, ndigit)
          value = value.slice(ndigit)
          break
        }
        case 'fracSecond9': {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break
          let k = 0
          while (isDigitAt(value, k + 1)) k++
          nsec = nanos(value, 1 + k)
          value = value.slice(1 + k)
          break
        }
        default: {
          // Numeric and ISO 8601 zone offsets.
          if (std.startsWith('iso8601') && value[0] === 'Z') {
            value = value.slice(1)
            utc = true
            break
          }
          const kind = std.replace(/^(num|iso8601)/, '')
          let sign: string, hh: string, mm: string, ss: string
          if (kind === 'ColonTZ') {
            if (value.length < 6 || value[3] !== ':') throw BAD
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)]
          } else if (kind === 'ShortTZ') {
            if (value.length < 3) throw BAD
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), '00', '00', value.slice(3)]
          } else if (kind === 'ColonSecondsTZ') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw BAD
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)]
          } else if (kind === 'SecondsTZ') {
            if (value.length < 7) throw BAD
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)]
          } else {
            if (value.length < 5) throw BAD
            ;[sign, hh, mm, ss, value] = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)]
          }
          const [h] = getnum(hh, true)
          const [m] = getnum(mm, true)
          const [s] = getnum(ss, true)
          if (h > 24) range = 'time zone offset hour'
          if (m > 60) range = 'time zone offset minute'
          if (s > 60) range = 'time zone offset second'
          if (sign !== '+' && sign !== '-') throw BAD
          zoneOffset = ((h * 60 + m) * 60 + s) * (sign === '-' ? -1 : 1)
        }
      }
    } catch (e) {
      if (e !== BAD) throw e
      return fail(stdstr, hold)
    }
    if (range !== '') return fail(stdstr, value, `: ${range} out of range`)
  }

  if (pmSet && hour < 12) hour += 12
  else if (amSet && hour === 12) hour = 0
  if (yday >= 0) {
    let m = 0
    let d = 0
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    if (leap) {
      if (yday === 60) {
        m = 2
        d = 29
      } else if (yday > 60) yday--
    }
    if (yday < 1 || yday > 365) return fail('', value, ': day-of-year out of range')
    if (m === 0) {
      const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
      m = Math.floor((yday - 1) / 31) + 1
      if ((before[m] as number) < yday) m++
      d = yday - (before[m - 1] as number)
    }
    if (month >= 0 && month !== m) return fail('', value, ': day-of-year does not match month')
    month = m
    if (day >= 0 && day !== d) return fail('', value, ': day-of-year does not match day')
    day = d
  } else {
    if (month < 0) month = 1
    if (day < 0) day = 1
  }
  if (day < 1 || day > daysIn(month, year)) return fail('', value, ': day out of range')
  let offset = 0
  if (!utc && zoneOffset !== null) offset = zoneOffset
  else if (!utc && zoneName.startsWith('GMT') && zoneName.length > 3) offset = Number(zoneName.slice(3)) * 3600
  return ok(goDate(year, month, day, hour, min, sec, nsec, offset))
}
