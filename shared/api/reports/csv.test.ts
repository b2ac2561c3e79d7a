import { describe, expect, it } from 'vitest'
import type { VerdictRecord } from '../../store/ports.ts'
import { CSV_COLUMNS, toCsv } from './csv.ts'

const base: VerdictRecord = {
  id: '2026-03-01T00:00:00.000Z.01',
  source: { type: 'ci', label: '@evil' },
  uid: 'u1',
  time: '2026-03-01T00:00:00.000Z',
  operation: 'EVALUATE',
  resource: { apiVersion: 'v1', kind: 'Pod', namespace: null, name: '=cmd|"/c calc"!A1' },
  policySet: { name: 'prod', version: 2 },
  results: [
    { policy: 'p', rule: 'r', status: 'fail', message: 'line one,\nline "two"', action: 'Audit' },
    { policy: 'q', rule: 'r', status: 'warn', message: '-1', action: 'Enforce' },
  ],
  passes: 0,
  allowed: true,
  dryRun: false,
  latencyMs: 2,
}

describe('toCsv', () => {
  it('writes one row per non-pass result with RFC 4180 quoting and no runnable formulas', () => {
    const lines = toCsv([base]).split('\r\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    expect(lines[1]).toBe(`2026-03-01T00:00:00.000Z.01,2026-03-01T00:00:00.000Z,ci,,'@evil,u1,EVALUATE,v1,Pod,,"'=cmd|""/c calc""!A1",prod,2,true,false,2,0,p,r,fail,Audit,"line one,\nline ""two"""`)
    // The newline inside a quoted cell is data; rows end with CRLF.
    expect(lines[2]).toContain(`,q,r,warn,Enforce,'-1`)
    expect(lines[3]).toBe('')
  })

  it('writes one row for a verdict without results', () => {
    const rows = toCsv([{ ...base, source: { type: 'cluster', clusterId: 'c1' }, resource: { ...base.resource, namespace: 'default', name: 'web' }, results: [] }]).trimEnd().split('\r\n')
    expect(rows).toHaveLength(2)
    expect(rows[1]).toBe('2026-03-01T00:00:00.000Z.01,2026-03-01T00:00:00.000Z,cluster,c1,,u1,EVALUATE,v1,Pod,default,web,prod,2,true,false,2,0,,,,,')
  })
})
