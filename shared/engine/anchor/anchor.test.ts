import { describe, expect, it } from 'vitest'
import {
  anchorString,
  combineSkips,
  conditionalKeyMissing,
  conditionalMismatch,
  globalMismatch,
  goTrimSpace,
  isAdd,
  isAnchor,
  isCondition,
  isEquality,
  isExistence,
  isGlobal,
  isNegation,
  isPhaseOneAnchor,
  isValidateAnchor,
  negationMatched,
  parseAnchor,
  patternFailure,
  type AnchorType,
} from './index.ts'

describe('parseAnchor (§4 parsing, checklist 18)', () => {
  it.each<[string, AnchorType, string]>([
    ['(image)', 'condition', 'image'],
    ['=(hostNetwork)', 'equality', 'hostNetwork'],
    ['X(hostPath)', 'negation', 'hostPath'],
    ['^(containers)', 'existence', 'containers'],
    ['<(image)', 'global', 'image'],
    ['+(app)', 'add', 'app'],
    // ((a)) is a conditional on the key "(a)"
    ['((a))', 'condition', '(a)'],
    ['=((a))', 'equality', '(a)'],
    ['(=(a))', 'condition', '=(a)'],
    ['(a)(b)', 'condition', 'a)(b'],
    ['=())', 'equality', ')'],
    ['  (padded)  ', 'condition', 'padded'],
    ['\t=(tabbed)\n', 'equality', 'tabbed'],
    ['\u0085(nel)', 'condition', 'nel'],
    ['(app.kubernetes.io/name)', 'condition', 'app.kubernetes.io/name'],
  ])('%j → %s on %j', (raw, type, key) => {
    const a = parseAnchor(raw)
    expect(a).toEqual({ type, key, raw })
  })

  it.each([
    'x(a)', // unknown modifier
    '(a)b', // does not end with ")"
    '()', // empty inner key
    '=()',
    'X()',
    'image',
    '(',
    ')',
    '(a\nb)', // Go's "." does not match a newline
    '\ufeff(bom)', // Go does not trim U+FEFF, unlike String.prototype.trim
    'XX(a)',
    '<<(a)',
    '',
  ])('%j is a plain key', (raw) => {
    expect(parseAnchor(raw)).toEqual({ type: 'none', key: raw, raw })
  })

  it('predicates follow the tag', () => {
    const tags = ['(a)', '=(a)', 'X(a)', '^(a)', '<(a)', '+(a)', 'a'].map(parseAnchor)
    expect(tags.map(isCondition)).toEqual([true, false, false, false, false, false, false])
    expect(tags.map(isEquality)).toEqual([false, true, false, false, false, false, false])
    expect(tags.map(isNegation)).toEqual([false, false, true, false, false, false, false])
    expect(tags.map(isExistence)).toEqual([false, false, false, true, false, false, false])
    expect(tags.map(isGlobal)).toEqual([false, false, false, false, true, false, false])
    expect(tags.map(isAdd)).toEqual([false, false, false, false, false, true, false])
    expect(tags.map(isAnchor)).toEqual([true, true, true, true, true, true, false])
    expect(tags.map(isPhaseOneAnchor)).toEqual([true, true, true, true, false, false, false])
    expect(tags.map(isValidateAnchor)).toEqual([true, true, true, true, true, false, false])
  })

  it('anchorString rebuilds the key and round-trips through parseAnchor', () => {
    for (const raw of ['(a)', '=(a)', 'X(a)', '^(a)', '<(a)', '+(a)', '((a))']) {
      const a = parseAnchor(raw)
      expect(anchorString(a.type, a.key)).toBe(raw)
    }
    expect(anchorString('equality', 'app/name')).toBe('=(app/name)')
    expect(anchorString('none', 'plain')).toBe('plain')
  })

  it('goTrimSpace trims the Go whitespace set only', () => {
    expect(goTrimSpace(' \t\n\v\f\r\u0085\u00a0x\u2003\u3000')).toBe('x')
    expect(goTrimSpace('\ufeffx')).toBe('\ufeffx')
    expect(goTrimSpace('   ')).toBe('')
    expect(goTrimSpace('a b')).toBe('a b')
  })
})

describe('PatternError constructors', () => {
  it('carry a typed kind and Kyverno message texts', () => {
    expect(patternFailure('/a/', 'boom')).toEqual({ path: '/a/', kind: 'fail', message: 'boom' })
    expect(conditionalKeyMissing('/spec/x/')).toEqual({
      path: '/spec/x/',
      kind: 'skip',
      message: "conditional anchor mismatch: conditional anchor key doesn't exist in the resource",
    })
    expect(conditionalMismatch('/a/', 'inner').message).toBe('conditional anchor mismatch: inner')
    expect(globalMismatch('/a/', 'inner')).toEqual({ path: '/a/', kind: 'skip', message: 'global anchor mismatch: inner' })
    expect(negationMatched('/spec/volumes/0/hostPath/')).toEqual({
      path: '/spec/volumes/0/hostPath/',
      kind: 'negation',
      message: 'negation anchor matched in resource: /spec/volumes/0/hostPath/ is not allowed',
    })
  })

  it('combines skips with "; "', () => {
    const e = combineSkips('/c/', [conditionalMismatch('/c/0/', 'x'), globalMismatch('/c/1/', 'y')])
    expect(e).toEqual({ path: '/c/', kind: 'skip', message: 'conditional anchor mismatch: x; global anchor mismatch: y' })
  })

  it('never classifies by text: a failure whose text mentions a skip stays a failure', () => {
    expect(patternFailure('/a/', 'conditional anchor mismatch: looks like a skip').kind).toBe('fail')
  })
})
