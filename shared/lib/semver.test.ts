import { describe, expect, it } from 'vitest'
import { ZERO_SEMVER, compareSemver, parseSemver, parseSemverRange, satisfiesRange, type Semver } from './semver.ts'

const v = (s: string): Semver => {
  const parsed = parseSemver(s)
  if (!parsed) throw new Error(`test fixture ${s} does not parse`)
  return parsed
}

describe('parseSemver (blang Parse)', () => {
  it('parses every part', () => {
    expect(parseSemver('1.2.3-rc.1+build.5')).toEqual({
      major: 1n,
      minor: 2n,
      patch: 3n,
      pre: [{ str: 'rc' }, { num: 1n }],
      build: ['build', '5'],
    })
    expect(parseSemver('0.0.0')).toEqual(ZERO_SEMVER)
  })

  it('keeps uint64 numbers exact', () => {
    expect(parseSemver('18446744073709551615.0.0')?.major).toBe(18446744073709551615n)
    expect(parseSemver('18446744073709551616.0.0')).toBeNull()
  })

  it('splits build at the first + and pre-release at the first - before it', () => {
    expect(parseSemver('1.0.0+build-1')).toMatchObject({ pre: [], build: ['build-1'] })
    expect(parseSemver('1.0.0-alpha-1')).toMatchObject({ pre: [{ str: 'alpha-1' }] })
    expect(parseSemver('1.0.0-0.3.7')).toMatchObject({ pre: [{ num: 0n }, { num: 3n }, { num: 7n }] })
  })

  it.each([
    'v1.2.3', // no v prefix: blang Parse, not ParseTolerant
    ' 1.2.3',
    '1.2.3 ',
    '1.2',
    '1',
    '',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-01',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-a..b',
    '1.2.3+a..b',
    '1.2.3-ä',
    '1.2.3+b+c',
    '1.2.x',
    '-1.2.3',
    '1.2.3.4',
  ])('rejects %j', (s) => expect(parseSemver(s)).toBeNull())
})

describe('compareSemver (SemVer 2.0 precedence)', () => {
  // The chain from semver.org §11, strictly increasing.
  const chain = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '2.0.0',
  ]
  it.each(chain.slice(1).map((b, i) => [chain[i] as string, b]))('%s < %s', (a, b) => {
    expect(compareSemver(v(a), v(b))).toBe(-1)
    expect(compareSemver(v(b), v(a))).toBe(1)
  })

  it('ignores build metadata', () => {
    expect(compareSemver(v('1.0.0+a'), v('1.0.0+b'))).toBe(0)
    expect(compareSemver(v('1.0.0-rc.1+a'), v('1.0.0-rc.1'))).toBe(0)
  })

  it('orders alphanumeric identifiers by ASCII', () => {
    expect(compareSemver(v('1.0.0-Z'), v('1.0.0-a'))).toBe(-1)
    expect(compareSemver(v('1.0.0-1'), v('1.0.0-a'))).toBe(-1)
  })
})

describe('satisfiesRange (blang ParseRange)', () => {
  it.each([
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.0.0', '>1.0.0', false],
    ['1.0.1', '>1.0.0', true],
    ['1.0.0', '<=1.0.0', true],
    ['1.0.0', '1.0.0', true],
    ['1.0.0', '=1.0.0', true],
    ['1.0.0', '==1.0.0', true],
    ['1.0.0+build', '1.0.0', true],
    ['1.0.0', '!=1.0.0', false],
    ['1.0.1', '!1.0.0', true],
    ['1.0.0-rc.1', '<1.0.0', true],
    ['1.5.0', '<2.0.0 || >=3.0.0', true],
    ['2.5.0', '<2.0.0 || >=3.0.0', false],
    ['3.1.0', '<2.0.0 || >=3.0.0', true],
    ['4.2.1', '>1.0.0 <2.0.0 || >3.0.0 !4.2.1', false],
    ['3.1.1', '>1.0.0 <2.0.0 || >3.0.0 !4.2.1', true],
    ['1.0.0', '>= 1.0.0', true], // space after an operator does not split
    ['1.0.0', '  >=1.0.0   <2.0.0  ', true],
    ['1.2.9', '1.2.x', true],
    ['1.3.0', '1.2.x', false],
    ['1.2.9', '<=1.2.x', true],
    ['1.3.0', '<=1.2.x', false],
    ['1.3.0', '>1.2.x', true],
    ['1.2.5', '>1.2.x', false],
    ['1.9.9', '1.x', true],
    ['2.0.0', '1.x', false],
    // blang expands `!=1.2.x` to `<1.2.0 >=1.3.0` inside one AND group, so nothing satisfies it.
    ['1.2.0', '!=1.2.x', false],
    ['1.3.0', '!=1.2.x', false],
    ['1.1.0', '!=1.2.x', false],
    ['0.0.0', '>=0.0.0', true],
  ])('%s in %j → %s', (version, range, want) => expect(satisfiesRange(version, range)).toEqual({ ok: true, value: want }))

  it.each([
    ['', "Last element in range is '||'"],
    ['1', "Last element in range is '||'"], // one-character segments are dropped, as blang does
    ['|| >1.0.0', "First element in range is '||'"],
    ['>1.0.0 ||', "Last element in range is '||'"],
    ['junk', 'Could not get version from string: "junk"'],
    ['>=1.0', 'Could not parse Range ">=1.0": Could not parse version "1.0" in ">=1.0": No Major.Minor.Patch elements found'],
    ['~1.0.0', 'Could not parse Range "~1.0.0": Could not parse comparator "~" in "~1.0.0"'],
    ['>=v1.0.0', 'Could not parse Range ">=v1.0.0": Could not parse comparator ">=v" in ">=v1.0.0"'],
    ['1.0.0-xyz', 'Could not get version from string: "<"'], // blang wildcard expansion quirk
    ['>1.0.0 || || <0.5.0', 'empty range'],
  ])('bad range %j → error', (range, message) => expect(satisfiesRange('1.0.0', range)).toEqual({ ok: false, error: message }))

  it('checks the range before the version', () => {
    expect(satisfiesRange('junk', 'bad').ok).toBe(false)
    expect(satisfiesRange('junk', 'bad')).toEqual({ ok: false, error: 'Could not get version from string: "bad"' })
    expect(satisfiesRange('junk', '>=0.0.0')).toEqual({
      ok: false,
      error: 'invalid version "junk": No Major.Minor.Patch elements found',
    })
  })

  it('supports the semver_compare fallback (unparsable version = 0.0.0)', () => {
    const semverCompare = (version: string, range: string) => satisfiesRange(parseSemver(version) ? version : '0.0.0', range)
    expect(semverCompare('junk', '>=0.0.0')).toEqual({ ok: true, value: true })
    expect(semverCompare('v1.2.3', '>=1.0.0')).toEqual({ ok: true, value: false })
  })

  it('returns a reusable predicate', () => {
    const r = parseSemverRange('>=1.20.0 <1.30.0')
    if (!r.ok) throw new Error(r.error)
    expect(r.value(v('1.25.3'))).toBe(true)
    expect(r.value(v('1.30.0-rc.0'))).toBe(true) // pre-releases of the bound sort below it
    expect(r.value(v('1.30.0'))).toBe(false)
  })
})
