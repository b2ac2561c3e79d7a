/**
 * What a cold isolate does with a policy set, shared by the bench Worker and its Node proxy. The
 * snapshot text is the stored KV form; it is served from an in-memory KV port, so the real reader
 * (`createKvSnapshots`: JSON.parse plus its structural check) runs, not a shortcut.
 *
 * - `firstPodDecision`: the first admission request of a cold isolate, for a Pod — read the
 *   snapshot, compile the set (lazily, as `SetCache` does) and decide.
 * - `loadEverything`: the reference — read the snapshot, load every policy and index every kind
 *   the rules name, as the eager compile did before it went lazy.
 */
import { compileDocuments, decideAdmission, policiesForKind } from '../../../shared/api/admission/index.ts'
import { parseAdmissionReview } from '../../../shared/kube/admission.ts'
import { createKvSnapshots } from '../../../shared/store/kv/snapshots.ts'
import { pointerKey, snapshotKey } from '../../../shared/store/kv/port.ts'
import type { Snapshot } from '../../../shared/store/ports.ts'

export const BENCH_SET = { tenantId: 'bench', setId: 'cold', uid: 'u1', version: 1, at: '2025-01-01T00:00:00.000Z' } as const

async function readSnapshot(storedText: string): Promise<Snapshot> {
  const kv = new Map([
    [pointerKey(BENCH_SET.tenantId, BENCH_SET.setId), JSON.stringify({ uid: BENCH_SET.uid, version: BENCH_SET.version, at: BENCH_SET.at })],
    [snapshotKey(BENCH_SET.tenantId, BENCH_SET.setId, BENCH_SET.uid, BENCH_SET.version), storedText],
  ])
  const reader = createKvSnapshots({ get: async (k) => kv.get(k) ?? null, put: async () => undefined })
  const snap = await reader.read(BENCH_SET.tenantId, BENCH_SET.setId)
  if (!snap) throw new Error('the bench snapshot did not read back')
  return snap
}

const review = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'cold-1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'prod',
    name: 'web',
    operation: 'CREATE',
    userInfo: { username: 'bench' },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { limits: { memory: '128Mi' } }, ports: [{ containerPort: 8080 }] }] },
    },
  },
}

/** Reads, compiles and decides one Pod request; answers `<policies evaluated> <allowed>`. */
export async function firstPodDecision(storedText: string): Promise<string> {
  const snap = await readSnapshot(storedText)
  const set = compileDocuments(snap.setId, snap.version, snap.policies, snap.kindIndex)
  const parsed = parseAdmissionReview(review)
  if (!parsed.ok) throw new Error(`bench review: ${JSON.stringify(parsed.error)}`)
  const decision = decideAdmission(parsed.value.request, set, { id: 'c', namespaceExclusions: [], failureMode: 'fail-open' })
  return `${decision.results.length} ${decision.response.allowed}`
}

/** Reads the snapshot, loads all policies and indexes every named kind; answers `<policies> <kinds>`. */
export async function loadEverything(storedText: string): Promise<string> {
  const snap = await readSnapshot(storedText)
  const set = compileDocuments(snap.setId, snap.version, snap.policies, snap.kindIndex)
  const n = set.policies.length
  for (const kind of set.kinds) policiesForKind(set, kind)
  return `${n} ${set.kinds.size}`
}
