/**
 * Bench inputs read from the shared data beside the repository: the Kyverno policy corpus, the
 * bench manifests and the seeds. Nothing here is generated except CronJobs wrapped around the
 * bench Deployments' pod templates (the manifests have no CronJobs) and AdmissionReview envelopes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDocuments } from '../../../shared/kube/decode.ts'
import { isObject, type JsonObject } from '../../../shared/lib/json.ts'
import { loadPolicy, type LoadedPolicy } from '../../../shared/policy/load.ts'

/** Every `.yaml` under `dir`, skipping dot-directories (the corpus keeps its tests in `.kyverno-test`). */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n)
      if (statSync(p).isDirectory()) return n.startsWith('.') ? [] : yamlFiles(p)
      return n.endsWith('.yaml') ? [p] : []
    })
}

/** Loads every policy document of the texts; a document that does not load fails the bench (it would skew what is measured). */
export function loadPolicies(texts: readonly string[], label: string): LoadedPolicy[] {
  const out: LoadedPolicy[] = []
  for (const text of texts) {
    for (const doc of decodeDocuments(text)) {
      const r = loadPolicy(doc)
      if (r.status !== 'ok') throw new Error(`${label}: a policy did not load (${r.status})`)
      out.push(r.policy)
    }
  }
  if (out.length === 0) throw new Error(`${label}: no policies`)
  return out
}

export function policyTextsUnder(dir: string): string[] {
  return yamlFiles(dir).map((f) => readFileSync(f, 'utf8'))
}

/** Kyverno's classic Pod Security policies from the corpus (baseline + restricted folders: pattern and deny rules). */
export function corpusPodSecurityTexts(shared: string): string[] {
  const base = join(shared, 'conformance', 'kyverno-policies', 'pod-security')
  return [...policyTextsUnder(join(base, 'baseline')), ...policyTextsUnder(join(base, 'restricted'))]
}

export function benchText(shared: string, file: string): string {
  return readFileSync(join(shared, 'bench', file), 'utf8')
}

export function benchObjects(shared: string, file: string): JsonObject[] {
  return decodeDocuments(benchText(shared, file)).filter(isObject)
}

/** A CronJob running the Deployment's pod template: the same pod, one controller level deeper. */
export function cronJobFrom(deployment: JsonObject): JsonObject {
  const meta = isObject(deployment.metadata) ? deployment.metadata : {}
  const spec = isObject(deployment.spec) ? deployment.spec : {}
  const template = isObject(spec.template) ? spec.template : {}
  const podSpec = isObject(template.spec) ? template.spec : {}
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { ...meta, name: `${String(meta.name ?? 'job')}-cron` },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } },
  }
}

const GVR: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  Service: { group: '', version: 'v1', resource: 'services' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
}

/** The AdmissionReview the API server would send for creating `obj`. */
export function reviewFor(obj: JsonObject, i: number): JsonObject {
  const meta = isObject(obj.metadata) ? obj.metadata : {}
  const kind = String(obj.kind)
  const gvr = GVR[kind]
  if (!gvr) throw new Error(`reviewFor: no resource mapping for kind ${kind}`)
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      kind: { group: gvr.group, version: gvr.version, kind },
      resource: gvr,
      requestKind: { group: gvr.group, version: gvr.version, kind },
      requestResource: gvr,
      name: String(meta.name ?? ''),
      namespace: String(meta.namespace ?? 'default'),
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', uid: 'c0ffee', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object: obj,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  }
}
