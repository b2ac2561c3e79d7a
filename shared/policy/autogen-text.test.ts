import { describe, expect, it } from 'vitest'
import { findReferences, rewriteRuleText, shiftReferences } from './autogen-text.ts'

describe('rewriteRuleText (spec §3.3 text rewrite)', () => {
  it.each([
    ['request.object.spec.containers', 'request.object.spec.template.spec.containers'],
    ['request.oldObject.spec.replicas', 'request.oldObject.spec.template.spec.replicas'],
    ['{{request.object.metadata.labels.team}}', '{{request.object.spec.template.metadata.labels.team}}'],
    ['request.oldObject.metadata.name', 'request.oldObject.spec.template.metadata.name'],
    // order: `spec` first, so the inserted `spec.template.metadata` is not rewritten again
    ['request.object.metadata request.object.spec', 'request.object.spec.template.metadata request.object.spec.template.spec'],
    // plain substrings: a prefix match is enough, quoted segments are not
    ['request.object.specification', 'request.object.spec.template.specification'],
    ['request."object".metadata', 'request."object".metadata'],
    ['object.spec', 'object.spec'], // only the CEL rewrite touches bare `object.`
  ])('controllers: %s', (from, to) => expect(rewriteRuleText(from, 'controllers', false)).toBe(to))

  it.each([
    ['request.object.spec.containers', 'request.object.spec.jobTemplate.spec.template.spec.containers'],
    ['request.oldObject.spec', 'request.oldObject.spec.jobTemplate.spec.template.spec'],
    ['request.object.metadata.labels', 'request.object.spec.jobTemplate.spec.template.metadata.labels'],
    ['request.oldObject.metadata', 'request.oldObject.spec.jobTemplate.spec.template.metadata'],
  ])('cronjob: %s', (from, to) => expect(rewriteRuleText(from, 'cronjob', false)).toBe(to))

  it.each([
    ['object.spec.containers.all(c, c.image != "x")', 'object.spec.template.spec.containers.all(c, c.image != "x")'],
    ['oldObject.metadata.labels', 'oldObject.spec.template.metadata.labels'],
    ['has(object.metadata.labels)', 'has(object.spec.template.metadata.labels)'],
    ['request.object.spec', 'request.object.spec.template.spec'], // `object.` also hits the request form
  ])('cel controllers: %s', (from, to) => expect(rewriteRuleText(from, 'controllers', true)).toBe(to))

  it('cel cronjob', () => {
    expect(rewriteRuleText('object.spec.containers', 'cronjob', true)).toBe('object.spec.jobTemplate.spec.template.spec.containers')
    expect(rewriteRuleText('oldObject.metadata', 'cronjob', true)).toBe('oldObject.spec.jobTemplate.spec.template.metadata')
  })

  it('rewrites inside serialised JSON, keys included', () => {
    const json = JSON.stringify({ 'request.object.metadata.name': 'request.object.spec.x' })
    expect(JSON.parse(rewriteRuleText(json, 'controllers', false))).toEqual({
      'request.object.spec.template.metadata.name': 'request.object.spec.template.spec.x',
    })
  })

  it('treats $ in the text literally', () => {
    expect(rewriteRuleText("$& request.object.spec $'", 'controllers', false)).toBe("$& request.object.spec.template.spec $'")
  })
})

describe('findReferences (RegexReferences)', () => {
  it.each([
    ['$(./../pattern/spec/x)', ['$(./../pattern/spec/x)']],
    ['value $(./../pattern/x) is bad', [' $(./../pattern/x)']],
    ['a $(x) b $(y)', [' $(x)', ' $(y)']],
    ['$(a)$(b)', ['$(a)$(b)']], // greedy to the last ) before a space
    ['x$(a)b) y)', ['x$(a)b)']],
    ['\\$(a)', []], // escaped
    ['$()', []], // `.` needs one character before the closing )
    ['$( )', ['$( )']],
    ['$(\n)', []], // `.` is not a newline
    ['$(abc', []],
    ['no refs', []],
    ['$$(x)', ['$$(x)']],
  ])('%j', (text, want) => expect(findReferences(text)).toEqual(want))

  it('stays linear on hostile text', () => {
    const text = 'a$('.repeat(200_000)
    const t0 = Date.now()
    expect(findReferences(text)).toEqual([])
    expect(Date.now() - t0).toBeLessThan(1000)
  })
})

describe('shiftReferences (FindAndShiftReferences)', () => {
  it('inserts the shift after the pivot', () => {
    expect(shiftReferences('image $(./../../pattern/spec/containers/0/image) not allowed', 'spec/template', 'pattern')).toBe(
      'image $(./../../pattern/spec/template/spec/containers/0/image) not allowed',
    )
    expect(shiftReferences('$(./../pattern/x)', 'spec/template', 'pattern')).toBe('$(./../pattern/spec/template/x)')
  })
  it('leaves messages without references and references without the pivot alone', () => {
    expect(shiftReferences('plain message', 'spec/template', 'pattern')).toBe('plain message')
    expect(shiftReferences('see $(./other/x)', 'spec/template', 'pattern')).toBe('see $(./other/x)')
    expect(shiftReferences('\\$(./pattern/x)', 'spec/template', 'pattern')).toBe('\\$(./pattern/x)')
  })
  it('anyPattern: the pivot takes the first reference index and keeps it (Kyverno quirk)', () => {
    expect(shiftReferences('a $(./anyPattern/0/spec/x) b $(./anyPattern/1/spec/y)', 'spec/template', 'anyPattern')).toBe(
      'a $(./anyPattern/0/spec/template/spec/x) b $(./anyPattern/1/spec/y)',
    )
  })
  it('shifting twice nests the shift (CronJob messages)', () => {
    const once = shiftReferences('$(./pattern/spec/x)', 'spec/template', 'pattern')
    expect(shiftReferences(once, 'spec/jobTemplate/spec/template', 'pattern')).toBe('$(./pattern/spec/jobTemplate/spec/template/spec/template/spec/x)')
  })
})
