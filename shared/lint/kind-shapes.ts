/**
 * Which top-level `spec` fields each workload kind can have, enough to tell when a rule reads a
 * field its matched kind never has: a Pod has no `spec.template`, a Deployment keeps its Pod's
 * fields under `spec.template.spec`, a CronJob under `spec.jobTemplate.spec.template.spec`.
 */
import { CONTROLLERS, TEMPLATE_CONTROLLERS } from './policy-view.ts'

/** Fields of a Pod's spec (the ones rules read in practice; none of them exist on a controller's spec). */
const POD_SPEC_FIELDS: ReadonlySet<string> = new Set([
  'containers',
  'initContainers',
  'ephemeralContainers',
  'securityContext',
  'volumes',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'nodeSelector',
  'nodeName',
  'tolerations',
  'affinity',
  'restartPolicy',
  'dnsPolicy',
  'dnsConfig',
  'priorityClassName',
  'runtimeClassName',
  'os',
  'imagePullSecrets',
  'shareProcessNamespace',
  'terminationGracePeriodSeconds',
  'hostAliases',
  'topologySpreadConstraints',
  'schedulingGates',
])

/** Fields only Pod controllers have; a Pod never does. */
const CONTROLLER_SPEC_FIELDS: ReadonlySet<string> = new Set([
  'template',
  'jobTemplate',
  'selector',
  'replicas',
  'strategy',
  'updateStrategy',
  'serviceName',
  'volumeClaimTemplates',
  'schedule',
  'concurrencyPolicy',
  'backoffLimit',
  'parallelism',
  'completions',
])

/** Where the kind keeps what a Pod keeps at `spec`. */
export function podSpecPathOf(kind: string): string {
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template.spec'
  return TEMPLATE_CONTROLLERS.has(kind) ? 'spec.template.spec' : 'spec'
}

/**
 * Why `kind` cannot have `spec.<field>`, or `undefined` when it can (or the kind is not a
 * workload this table knows).
 */
export function missingSpecField(kind: string, field: string): string | undefined {
  if (kind === 'Pod') return CONTROLLER_SPEC_FIELDS.has(field) ? `a Pod has no spec.${field}` : undefined
  if (!CONTROLLERS.has(kind)) return undefined
  if (POD_SPEC_FIELDS.has(field)) return `a ${kind} has no spec.${field}: its Pod's ${field} is at ${podSpecPathOf(kind)}.${field}`
  if (kind === 'CronJob' && field === 'template') return 'a CronJob has no spec.template: its Pod template is at spec.jobTemplate.spec.template'
  if (kind !== 'CronJob' && field === 'jobTemplate') return `a ${kind} has no spec.jobTemplate`
  return undefined
}

/** Annotations Kubernetes reads from a Pod's own metadata only. */
export const POD_ANNOTATION_PREFIXES = [
  'container.apparmor.security.beta.kubernetes.io/',
  'seccomp.security.alpha.kubernetes.io/pod',
  'container.seccomp.security.alpha.kubernetes.io/',
] as const

export const isPodAnnotation = (key: string): boolean => POD_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))
