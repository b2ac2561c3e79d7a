import { describe, expect, it } from 'vitest'
import type { Heartbeat } from '../../store/ports.ts'
import { pulseOf } from './silence.ts'

const beat = (day: string, requests: number, firstAt: string, lastAt: string): Heartbeat => ({ clusterId: 'c1', day, requests, firstAt, lastAt })
const at = (s: string) => new Date(s)

describe('pulseOf', () => {
  it('never heard from: no last sighting, no rate, not silent', () => {
    expect(pulseOf([], at('2026-03-01T00:00:00Z'))).toEqual({ lastSeen: null, usualPerHour: null, silent: false })
  })

  it('too little history for a usual rate is never silent', () => {
    const beats = [beat('2026-03-01', 5, '2026-03-01T10:00:00.000Z', '2026-03-01T10:30:00.000Z')]
    expect(pulseOf(beats, at('2026-03-09T00:00:00Z'))).toEqual({ lastSeen: '2026-03-01T10:30:00.000Z', usualPerHour: null, silent: false })
  })

  it('silent after max(15 min, 3 usual gaps)', () => {
    // 61 requests over 10 hours: 6 per hour, a usual gap of 10 minutes, silent after 30.
    const beats = [beat('2026-03-01', 61, '2026-03-01T00:00:00.000Z', '2026-03-01T10:00:00.000Z')]
    expect(pulseOf(beats, at('2026-03-01T10:29:00Z'))).toMatchObject({ usualPerHour: 6, silent: false })
    expect(pulseOf(beats, at('2026-03-01T10:31:00Z'))).toMatchObject({ silent: true })
    // 3,601 requests over an hour: gaps of a second, but never silent before 15 minutes.
    const busy = [beat('2026-03-01', 3601, '2026-03-01T09:00:00.000Z', '2026-03-01T10:00:00.000Z')]
    expect(pulseOf(busy, at('2026-03-01T10:14:00Z')).silent).toBe(false)
    expect(pulseOf(busy, at('2026-03-01T10:16:00Z')).silent).toBe(true)
  })

  it('takes the rate from the week before the last sighting, across days', () => {
    const beats = [
      beat('2026-02-01', 1000, '2026-02-01T00:00:00.000Z', '2026-02-01T23:00:00.000Z'),
      beat('2026-03-01', 24, '2026-03-01T00:00:00.000Z', '2026-03-01T23:00:00.000Z'),
      beat('2026-03-02', 24, '2026-03-02T00:00:00.000Z', '2026-03-02T23:00:00.000Z'),
    ]
    const p = pulseOf(beats, at('2026-03-10T00:00:00Z'))
    expect(p.lastSeen).toBe('2026-03-02T23:00:00.000Z')
    // 48 requests from 03-01T00 to 03-02T23: 47 gaps over 47 hours; February is outside the week.
    expect(p.usualPerHour).toBe(1)
    expect(p.silent).toBe(true)
  })
})
