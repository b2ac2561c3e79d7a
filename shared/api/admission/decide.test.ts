import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { compileSet } from './compile.ts'
import { decideAdmission, failureResponse, type ClusterSettings } from './decide.ts'
import { MAX_WARNINGS } from './messages.ts'
import { admissionRequest, alwaysDeny, pod, policy, rule } from './testing.ts'

const cluster: ClusterSettings = { id: 'prod-eu', namespaceExclusions: ['kube-system'], failureMode: 'fail-closed' }
const enforce = { validationFailureAction: 'Enforce' }

const requireApp = policy(
  'require-labels',
  [rule('check-app', { message: 'label app is required', pattern: { metadata: { labels: { app: '?*' } } } })],
  enforce,
)
const set = (...policies: ReturnType<typeof policy>[]) => compileSet('s', 1, policies)
const create = (object: JsonObject, extra: Record<string, unknown> = {}) => admissionRequest('CREATE', object, extra)

describe('decideAdmission: allow and deny', () => {
  it('allows a compliant Pod, echoing the uid, with the engine result for the log', () => {
    const d = decideAdmission(create(pod('web', 'prod', { app: 'web' })), set(requireApp), cluster)
    expect(d.response).toEqual({ uid: 'b0d6c3a4-0000-4000-8000-000000000001', allowed: true })
    expect(d.matched).toBe(true)
    expect(d.results.map((r) => [r.policy.name, r.rules.map((x) => x.status)])).toEqual([['require-labels', ['pass']]])
  })

  it("denies with 403 and Kyverno's message", () => {
    const d = decideAdmission(create(pod()), set(requireApp), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'resource Pod/prod/web was blocked due to the following policies\n\n' +
        'require-labels:\n  check-app: validation error: label app is required. rule check-app failed at path /metadata/labels/app/',
    })
  })

  it('lists every failed Enforce rule, policies and rules in evaluation order', () => {
    const a = policy('b-policy', [alwaysDeny('second', 'no two'), alwaysDeny('first', 'no one')], enforce)
    const b = policy('a-policy', [alwaysDeny('only', 'no three')], enforce)
    const d = decideAdmission(create(pod()), set(a, b), cluster)
    expect(d.response.status?.message).toBe(
      'resource Pod/prod/web was blocked due to the following policies\n\n' +
        'b-policy:\n  second: no two\n  first: no one\na-policy:\n  only: no three',
    )
  })

  it('omits the namespace segment for cluster-scoped resources', () => {
    const p = policy('no-admin', [alwaysDeny('r', 'no', ['ClusterRole'])], enforce)
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' }, rules: [] }
    expect(decideAdmission(create(role), set(p), cluster).response.status?.message).toMatch(/^resource ClusterRole\/admin was blocked/)
    // The API server puts a Namespace's own name in `namespace` on UPDATE; it is still cluster-scoped.
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }
    const q = policy('ns', [rule('r', { message: 'no', deny: {}, allowExistingViolations: false }, ['Namespace'])], enforce)
    const upd = admissionRequest('UPDATE', ns, { namespace: 'team-a', oldObject: ns })
    expect(decideAdmission(upd, set(q), cluster).response.status?.message).toMatch(/^resource Namespace\/team-a was blocked/)
  })

  it('applies autogen: a Pod rule denies a Deployment through its autogen rule', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'prod' },
      spec: { template: { metadata: { labels: {} }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } },
    }
    const d = decideAdmission(create(dep), set(requireApp), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toContain('require-labels:\n  autogen-check-app: validation error: label app is required.')
  })

  it('decides DELETE on the old object (object is null)', () => {
    const p = policy('no-delete', [rule('r', { message: 'do not delete', deny: {} }, ['Pod'], { match: { any: [{ resources: { kinds: ['Pod'], operations: ['DELETE'] } }] } })], enforce)
    const d = decideAdmission(admissionRequest('DELETE', null, { oldObject: pod() }), set(p), cluster)
    expect(d.response.status?.message).toBe('resource Pod/prod/web was blocked due to the following policies\n\nno-delete:\n  r: do not delete')
  })

  it('decides dryRun requests like any other', () => {
    const d = decideAdmission(create(pod(), { dryRun: true }), set(requireApp), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.matched).toBe(true)
  })
})

