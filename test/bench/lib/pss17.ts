/**
 * Kyverno's published load test ran the 17 Pod Security policies of its policy library (11
 * baseline, 6 restricted). The corpus holds 11 of them as classic (pattern/deny) policies; the six
 * it holds only in CEL are authored in policies.ts. The corpus' host-ports-range variant is not
 * one of the 17.
 */
import { join } from 'node:path'
import { decodeDocuments } from '../../../shared/kube/decode.ts'
import { isObject, type JsonObject } from '../../../shared/lib/json.ts'
import { policyTextsUnder } from './corpus.ts'
import { authoredPodSecurityPolicies } from './policies.ts'

export function kyvernoScenarioPolicies(shared: string): JsonObject[] {
  const base = join(shared, 'conformance', 'kyverno-policies', 'pod-security')
  const corpus = [...policyTextsUnder(join(base, 'baseline')), ...policyTextsUnder(join(base, 'restricted'))]
    .flatMap((t) => decodeDocuments(t))
    .filter(isObject)
    .filter((d) => isObject(d.metadata) && d.metadata.name !== 'disallow-host-ports-range')
  const all = [...corpus, ...authoredPodSecurityPolicies()]
  if (all.length !== 17) throw new Error(`Kyverno's scenario needs 17 Pod Security policies, found ${all.length}`)
  return all
}
