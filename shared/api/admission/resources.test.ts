import { describe, expect, it } from 'vitest'
import { guessPlural, selectorResources } from './resources.ts'

const names = (selector: string) => selectorResources(selector).resources.map((r) => `${r.group}/${r.version}/${r.resource}`)

describe('selectorResources', () => {
  it('maps built-in kinds through the table', () => {
    expect(names('Deployment')).toEqual(['apps/v1/deployments'])
    expect(names('CronJob')).toEqual(['batch/v1/cronjobs'])
    expect(names('Ingress')).toEqual(['networking.k8s.io/v1/ingresses'])
    expect(names('ClusterRoleBinding')).toEqual(['rbac.authorization.k8s.io/v1/clusterrolebindings'])
    expect(names('HorizontalPodAutoscaler')).toEqual(['autoscaling/v2/horizontalpodautoscalers'])
    expect(names('Namespace')).toEqual(['/v1/namespaces'])
    expect(selectorResources('Secret').guessed).toBe(false)
  })

  it('adds pods/ephemeralcontainers to a plain Pod selector', () => {
    expect(names('Pod')).toEqual(['/v1/pods', '/v1/pods/ephemeralcontainers'])
  })

  it('registers both API groups of a kind that lives in two', () => {
    expect(names('Event')).toEqual(['/v1/events', 'events.k8s.io/v1/events'])
    expect(names('events.k8s.io/v1/Event')).toEqual(['events.k8s.io/v1/events'])
  })

  it('honours a group or version the selector names', () => {
    expect(names('apps/v1/Deployment')).toEqual(['apps/v1/deployments'])
    expect(names('v1/ReplicationController')).toEqual(['/v1/replicationcontrollers'])
    expect(names('extensions/v1beta1/Ingress')).toEqual(['extensions/v1beta1/ingresses'])
  })

  it('maps subresource selectors to plural/subresource', () => {
    expect(names('Pod/exec')).toEqual(['/v1/pods/exec'])
    expect(names('Pod.status')).toEqual(['/v1/pods/status'])
    expect(names('Deployment/scale')).toEqual(['apps/v1/deployments/scale'])
    expect(names('Pod/*')).toEqual(['/v1/pods', '/v1/pods/*'])
  })

  it('maps kind patterns to *', () => {
    expect(names('*')).toEqual(['*/*/*'])
    expect(names('*/*')).toEqual(['*/*/*', '*/*/*/*'])
    expect(names('Config*')).toEqual(['*/*/*'])
  })

  it('guesses custom kinds and says so', () => {
    expect(selectorResources('Widget')).toEqual({ resources: [{ group: '*', version: '*', resource: 'widgets' }], guessed: true })
    expect(names('cert-manager.io/v1/Certificate')).toEqual(['cert-manager.io/v1/certificates'])
  })
})

describe('guessPlural', () => {
  it('follows Kubernetes’ plural guesser', () => {
    expect(['Ingress', 'Policy', 'Gateway', 'Box', 'Match', 'Mesh', 'Widget'].map(guessPlural)).toEqual([
      'ingresses',
      'policies',
      'gateways',
      'boxes',
      'matches',
      'meshes',
      'widgets',
    ])
  })
})