describe('decideAdmission: warnings', () => {
  it('turns Audit failures into warnings and allows', () => {
    const p = policy('audit-labels', [alwaysDeny('check', 'label app is recommended')])
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d.response).toEqual({ uid: expect.any(String), allowed: true, warnings: ['policy audit-labels.check: label app is recommended'] })
  })

  it('keeps Audit warnings next to an Enforce denial', () => {
    const d = decideAdmission(create(pod()), set(requireApp, policy('a', [alwaysDeny('r', 'hm')])), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.warnings).toEqual(['policy a.r: hm'])
  })

  it(`caps warnings at ${MAX_WARNINGS}, the last one counting the rest`, () => {
    const rules = Array.from({ length: 70 }, (_, i) => alwaysDeny(`r${i}`, `m${i}`))
    const w = decideAdmission(create(pod()), set(policy('many', rules)), cluster).response.warnings ?? []
    expect(w).toHaveLength(MAX_WARNINGS)
    expect(w[0]).toBe('policy many.r0: m0')
    expect(w[62]).toBe('policy many.r62: m62')
    expect(w[63]).toBe('verdict: 7 more warnings not shown')
  })

  it('truncates long warnings to 256 characters and flattens newlines', () => {
    const d = decideAdmission(create(pod()), set(policy('long', [alwaysDeny('r', `line1\nline2 ${'x'.repeat(400)}`)])), cluster)
    const [w] = d.response.warnings ?? []
    expect(w).toHaveLength(256)
    expect(w).toMatch(/^policy long\.r: line1 line2 x+\.\.\.$/)
  })

  it('warns when a rule cannot apply because admission lacks namespace labels', () => {
    const p = policy('labelled-ns', [
      { name: 'r', match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, validate: { deny: {} } },
    ], enforce)
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d.response.allowed).toBe(true)
    expect(d.response.warnings).toEqual([
      'policy labelled-ns.r: not applied: its match uses namespaceSelector, which admission requests do not carry (Verdict cannot evaluate it yet)',
    ])
  })
})

describe('decideAdmission: errors are never silence', () => {
  const missingKey = { all: [{ key: '{{ request.object.metadata.annotations.team }}', operator: 'Equals', value: 'x' }] }

  it('denies on an error in an Enforce policy, saying "error"', () => {
    const p = policy('strict', [rule('r', { deny: {} }, ['Pod'], { preconditions: missingKey })], enforce)
    const msg = decideAdmission(create(pod()), set(p), cluster).response.status?.message ?? ''
    expect(msg).toMatch(/^resource Pod\/prod\/web was blocked due to the following policies\n\nstrict:\n  r: error: failed to evaluate preconditions: /)
  })

  it('allows with a warning when the Enforce policy sets failurePolicy: Ignore', () => {
    const p = policy('lenient', [rule('r', { deny: {} }, ['Pod'], { preconditions: missingKey })], { ...enforce, failurePolicy: 'Ignore' })
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d.response.allowed).toBe(true)
    expect(d.response.warnings?.[0]).toMatch(/^policy lenient\.r: error: failed to evaluate preconditions: .*\(allowed: the policy's failurePolicy is Ignore\)$/)
  })

  it('warns on an error in an Audit policy', () => {
    const p = policy('audit', [rule('r', { deny: {} }, ['Pod'], { preconditions: missingKey })])
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d.response.allowed).toBe(true)
    expect(d.response.warnings?.[0]).toMatch(/^policy audit\.r: error: failed to evaluate preconditions: /)
  })

  it('denies on an unsupported rule in an Enforce policy', () => {
    const p = policy('mutator', [{ name: 'add', match: { any: [{ resources: { kinds: ['Pod'] } }] }, mutate: { patchStrategicMerge: { metadata: { labels: { a: 'b' } } } } }], enforce)
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toContain('mutator:\n  add: error: unsupported: mutate rules is not evaluated by Verdict yet')
  })

  it('passes a clock through to time functions (and errors without one)', () => {
    const p = policy('clock', [rule('r', { message: 'frozen', deny: { conditions: { all: [{ key: '{{ time_now_utc() }}', operator: 'Equals', value: '2024-01-01T00:00:00Z' }] } } })], enforce)
    const now = () => new Date('2024-01-01T00:00:00Z')
    expect(decideAdmission(create(pod()), set(p), cluster, { now }).response.status?.message).toContain('r: frozen')
    expect(decideAdmission(create(pod()), set(p), cluster).response.status?.message).toContain('r: error: ')
  })
})

