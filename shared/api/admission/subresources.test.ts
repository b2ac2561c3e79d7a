/**
 * Subresource requests (`pods/exec`, `pods/ephemeralcontainers`, `deployments/scale`) are matched
 * as Kyverno matches them: the parent resource's kind plus the subresource, never as the carried
 * object's kind, and a plain kind selector does not select a subresource.
 */
import { describe, expect, it } from 'vitest'
import { compileSet, policiesForKind } from './compile.ts'
import { decideAdmission, type ClusterSettings } from './decide.ts'
import { evaluationInput, requestKind, requestTarget, resourceLabel } from './input.ts'
import { admissionRequest, alwaysDeny, pod, podExec, policy, rule, subresourceRequest } from './testing.ts'

const cluster: ClusterSettings = { id: 'c', namespaceExclusions: [], failureMode: 'fail-closed' }
const enforce = { validationFailureAction: 'Enforce' }
const set = (...policies: ReturnType<typeof policy>[]) => compileSet('s', 1, policies)
// Denies even an UPDATE whose old object was denied too (Kyverno forgives those by default).
const strictDeny = (name: string, message: string, kinds: string[]) => rule(name, { message, deny: {}, allowExistingViolations: false }, kinds)
const noPods = policy('no-pods', [strictDeny('r', 'no pods', ['Pod'])], enforce)
const noExec = policy('no-exec', [alwaysDeny('r', 'no exec', ['Pod/exec'])], enforce)
const scale = (obj = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'prod' }, spec: { replicas: 9 } }) =>
  subresourceRequest('UPDATE', { group: 'apps', version: 'v1', resource: 'deployments' }, 'scale', obj, { oldObject: { ...obj, spec: { replicas: 3 } } })

describe('the kind a subresource request is matched as', () => {
  it('is the parent resource kind with the subresource, not the carried object kind', () => {
    expect(requestKind(podExec())).toBe('Pod')
    expect(requestTarget(podExec())).toEqual({ group: '', version: 'v1', kind: 'Pod', subresource: 'exec' })
    expect(requestTarget(scale())).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment', subresource: 'scale' })
  })

  it("finds a custom resource's kind among the kinds the set names, else falls back to request.kind", () => {
    const widgets = policy('widgets', [alwaysDeny('r', 'no', ['example.com/v1/Widget/status'])], enforce)
    const status = (kind: string, resource: string) =>
      subresourceRequest('UPDATE', { group: 'example.com', version: 'v1', resource }, 'status', { apiVersion: 'example.com/v1', kind, metadata: { name: 'w', namespace: 'prod' } })
    expect(requestKind(status('Widget', 'widgets'), set(widgets).resourceKinds)).toBe('Widget')
    expect(requestKind(status('Gadget', 'gadgets'), set(widgets).resourceKinds)).toBe('Gadget')
  })

  it('leaves requests without a subresource matched as their object', () => {
    expect(requestTarget(admissionRequest('CREATE', pod()))).toEqual({ group: '', version: 'v1', kind: 'Pod', subresource: '' })
  })

  it('keeps the carried object for the blocked-resource label, as Kyverno names it', () => {
    expect(resourceLabel(podExec())).toBe('PodExecOptions/prod/web')
  })
})

