import { describe, expect, it } from 'vitest'
import { Int64, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import { evaluateConditions, type Resolve } from './evaluate.ts'

const LEGACY = { allowLegacyList: true }

/**
 * A stand-in for variable substitution: whole-value `{{name}}` is looked up in `vars`, a missing
 * name is an error (as Kyverno's "Unknown key"), and every resolved input is recorded.
 */
function resolver(vars: Record<string, unknown>): { resolve: Resolve; seen: JsonValue[] } {
  const seen: JsonValue[] = []
  const resolve = (v: JsonValue): Result<JsonValue, string> => {
    seen.push(v)
    if (typeof v !== 'string') return ok(v)
    const m = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(v)
    if (!m) return ok(v)
    const name = m[1] as string
    if (!(name in vars)) return err(`failed to resolve ${name}: Unknown key "${name}" in path`)
    // Int64 is a runtime JSON value (elementIndex) even though the JsonValue type omits it.
    return ok(vars[name] as JsonValue)
  }
  return { resolve, seen }
}

const cond = (key: JsonValue, operator: string, value?: JsonValue, message?: string) => ({
  key,
  operator,
  ...(value === undefined ? {} : { value }),
  ...(message === undefined ? {} : { message }),
})
const T = (message?: string) => cond('a', 'Equals', 'a', message)
const F = (message?: string) => cond('a', 'Equals', 'b', message)
const BOOM = (message?: string) => cond('{{missing}}', 'Equals', 'x', message)

describe('block shapes — spec §6.1, checklist 12', () => {
  const { resolve } = resolver({})
  it.each<[string, unknown, boolean, string]>([
    ['absent block', undefined, true, ''],
    ['null block', null, true, ''],
    ['explicit empty any is false', { any: [] }, false, ''],
    ['empty any is false even with true all', { any: [], all: [T('all ok')] }, false, ''],
    ['absent any counts as true', { all: [T()] }, true, ''],
    ['null any counts as absent', { any: null, all: [T()] }, true, ''],
    ['empty object', {}, true, ''],
    ['empty all is true', { all: [] }, true, ''],
    ['any: one true is enough', { any: [F(), T()] }, true, ''],
    ['any: all false', { any: [F(), F()] }, false, ''],
    ['all: one false fails', { all: [T(), F()] }, false, ''],
    ['legacy list: all true', [T('m1'), T('m2')], true, ''],
    ['legacy list: first false message', [T('m1'), F('m2'), F('m3')], false, 'm2'],
    ['legacy empty list', [], true, ''],
  ])('%s', (_, block, met, message) => expect(evaluateConditions(block, resolve, LEGACY)).toEqual(ok({ met, message })))
})

describe('messages — spec §6.1', () => {
  const { resolve } = resolver({})
  it.each<[string, unknown, boolean, string]>([
    ['success joins true messages with "; "', { all: [T('first'), T('second')] }, true, 'first; second'],
    ['success drops empty messages', { all: [T('first'), T(''), T(), T('third')] }, true, 'first; third'],
    ['success includes the any condition that held', { any: [F('no'), T('yes')], all: [T('and')] }, true, 'yes; and'],
    ['failure joins false messages evaluated', { any: [F('f1'), F('f2')], all: [T('t'), F('f3'), F('f4')] }, false, 'f1; f2; f3'],
    ['failure ignores true messages', { all: [T('t'), F('f')] }, false, 'f'],
    ['failure with no messages', { all: [F()] }, false, ''],
    ['legacy success has no message', [T('m1')], true, ''],
  ])('%s', (_, block, met, message) => expect(evaluateConditions(block, resolve, LEGACY)).toEqual(ok({ met, message })))
})

describe('short-circuit and errors', () => {
  it('never resolves a condition after any already held', () => {
    const { resolve, seen } = resolver({})
    expect(evaluateConditions({ any: [T(), BOOM()] }, resolve, LEGACY)).toEqual(ok({ met: true, message: '' }))
    expect(seen).not.toContain('{{missing}}')
  })

  it('never resolves a condition after all already failed', () => {
    const { resolve } = resolver({})
    expect(evaluateConditions({ all: [F('stop'), BOOM()] }, resolve, LEGACY)).toEqual(ok({ met: false, message: 'stop' }))
  })

  it('never resolves a legacy condition after the first false one', () => {
    const { resolve } = resolver({})
    expect(evaluateConditions([F('stop'), BOOM()], resolve, LEGACY)).toEqual(ok({ met: false, message: 'stop' }))
  })

  it('still evaluates all when any is false, so its errors surface', () => {
    const { resolve } = resolver({})
    expect(evaluateConditions({ any: [F()], all: [BOOM()] }, resolve, LEGACY)).toEqual(
      err('failed to resolve missing: Unknown key "missing" in path'),
    )
  })

  it('aborts with the resolve error of an evaluated condition', () => {
    const { resolve } = resolver({})
    for (const block of [{ any: [F(), BOOM('m')] }, { all: [T(), BOOM()] }, [T(), BOOM()]]) {
      expect(evaluateConditions(block, resolve, LEGACY)).toEqual(err('failed to resolve missing: Unknown key "missing" in path'))
    }
  })

  it('resolves the key, then the value (null when absent)', () => {
    const { resolve, seen } = resolver({ a: 'x' })
    evaluateConditions([cond('{{a}}', 'Equals', 'x'), cond('k', 'Equals')], resolve, LEGACY)
    expect(seen).toEqual(['{{a}}', 'x', 'k', null])
  })

  it('errors on an unknown operator only when that condition is evaluated', () => {
    const { resolve } = resolver({})
    expect(evaluateConditions({ all: [cond('a', 'Matches', 'a')] }, resolve, LEGACY)).toEqual(err('unknown condition operator "Matches"'))
    expect(evaluateConditions({ any: [T(), cond('a', 'Matches', 'a')] }, resolve, LEGACY)).toEqual(ok({ met: true, message: '' }))
  })

  it('reports the substitution error before an unknown operator', () => {
    const { resolve } = resolver({})
    expect(evaluateConditions([cond('{{missing}}', 'Matches', 'a')], resolve, LEGACY)).toEqual(
      err('failed to resolve missing: Unknown key "missing" in path'),
    )
  })
})

describe('legacy list permission and malformed blocks', () => {
  const { resolve } = resolver({})
  it('rejects a plain list where only {any, all} is allowed (foreach preconditions)', () => {
    const r = evaluateConditions([T()], resolve, { allowLegacyList: false })
    expect(r.ok).toBe(false)
    expect(evaluateConditions({ all: [T()] }, resolve, { allowLegacyList: false })).toEqual(ok({ met: true, message: '' }))
  })

  it.each<[string, unknown, string]>([
    ['a string block', 'Equals', 'invalid conditions: expected a list or {any, all}'],
    ['any that is not a list', { any: { key: 'a' } }, 'invalid conditions at any: expected a list'],
    ['a condition that is not an object', { all: ['x'] }, 'invalid condition at all[0]: expected an object'],
    ['a missing operator', [{ key: 'a', value: 'a' }], 'invalid condition at conditions[0]: operator must be a string'],
    ['a non-string message', { any: [{ key: 'a', operator: 'Equals', message: 1 }] }, 'invalid condition at any[0]: message must be a string'],
  ])('rejects %s', (_, block, message) => expect(evaluateConditions(block, resolve, LEGACY)).toEqual(err(message)))
})

describe('with substituted values — checklist 6 and Kyverno docs-style preconditions', () => {
  it('{{elementIndex}} (int64) Equals 0 → true', () => {
    const { resolve } = resolver({ elementIndex: new Int64(0) })
    expect(evaluateConditions({ all: [cond('{{elementIndex}}', 'Equals', 0)] }, resolve, LEGACY)).toEqual(ok({ met: true, message: '' }))
  })

  it('runs a docs-style block: label AnyIn and replicas GreaterThan', () => {
    const { resolve } = resolver({ app: 'busybox', replicas: 5, namespace: 'kube-system' })
    const block = {
      any: [cond('{{app}}', 'AnyIn', ['nginx', 'busybox'], 'app is allowed')],
      all: [
        cond('{{replicas}}', 'GreaterThan', 3, 'more than 3 replicas'),
        cond('{{namespace}}', 'AnyNotIn', ['kube-*'], 'not a system namespace'),
      ],
    }
    expect(evaluateConditions(block, resolve, LEGACY)).toEqual(ok({ met: false, message: 'not a system namespace' }))
  })

  it('runs a legacy deny list (request.operation NotEquals DELETE style)', () => {
    const { resolve } = resolver({ operation: 'CREATE' })
    const block = [cond('{{operation}}', 'NotEquals', 'DELETE'), cond('{{operation}}', 'AnyIn', ['CREATE', 'UPDATE'])]
    expect(evaluateConditions(block, resolve, LEGACY)).toEqual(ok({ met: true, message: '' }))
  })
})
