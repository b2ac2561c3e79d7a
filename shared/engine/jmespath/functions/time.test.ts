/** Time functions with Go `time` semantics and an injected clock. */
import { describe, expect, it } from 'vitest'
import { failure, value } from '../testing/helpers.ts'

const clock = { now: () => new Date('2024-03-01T12:00:00.500Z') }

describe('time functions', () => {
  it.each([
    ["time_parse('2006-01-02', '2021-01-02')", '2021-01-02T00:00:00Z'],
    ["time_parse('2006-01-02T15:04:05Z07:00', '2021-01-02T15:04:05.123456+01:00')", '2021-01-02T15:04:05+01:00'],
    ["time_parse('Jan 2, 2006 at 3:04pm (MST)', 'Feb 3, 2013 at 7:54pm (PST)')", '2013-02-03T19:54:00Z'],
    ["time_parse('02 Jan 06 15:04 -0700', '05 Mar 21 09:30 +0530')", '2021-03-05T09:30:00+05:30'],
    ["time_parse('Monday, 02-Jan-06 15:04:05 MST', 'Friday, 05-Mar-21 09:30:00 UTC')", '2021-03-05T09:30:00Z'],
    ["time_parse('2006-01-02 15:04:05.000', '2021-01-02 03:04:05.123')", '2021-01-02T03:04:05Z'],
    ["time_parse('2006-002', '2024-060')", '2024-02-29T00:00:00Z'],
    ["time_parse('3:04PM', '12:30AM')", '0000-01-01T00:30:00Z'],
    ["time_parse('1136239445', '1136239445')", '2006-01-02T22:04:05Z'],
    ["time_parse('0', '-1')", '1969-12-31T23:59:59Z'],
    ["time_add('2021-01-02T15:04:05Z', '1h')", '2021-01-02T16:04:05Z'],
    ["time_add('2021-01-02T15:04:05+05:30', '-30m')", '2021-01-02T14:34:05+05:30'],
    ["time_add('2021-12-31T23:00:00Z', '1.5h')", '2022-01-01T00:30:00Z'],
    ["time_to_cron('2023-02-02T15:04:05Z')", '4 15 2 2 4'],
    ["time_to_cron('2023-02-02T23:30:00-05:00')", '30 23 2 2 4'],
    ["time_utc('2021-01-02T18:04:05+05:00')", '2021-01-02T13:04:05Z'],
    ["time_diff('2021-01-01T00:00:00Z', '2021-01-01T01:30:00Z')", '1h30m0s'],
    ["time_diff('2021-01-01T01:30:00Z', '2021-01-01T00:00:00Z')", '-1h30m0s'],
    ["time_diff('2021-01-01T00:00:00Z', '2021-01-01T00:00:00.5Z')", '500ms'],
    ["time_diff('0001-01-01T00:00:00Z', '9999-01-01T00:00:00Z')", '2562047h47m16.854775807s'],
    ["time_before('2021-01-01T00:00:00Z', '2021-01-01T00:00:01Z')", true],
    ["time_before('2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z')", false],
    ["time_after('2021-01-01T01:00:00+01:00', '2021-01-01T00:00:00Z')", false],
    ["time_between('2021-01-01T00:00:01Z', '2021-01-01T00:00:00Z', '2021-01-01T00:00:02Z')", true],
    ["time_between('2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z', '2021-01-01T00:00:02Z')", false],
    ["time_truncate('2021-01-02T15:04:05Z', '1h')", '2021-01-02T15:00:00Z'],
    ["time_truncate('2021-01-02T15:04:05+05:30', '1h')", '2021-01-02T14:30:00+05:30'],
    ["time_truncate('2021-01-02T15:04:05Z', '0s')", '2021-01-02T15:04:05Z'],
    ["time_since('', '2021-01-01T00:00:00Z', '2021-01-02T00:00:00Z')", '24h0m0s'],
    ["time_since('2006-01-02', '2021-01-01', '2021-01-03')", '48h0m0s'],
  ])('%s', (expr, expected) => expect(value(expr)).toBe(expected))

  it('reads now only from the injected clock', () => {
    expect(value('time_now_utc()', {}, clock)).toBe('2024-03-01T12:00:00Z')
    expect(value('time_now()', {}, clock)).toBe('2024-03-01T12:00:00Z')
    expect(value("time_since('', '2024-03-01T11:00:00Z', '')", {}, clock)).toBe('1h0m0.5s')
    expect(failure('time_now()')).toMatchObject({ kind: 'unsupported', message: 'function time_now is not supported by Verdict: no clock was provided' })
    expect(failure("time_since('', '2024-03-01T11:00:00Z', '')").kind).toBe('unsupported')
  })

  it.each([
    ["time_add('bad', '1h')", 'parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"'],
    ["time_add('2021-01-02T15:04:05', '1h')", 'parsing time "2021-01-02T15:04:05" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ["time_parse('2006-01-02', '2021-13-01')", 'parsing time "2021-13-01": month out of range'],
    ["time_parse('2006-01-02', '2021-02-30')", 'parsing time "2021-02-30": day out of range'],
    ["time_parse('2006-01-02', '2021-01-02x')", 'parsing time "2021-01-02x": extra text: "x"'],
    ["time_parse('15:04', '25:00')", 'parsing time "25:00": hour out of range'],
    ["time_parse('0', 'abc')", 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ["time_add('2021-01-02T15:04:05Z', '1d')", 'time: unknown unit "d" in duration "1d"'],
    ["time_add('2021-01-02T15:04:05Z', '10')", 'time: missing unit in duration "10"'],
    ["time_add('2021-01-02T15:04:05Z', 'x')", 'time: invalid duration "x"'],
    ["time_truncate('2021-01-02T15:04:05Z', '')", 'time: invalid duration ""'],
  ])('%s fails', (expr, message) => {
    const e = failure(expr)
    expect([e.kind, e.message]).toEqual(['function', message])
  })

  it('accepts any arguments for time_now, as go-jmespath skips checks for argument-less functions', () => {
    expect(value('time_now_utc(`1`)', {}, clock)).toBe('2024-03-01T12:00:00Z')
  })
})
