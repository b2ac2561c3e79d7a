/** Pod builders and a one-check runner shared by the pss tests (not used by production code). */
import type { JsonObject } from '../../lib/json.ts'
import { evaluatePodSecurity, type PssCheckReport, type PssEvaluation } from './evaluate.ts'
import type { PssLevel } from './types.ts'

/** A container named `name` running `<name>:1`, with an optional securityContext and extra fields. */
export function ctr(name: string, securityContext?: JsonObject, extra: JsonObject = {}): JsonObject {
  return { name, image: `${name}:1`, ...(securityContext ? { securityContext } : {}), ...extra }
}

/** A spec with the given containers and extra pod fields. */
export function podSpec(containers: JsonObject[], extra: JsonObject = {}): JsonObject {
  return { containers, ...extra }
}

/** Evaluates and fails the test on an error result. */
export function evaluateOk(level: PssLevel, version: string | undefined, spec: JsonObject, meta: JsonObject = {}): PssEvaluation {
  const r = evaluatePodSecurity(meta, spec, { level, version })
  if ('error' in r) throw new Error(r.error)
  return r
}

/** The report of one check, or `undefined` when the check does not run at that level and version. */
export function checkOf(
  level: PssLevel,
  version: string | undefined,
  id: string,
  spec: JsonObject,
  meta: JsonObject = {},
): PssCheckReport | undefined {
  return evaluateOk(level, version, spec, meta).checks.find((c) => c.id === id)
}

/** The container-level settings of a pod that passes restricted at every version. */
export const RESTRICTED_SC: JsonObject = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
}

/** A pod-level securityContext that passes restricted at every version. */
export const RESTRICTED_POD_SC: JsonObject = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }
