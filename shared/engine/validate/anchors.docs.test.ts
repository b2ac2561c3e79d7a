import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { validatePattern } from './index.ts'

const run = (r: JsonValue, p: JsonValue, message?: string, rule = 'r') =>
  validatePattern(r, p, { rule, resourceNumbers: 'int', ...(message === undefined ? {} : { message }) })
const KEY_MISSING = "conditional anchor mismatch: conditional anchor key doesn't exist in the resource"

describe('Kyverno documentation examples (Validate Rules → Patterns → Anchors)', () => {
  const pod = (spec: JsonValue, labels: JsonValue = {}): JsonValue => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels },
    spec,
  })

  describe('conditional: imagePullPolicy Always required with tag latest', () => {
    const pattern = { spec: { containers: [{ '(image)': '*:latest', imagePullPolicy: 'Always' }] } }
    const message = "imagePullPolicy 'Always' required with tag 'latest'"
    it('latest with IfNotPresent → fail with the documented message', () => {
      const r = pod({ containers: [{ name: 'n', image: 'nginx:latest', imagePullPolicy: 'IfNotPresent' }] })
      expect(run(r, pattern, message, 'validate-latest')).toEqual({
        status: 'fail',
        message:
          "validation error: imagePullPolicy 'Always' required with tag 'latest'. rule validate-latest failed at path /spec/containers/0/imagePullPolicy/",
      })
    })
    it('latest with Always → pass', () => {
      const r = pod({ containers: [{ name: 'n', image: 'nginx:latest', imagePullPolicy: 'Always' }] })
      expect(run(r, pattern, message, 'validate-latest')).toEqual({ status: 'pass', message: "validation rule 'validate-latest' passed." })
    })
    it('another tag → skip, with the raw text', () => {
      const r = pod({ containers: [{ name: 'n', image: 'nginx:1.2' }] })
      expect(run(r, pattern, message, 'validate-latest')).toEqual({
        status: 'skip',
        message: "conditional anchor mismatch: resource value 'nginx:1.2' does not match '*:latest' at path /spec/containers/0/image/",
      })
    })
  })

  describe('conditional: a docker.sock hostPath requires allow-docker=true', () => {
    const pattern = {
      metadata: { labels: { 'allow-docker': 'true' } },
      '(spec)': { '(volumes)': [{ '(hostPath)': { path: '/var/run/docker.sock' } }] },
    }
    const sock = { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v', hostPath: { path: '/var/run/docker.sock' } }] }
    it('socket mounted without the label → fail at the label', () => {
      expect(run(pod(sock, { 'allow-docker': 'false' }), pattern)).toEqual({
        status: 'fail',
        message: 'validation error: rule r failed at path /metadata/labels/allow-docker/',
      })
    })
    it('socket mounted with the label → pass', () => {
      expect(run(pod(sock, { 'allow-docker': 'true' }), pattern).status).toBe('pass')
    })
    it('no hostPath volume → skip (conditional texts nest)', () => {
      const spec = { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v', emptyDir: {} }] }
      expect(run(pod(spec), pattern)).toEqual({
        status: 'skip',
        message: `conditional anchor mismatch: conditional anchor mismatch: ${KEY_MISSING}`,
      })
    })
  })

  describe('equality: a hostPath, if present, must not be docker.sock', () => {
    const pattern = { spec: { '=(volumes)': [{ '=(hostPath)': { path: '!/var/run/docker.sock' } }] } }
    it('docker.sock → fail at the path', () => {
      const r = pod({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', hostPath: { path: '/var/run/docker.sock' } }] })
      expect(run(r, pattern)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /spec/volumes/1/hostPath/path/' })
    })
    it('another hostPath, no hostPath, or no volumes → pass', () => {
      expect(run(pod({ volumes: [{ name: 'b', hostPath: { path: '/data' } }] }), pattern).status).toBe('pass')
      expect(run(pod({ volumes: [{ name: 'a', emptyDir: {} }] }), pattern).status).toBe('pass')
      expect(run(pod({ containers: [] }), pattern).status).toBe('pass')
    })
  })

  describe('negation: hostPath volumes are forbidden', () => {
    const pattern = { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } }
    it('a hostPath volume → fail at the forbidden key', () => {
      const r = pod({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', hostPath: { path: '/etc' } }] })
      expect(run(r, pattern, 'HostPath volumes are forbidden. The field spec.volumes[*].hostPath must be unset.')).toEqual({
        status: 'fail',
        message:
          'validation error: HostPath volumes are forbidden. The field spec.volumes[*].hostPath must be unset. rule r failed at path /spec/volumes/1/hostPath/',
      })
    })
    it('no hostPath → pass', () => {
      expect(run(pod({ volumes: [{ name: 'a', emptyDir: {} }] }), pattern).status).toBe('pass')
    })
  })

  describe('existence: at least one container uses nginx:latest', () => {
    const pattern = { spec: { '^(containers)': [{ image: 'nginx:latest' }] } }
    it('one of several → pass', () => {
      const r = pod({ containers: [{ name: 'a', image: 'busybox:1' }, { name: 'b', image: 'nginx:latest' }] })
      expect(run(r, pattern).status).toBe('pass')
    })
    it('none → fail at the list', () => {
      const r = pod({ containers: [{ name: 'a', image: 'busybox:1' }] })
      expect(run(r, pattern)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /spec/containers/' })
    })
  })

  describe('global: images from corp.reg.com need the registry secret', () => {
    const pattern = {
      spec: {
        containers: [{ name: '*', '<(image)': 'corp.reg.com/*' }],
        imagePullSecrets: [{ name: 'my-registry-secret' }],
      },
    }
    it('corp image with the secret → pass', () => {
      const r = pod({ containers: [{ name: 'a', image: 'corp.reg.com/app:1' }], imagePullSecrets: [{ name: 'my-registry-secret' }] })
      expect(run(r, pattern).status).toBe('pass')
    })
    it('corp image without the secret → fail at imagePullSecrets', () => {
      const r = pod({ containers: [{ name: 'a', image: 'corp.reg.com/app:1' }] })
      expect(run(r, pattern)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /spec/imagePullSecrets/' })
    })
    it('corp image with a wrong secret → fail at the secret name', () => {
      const r = pod({ containers: [{ name: 'a', image: 'corp.reg.com/app:1' }], imagePullSecrets: [{ name: 'other' }] })
      expect(run(r, pattern)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /spec/imagePullSecrets/0/name/' })
    })
    it('other registries → skip, secret or not', () => {
      const r = pod({ containers: [{ name: 'a', image: 'docker.io/app:1' }] })
      expect(run(r, pattern)).toEqual({
        status: 'skip',
        message: "global anchor mismatch: resource value 'docker.io/app:1' does not match 'corp.reg.com/*' at path /spec/containers/0/image/",
      })
    })
  })
})