describe('decideAdmission: UPDATE and existing violations', () => {
  it('allows an UPDATE that keeps a violation the old object already had', () => {
    const old = pod()
    const next = { ...pod(), spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } }
    const d = decideAdmission(admissionRequest('UPDATE', next, { oldObject: old }), set(requireApp), cluster)
    expect(d.response).toEqual({ uid: expect.any(String), allowed: true })
    expect(d.results[0]?.rules[0]).toMatchObject({ status: 'skip', message: 'skipping the rule evaluation as pre-existing violations are allowed' })
  })

  it('denies an UPDATE that introduces the violation', () => {
    const d = decideAdmission(admissionRequest('UPDATE', pod(), { oldObject: pod('web', 'prod', { app: 'web' }) }), set(requireApp), cluster)
    expect(d.response.allowed).toBe(false)
  })
})

describe('decideAdmission: what is not evaluated', () => {
  it('allows requests in an excluded namespace without evaluating', () => {
    const d = decideAdmission(create(pod('web', 'kube-system')), set(requireApp), cluster)
    expect(d).toEqual({ response: { uid: expect.any(String), allowed: true }, results: [], matched: false, notEvaluated: 'excluded-namespace' })
  })

  it("excludes a Namespace object by its own name", () => {
    const p = policy('ns', [alwaysDeny('r', 'no', ['Namespace'])], enforce)
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
    expect(decideAdmission(create(ns('kube-system')), set(p), cluster).notEvaluated).toBe('excluded-namespace')
    expect(decideAdmission(create(ns('team-a')), set(p), cluster).response.allowed).toBe(false)
  })

  it('answers a kind no policy selects on the fast path', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' }, data: {} }
    const d = decideAdmission(create(cm), set(requireApp), cluster)
    expect(d).toEqual({ response: { uid: expect.any(String), allowed: true }, results: [], matched: false, notEvaluated: 'no-policy-for-kind' })
  })

  it('reports matched=false when a policy for the kind has no rule that applies', () => {
    const p = policy('prod-only', [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['staging'] } }] }, validate: { deny: {} } }], enforce)
    const d = decideAdmission(create(pod()), set(p), cluster)
    expect(d).toEqual({ response: { uid: expect.any(String), allowed: true }, results: [], matched: false })
  })
})

describe('failureResponse', () => {
  const req = { uid: 'u-1' }
  it('fail-open allows with a warning naming the reason', () => {
    expect(failureResponse(req, { failureMode: 'fail-open' }, 'policy store timed out')).toEqual({
      uid: 'u-1',
      allowed: true,
      warnings: ["verdict: policy store timed out; allowed because the cluster's failure mode is fail-open"],
    })
  })
  it('fail-closed denies with 503', () => {
    expect(failureResponse(req, { failureMode: 'fail-closed' }, 'evaluation timed out')).toEqual({
      uid: 'u-1',
      allowed: false,
      status: { code: 503, reason: 'ServiceUnavailable', message: "verdict: evaluation timed out; denied because the cluster's failure mode is fail-closed" },
    })
  })
})
