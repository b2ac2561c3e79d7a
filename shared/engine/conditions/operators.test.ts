import { describe, expect, it } from 'vitest'
import { CONDITION_OPERATORS, evaluateOperator, isConditionOperator } from './operators.ts'
import { AnyAllConditions, Condition, ConditionBlock } from './schema.ts'

describe('operator lookup', () => {
  it('knows every Kyverno operator', () => {
    expect(CONDITION_OPERATORS).toHaveLength(18)
    for (const op of CONDITION_OPERATORS) expect(isConditionOperator(op)).toBe(true)
  })

  it.each(['equals', 'NOTEQUALS', 'anyin', 'AllNotIn', 'greaterthan', 'durationlessthan'])('matches %j case-insensitively', (op) =>
    expect(isConditionOperator(op)).toBe(true),
  )

  it.each(['Matches', 'Exists', '', 'Equals ', 'GreaterThanOrEqual', 'constructor', '__proto__'])('rejects %j', (op) =>
    expect(isConditionOperator(op)).toBe(false),
  )

  it.each<[string, unknown, unknown, boolean]>([
    ['EQUALS', 'a', 'a', true],
    ['equal', 1, '1', true],
    ['notequal', 'a', 'b', true],
    ['anyIn', 'a', ['a'], true],
    ['NOTIN', 'c', ['a'], true],
    ['in', 'a', '["a"]', true],
    // numeric operators select their handler case-insensitively, then only work canonically
    ['GreaterThan', 2, 1, true],
    ['greaterThan', 2, 1, false],
    ['DurationLessThan', '1s', '2s', true],
    ['durationLessThan', '1s', '2s', false],
  ])('%s(%j, %j) → %s', (op, key, value, want) => expect(evaluateOperator(op, key, value)).toEqual({ ok: true, value: want }))

  it('errors on an unknown operator', () => {
    expect(evaluateOperator('Matches', 'a', 'a')).toEqual({ ok: false, error: 'unknown condition operator "Matches"' })
  })
})

describe('Condition / ConditionBlock schemas', () => {
  it('accepts a full condition and keeps JSON key/value', () => {
    const c = Condition.parse({ key: '{{ request.object.spec.replicas }}', operator: 'GreaterThan', value: 3, message: 'too many' })
    expect(c).toEqual({ key: '{{ request.object.spec.replicas }}', operator: 'GreaterThan', value: 3, message: 'too many' })
  })

  it('accepts operator names in any case and an absent value', () => {
    expect(Condition.safeParse({ key: 'a', operator: 'anyin' }).success).toBe(true)
    expect(Condition.safeParse({ key: ['a'], operator: 'AllNotIn', value: null }).success).toBe(true)
  })

  it('rejects unknown operators with a message naming them', () => {
    const r = Condition.safeParse({ key: 'a', operator: 'Matches', value: 'a' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toBe('unknown condition operator "Matches"')
    expect(r.error?.issues[0]?.path).toEqual(['operator'])
  })

  it('requires key and operator, and a string message', () => {
    expect(Condition.safeParse({ operator: 'Equals', value: 1 }).success).toBe(false)
    expect(Condition.safeParse({ key: 1, value: 1 }).success).toBe(false)
    expect(Condition.safeParse({ key: 1, operator: 'Equals', message: 5 }).success).toBe(false)
  })

  it('accepts the legacy list and the {any, all} form', () => {
    expect(ConditionBlock.safeParse([{ key: 'a', operator: 'Equals', value: 'a' }]).success).toBe(true)
    expect(ConditionBlock.safeParse({ any: [], all: [{ key: 'a', operator: 'In', value: ['a'] }] }).success).toBe(true)
    expect(ConditionBlock.safeParse({ any: null }).success).toBe(true)
    expect(ConditionBlock.safeParse('a').success).toBe(false)
    expect(ConditionBlock.safeParse({ any: [{ key: 'a', operator: 'Nope' }] }).success).toBe(false)
  })

  it('keeps an explicit empty any (it evaluates to false)', () => {
    expect(AnyAllConditions.parse({ any: [] })).toEqual({ any: [] })
  })
})
