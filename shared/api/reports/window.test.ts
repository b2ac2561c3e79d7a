import { describe, expect, it } from 'vitest'
import { planBuckets } from './window.ts'

const d = (s: string) => new Date(s)

describe('planBuckets', () => {
  it('reads whole days from day rollups and only the edges from hour rollups', () => {
    const p = planBuckets(d('2026-03-01T10:20:00Z'), d('2026-03-04T05:10:00Z'))
    expect(p.from.toISOString()).toBe('2026-03-01T10:00:00.000Z')
    expect(p.to.toISOString()).toBe('2026-03-04T06:00:00.000Z')
    expect(p.hours).toEqual([
      { from: '2026-03-01T10', to: '2026-03-01T23' },
      { from: '2026-03-04T00', to: '2026-03-04T05' },
    ])
    expect(p.days).toEqual({ from: '2026-03-02', to: '2026-03-03' })
    expect(p.allDays).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'])
  })

  it('uses hours only inside one day, and no edge when the window is day-aligned', () => {
    expect(planBuckets(d('2026-03-01T10:00:00Z'), d('2026-03-01T12:00:00Z'))).toMatchObject({ hours: [{ from: '2026-03-01T10', to: '2026-03-01T11' }], days: null, allDays: ['2026-03-01'] })
    expect(planBuckets(d('2026-03-01T00:00:00Z'), d('2026-03-03T00:00:00Z'))).toMatchObject({ hours: [], days: { from: '2026-03-01', to: '2026-03-02' }, allDays: ['2026-03-01', '2026-03-02'] })
    // An empty window still counts its hour.
    expect(planBuckets(d('2026-03-01T10:00:00Z'), d('2026-03-01T10:00:00Z')).hours).toEqual([{ from: '2026-03-01T10', to: '2026-03-01T10' }])
  })

  it('covers every hour of the window exactly once', () => {
    const p = planBuckets(d('2026-02-27T23:59:00Z'), d('2026-03-02T00:01:00Z'))
    const hours = new Set<string>()
    const add = (h: string) => {
      expect(hours.has(h)).toBe(false)
      hours.add(h)
    }
    for (const r of p.hours) for (let t = Date.parse(`${r.from}:00:00Z`); t <= Date.parse(`${r.to}:00:00Z`); t += 3_600_000) add(new Date(t).toISOString().slice(0, 13))
    if (p.days) for (let t = Date.parse(`${p.days.from}T00:00:00Z`); t <= Date.parse(`${p.days.to}T23:00:00Z`); t += 3_600_000) add(new Date(t).toISOString().slice(0, 13))
    expect(hours.size).toBe((p.to.getTime() - p.from.getTime()) / 3_600_000)
  })
})
