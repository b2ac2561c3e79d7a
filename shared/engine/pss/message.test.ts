import { describe, expect, it } from 'vitest'
import { badValuesOf, forbiddenAt, renderFieldError, requiredAt, wildcardIndexes } from './field-errors.ts'
import { goQuote, joinQuote, sortedSet } from './format.ts'
import { formatPssMessage } from './message.ts'
import { ctr, evaluateOk, podSpec } from './test-support.ts'

describe('formatPssMessage', () => {
  it('passes with Kyverno’s pass message', () => {
    const r = evaluateOk('baseline', 'latest', podSpec([ctr('a')]))
    expect(formatPssMessage('baseline', 'baseline', 'latest', r.checks)).toBe("Validation rule 'baseline' passed.")
  })

  it('prints every failing check in registry order, as FormatChecksPrint does', () => {
    const r = evaluateOk('baseline', 'latest', podSpec([ctr('app', { privileged: true })], { hostNetwork: true }))
    expect(formatPssMessage('baseline', 'baseline', 'latest', r.checks)).toBe(
      `Validation rule 'baseline' failed. It violates PodSecurity "baseline:latest": ` +
        '(Forbidden reason: host namespaces, field error list: [spec.hostNetwork is forbidden, forbidden values found: true])' +
        '(Forbidden reason: privileged, field error list: [spec.containers[0].securityContext.privileged is forbidden, forbidden values found: true])',
    )
  })

  it('renders Required, bare Forbidden and list values like Kyverno', () => {
    const spec = podSpec([ctr('c0'), ctr('c1', { capabilities: { drop: ['NET_RAW'], add: ['SYS_ADMIN', 'NET_ADMIN'] } })], {
      volumes: [{ name: 'x', hostPath: { path: '/run/xtables.lock' } }],
    })
    const r = evaluateOk('restricted', 'v1.30', spec)
    expect(formatPssMessage('restricted', 'restricted', 'v1.30', r.checks)).toBe(
      `Validation rule 'restricted' failed. It violates PodSecurity "restricted:v1.30": ` +
        '(Forbidden reason: allowPrivilegeEscalation != false, field error list: [spec.containers[0].securityContext.allowPrivilegeEscalation: Required value, ' +
        'spec.containers[1].securityContext.allowPrivilegeEscalation is forbidden, forbidden values found: nil])' +
        '(Forbidden reason: unrestricted capabilities, field error list: [spec.containers[0].securityContext.capabilities.drop: Required value, ' +
        'spec.containers[1].securityContext.capabilities.drop is forbidden, forbidden values found: [NET_RAW], ' +
        'spec.containers[1].securityContext.capabilities.add is forbidden, forbidden values found: [NET_ADMIN SYS_ADMIN]])' +
        '(Forbidden reason: restricted volume types, field error list: [spec.volumes[0].hostPath: Forbidden])' +
        '(Forbidden reason: runAsNonRoot != true, field error list: [spec.containers[0].securityContext.runAsNonRoot: Required value, spec.containers[1].securityContext.runAsNonRoot: Required value])' +
        '(Forbidden reason: seccompProfile, field error list: [spec.containers[0].securityContext.seccompProfile.type: Required value, spec.containers[1].securityContext.seccompProfile.type: Required value])',
    )
  })

  it('prints an omitted version as empty, as Kyverno does', () => {
    const r = evaluateOk('baseline', undefined, podSpec([], { hostPID: true }))
    expect(formatPssMessage('r', 'baseline', undefined, r.checks)).toMatch(/^Validation rule 'r' failed\. It violates PodSecurity "baseline:": \(Forbidden reason: host namespaces/)
  })
})

describe('field errors', () => {
  it.each([
    [requiredAt('spec.a'), 'spec.a: Required value', []],
    [forbiddenAt('spec.a'), 'spec.a: Forbidden', []],
    [forbiddenAt('spec.a', ''), 'spec.a: Forbidden', []],
    [forbiddenAt('spec.a', 'nil'), 'spec.a is forbidden, forbidden values found: nil', ['nil']],
    [forbiddenAt('spec.a', false), 'spec.a is forbidden, forbidden values found: false', ['false']],
    [forbiddenAt('spec.a', 0), 'spec.a is forbidden, forbidden values found: 0', ['0']],
    [forbiddenAt('spec.a', ['B', 'A']), 'spec.a is forbidden, forbidden values found: [B A]', ['B', 'A']],
  ])('%j', (e, text, values) => {
    expect(renderFieldError(e)).toBe(text)
    expect(badValuesOf(e)).toEqual(values)
  })

  it('writes every index as *', () => {
    expect(wildcardIndexes('spec.containers[10].ports[2].hostPort')).toBe('spec.containers[*].ports[*].hostPort')
    expect(wildcardIndexes('metadata.annotations[container.apparmor.security.beta.kubernetes.io/app12]')).toBe(
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app*]',
    )
  })
})

describe('Go formatting helpers', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['nbsp\u00a0', '"nbsp\\u00a0"'],
    ['é 日本 😀', '"é 日本 😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['\ud800', '"\ufffd"'],
  ])('%%q of %j', (s, want) => expect(goQuote(s)).toBe(want))

  it('joinQuote and Go-ordered sets', () => {
    expect(joinQuote(['a', 'b'])).toBe('"a", "b"')
    expect(sortedSet(['b', 'a', 'b', 'B', '😀', '\uffff'])).toEqual(['B', 'a', 'b', '\uffff', '😀'])
  })
})
