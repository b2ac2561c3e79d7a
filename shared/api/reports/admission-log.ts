/**
 * The admission route's one hook into the log: called where a policy decision becomes the answer
 * (never for a late decision the deadline already dropped, nor for a failure-mode answer, which
 * has no policy results to record).
 */
import type { Context } from 'hono'
import type { AdmissionDecision, CompiledSet } from '../admission/index.ts'
import type { AppDeps, AppEnv } from '../env.ts'
import type { AdmissionRequest } from '../../kube/admission.ts'
import type { Cluster } from '../../store/ports.ts'
import { admissionRecord, recordId } from './record.ts'
import { logVerdicts } from './writer.ts'

export type DecidedAdmission = { request: AdmissionRequest; cluster: Cluster; set: Pick<CompiledSet, 'name' | 'version'>; decision: AdmissionDecision }

/** Logs a served admission decision after the response. */
export function logAdmission(c: Context<AppEnv>, deps: AppDeps, v: DecidedAdmission): void {
  const latencyMs = performance.now() - c.get('startedAt')
  const time = (deps.now ?? (() => new Date()))().toISOString()
  logVerdicts(c, deps, v.cluster.tenantId, () => [
    admissionRecord({ id: recordId(time), time, clusterId: v.cluster.clusterId, request: v.request, decision: v.decision, set: { name: v.set.name, version: v.set.version }, latencyMs }),
  ])
}