describe('the policies a subresource request reaches', () => {
  it('a Pod/exec policy is a candidate for pods/exec; nothing for the PodExecOptions kind is', () => {
    const s = set(noPods, noExec)
    expect(policiesForKind(s, requestKind(podExec(), s.resourceKinds)).map((p) => p.name)).toEqual(['no-pods', 'no-exec'])
    expect(decideAdmission(podExec(), set(noExec), cluster).notEvaluated).toBeUndefined()
  })

  it('a Pod/exec rule denies an exec, named as Kyverno names the carried object', () => {
    const d = decideAdmission(podExec(), set(noExec), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toBe('resource PodExecOptions/prod/web was blocked due to the following policies\n\nno-exec:\n  r: no exec')
    // And nothing else: the same rule never sees the Pod itself.
    expect(decideAdmission(admissionRequest('CREATE', pod()), set(noExec), cluster).response.allowed).toBe(true)
  })

  it('a rule reading request.subResource and request.kind sees the admission fields', () => {
    const p = policy('interactive', [
      {
        name: 'no-tty',
        match: { any: [{ resources: { kinds: ['Pod/exec'] } }] },
        validate: {
          message: '{{ request.kind.kind }} via {{ request.subResource }} on {{ request.name }}',
          deny: { conditions: { all: [{ key: '{{ request.object.tty }}', operator: 'Equals', value: true }] } },
        },
      },
    ], enforce)
    const d = decideAdmission(podExec(), set(p), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toContain('no-tty: PodExecOptions via exec on web')
  })

  it('a plain Pod rule does not fire on pods/exec', () => {
    const d = decideAdmission(podExec(), set(noPods), cluster)
    expect(d.response).toEqual({ uid: expect.any(String), allowed: true })
    expect(d.matched).toBe(false)
  })

  it('a plain Pod rule does not fire on pods/status, but does on pods/ephemeralcontainers (Kyverno\'s exception)', () => {
    const obj = pod()
    const sub = (s: string) => subresourceRequest('UPDATE', { group: '', version: 'v1', resource: 'pods' }, s, obj, { oldObject: obj })
    expect(decideAdmission(sub('status'), set(noPods), cluster).response.allowed).toBe(true)
    const d = decideAdmission(sub('ephemeralcontainers'), set(noPods), cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toBe('resource Pod/prod/web was blocked due to the following policies\n\nno-pods:\n  r: no pods')
  })

  it('a Pod/ephemeralcontainers rule fires on that subresource only', () => {
    const p = policy('no-debug', [strictDeny('r', 'no debug containers', ['Pod/ephemeralcontainers'])], enforce)
    const obj = pod()
    expect(decideAdmission(subresourceRequest('UPDATE', { group: '', version: 'v1', resource: 'pods' }, 'ephemeralcontainers', obj, { oldObject: obj }), set(p), cluster).response.allowed).toBe(false)
    expect(decideAdmission(admissionRequest('CREATE', obj), set(p), cluster).response.allowed).toBe(true)
  })

  it('a Deployment rule (or a Pod rule through autogen) does not fire on deployments/scale', () => {
    const deployments = policy('no-deployments', [strictDeny('r', 'no', ['Deployment'])], enforce)
    expect(decideAdmission(scale(), set(deployments, noPods), cluster).response).toEqual({ uid: expect.any(String), allowed: true })
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' }, spec: { template: { spec: { containers: [] } } } }
    expect(decideAdmission(admissionRequest('CREATE', dep), set(deployments), cluster).response.allowed).toBe(false)
  })

  it('warns about no namespaceSelector gap for a rule whose kinds cannot select the subresource', () => {
    const p = policy('labelled-ns', [
      { name: 'r', match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, validate: { deny: {} } },
    ], enforce)
    expect(decideAdmission(podExec(), set(p), cluster).response).toEqual({ uid: expect.any(String), allowed: true })
    expect(decideAdmission(admissionRequest('CREATE', pod()), set(p), cluster).response.warnings).toHaveLength(1)
  })
})

describe('the evaluation input of a subresource request', () => {
  it('passes the subresource and puts the carried object in the request namespace, without touching the request', () => {
    const req = podExec()
    const input = evaluationInput(req)
    expect(input.operation).toBe('CONNECT')
    expect(input.subresource).toBe('exec')
    expect(input.object).toEqual({ apiVersion: 'v1', kind: 'PodExecOptions', stdin: true, tty: true, container: 'app', command: ['sh'], metadata: { namespace: 'prod' } })
    expect(req.object).not.toHaveProperty('metadata')
  })

  it('hands over an object already in the request namespace as is', () => {
    const req = admissionRequest('CREATE', pod())
    expect(evaluationInput(req).object).toBe(req.object)
  })
})
