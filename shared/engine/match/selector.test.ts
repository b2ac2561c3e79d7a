import { describe, expect, it } from 'vitest'
import { checkSelector, expandMatchLabels } from './selector.ts'

const labels = (o: Record<string, string>) => new Map(Object.entries(o))

describe('expandMatchLabels (wildcards.ReplaceInSelector)', () => {
  it('keeps entries without wildcards', () => {
    expect(expandMatchLabels({ app: 'web' }, labels({}))).toEqual(labels({ app: 'web' }))
  })
  it('replaces a wildcard entry by the first label matching key and value', () => {
    const l = labels({ 'app.io/name': 'shop', 'app.io/tier': 'web', other: 'x' })
    expect(expandMatchLabels({ 'app.io/*': '*' }, l)).toEqual(labels({ 'app.io/name': 'shop' }))
    expect(expandMatchLabels({ 'app.io/*': 'w?b' }, l)).toEqual(labels({ 'app.io/tier': 'web' }))
    expect(expandMatchLabels({ other: '*' }, l)).toEqual(labels({ other: 'x' }))
  })
  it('turns every wildcard character into 0 when no label matches', () => {
    expect(expandMatchLabels({ '*': '*' }, labels({}))).toEqual(labels({ '0': '0' }))
    expect(expandMatchLabels({ 'app?/*x': 'v*?' }, labels({ app: 'v' }))).toEqual(labels({ 'app0/0x': 'v00' }))
  })
  it('later entries overwrite earlier ones that expand to the same key', () => {
    expect(expandMatchLabels({ 'a*': '*', a: '1' }, labels({ a: '1' }))).toEqual(labels({ a: '1' }))
  })
})

describe('checkSelector', () => {
  it('matches after expansion and fails on malformed input', () => {
    expect(checkSelector({ matchLabels: { 'team.io/*': '*' } }, labels({ 'team.io/owner': 'a' }))).toBe(true)
    expect(checkSelector({ matchLabels: { 'team.io/*': '*' } }, labels({}))).toBe(false)
    expect(checkSelector({}, labels({}))).toBe(true)
    // an expanded resource label that is not a valid label makes the selector malformed
    expect(checkSelector({ matchLabels: { '*': '*' } }, labels({ 'bad key': 'x' }))).toBe(false)
  })
})
