/**
 * Kind selectors (`Pod`, `apps/v1/Deployment`, `Pod/exec`, `*`) → the API groups, versions and
 * resources a webhook rule registers. Kyverno asks the cluster's discovery API; a hosted service
 * cannot, so built-in kinds come from a table and anything else is guessed and reported.
 */
import { parseKindSelector } from '../../engine/match/index.ts'
import { hasWildcard, wildcardMatch } from '../../lib/wildcard.ts'

/** One group/version/resource a webhook rule can name (`resource` may carry `/subresource`). */
export interface GroupVersionResource {
  group: string
  version: string
  resource: string
}

type Entry = readonly [group: string, version: string, plural: string]

// The stable version of each built-in kind. With `matchPolicy: Equivalent` the API server also sends
// requests made through other versions of the same resource, converted to this one.
const BUILT_IN: ReadonlyMap<string, readonly Entry[]> = new Map(
  Object.entries({
    Pod: [['', 'v1', 'pods']],
    Service: [['', 'v1', 'services']],
    ConfigMap: [['', 'v1', 'configmaps']],
    Secret: [['', 'v1', 'secrets']],
    Namespace: [['', 'v1', 'namespaces']],
    Node: [['', 'v1', 'nodes']],
    ServiceAccount: [['', 'v1', 'serviceaccounts']],
    PersistentVolume: [['', 'v1', 'persistentvolumes']],
    PersistentVolumeClaim: [['', 'v1', 'persistentvolumeclaims']],
    Endpoints: [['', 'v1', 'endpoints']],
    LimitRange: [['', 'v1', 'limitranges']],
    ResourceQuota: [['', 'v1', 'resourcequotas']],
    ReplicationController: [['', 'v1', 'replicationcontrollers']],
    PodTemplate: [['', 'v1', 'podtemplates']],
    Event: [['', 'v1', 'events'], ['events.k8s.io', 'v1', 'events']],
    Deployment: [['apps', 'v1', 'deployments']],
    StatefulSet: [['apps', 'v1', 'statefulsets']],
    DaemonSet: [['apps', 'v1', 'daemonsets']],
    ReplicaSet: [['apps', 'v1', 'replicasets']],
    ControllerRevision: [['apps', 'v1', 'controllerrevisions']],
    Job: [['batch', 'v1', 'jobs']],
    CronJob: [['batch', 'v1', 'cronjobs']],
    HorizontalPodAutoscaler: [['autoscaling', 'v2', 'horizontalpodautoscalers']],
    PodDisruptionBudget: [['policy', 'v1', 'poddisruptionbudgets']],
    Ingress: [['networking.k8s.io', 'v1', 'ingresses']],
    IngressClass: [['networking.k8s.io', 'v1', 'ingressclasses']],
    NetworkPolicy: [['networking.k8s.io', 'v1', 'networkpolicies']],
    Role: [['rbac.authorization.k8s.io', 'v1', 'roles']],
    ClusterRole: [['rbac.authorization.k8s.io', 'v1', 'clusterroles']],
    RoleBinding: [['rbac.authorization.k8s.io', 'v1', 'rolebindings']],
    ClusterRoleBinding: [['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings']],
    StorageClass: [['storage.k8s.io', 'v1', 'storageclasses']],
    CSIDriver: [['storage.k8s.io', 'v1', 'csidrivers']],
    VolumeAttachment: [['storage.k8s.io', 'v1', 'volumeattachments']],
    CustomResourceDefinition: [['apiextensions.k8s.io', 'v1', 'customresourcedefinitions']],
    ValidatingWebhookConfiguration: [['admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations']],
    MutatingWebhookConfiguration: [['admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations']],
    ValidatingAdmissionPolicy: [['admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies']],
    ValidatingAdmissionPolicyBinding: [['admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings']],
    PriorityClass: [['scheduling.k8s.io', 'v1', 'priorityclasses']],
    RuntimeClass: [['node.k8s.io', 'v1', 'runtimeclasses']],
    Lease: [['coordination.k8s.io', 'v1', 'leases']],
    EndpointSlice: [['discovery.k8s.io', 'v1', 'endpointslices']],
    CertificateSigningRequest: [['certificates.k8s.io', 'v1', 'certificatesigningrequests']],
    APIService: [['apiregistration.k8s.io', 'v1', 'apiservices']],
    FlowSchema: [['flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas']],
    PriorityLevelConfiguration: [['flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations']],
  }),
)

const KIND_OF_RESOURCE: ReadonlyMap<string, string> = new Map(
  [...BUILT_IN].flatMap(([kind, entries]) => entries.map(([group, , plural]): [string, string] => [`${group}/${plural}`, kind])),
)

/**
 * The kind of a built-in resource (`apps` + `deployments` → `Deployment`), which a cluster would
 * answer from discovery; `undefined` for anything else (a CRD).
 */
export function builtInKindOf(group: string, plural: string): string | undefined {
  return KIND_OF_RESOURCE.get(`${group}/${plural}`)
}

/** English plural of a lowercased kind, as Kubernetes' own guesser (`UnsafeGuessKindToResource`) does it. */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase()
  if (k === '') return k
  if (k.endsWith('s') || k.endsWith('x') || k.endsWith('z') || k.endsWith('ch') || k.endsWith('sh')) return `${k}es`
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`
  return `${k}s`
}

/** What one selector resolves to; `guessed` when the kind is not built in (the plural is a guess). */
export interface SelectorResources {
  resources: GroupVersionResource[]
  guessed: boolean
}

/**
 * Resource names for a plural and a subresource pattern. Webhook rules know only `*` as a
 * wildcard, so any pattern becomes `plural/*`; a pattern that also matches "no subresource" (`*`)
 * registers the main resource too. A plain Pod selector also brings `pods/ephemeralcontainers`:
 * Kyverno (and the engine) apply Pod rules to that subresource, which is how a debug container
 * would otherwise slip past pod-security rules.
 */
function names(plural: string, sub: string, kind: string): string[] {
  if (sub === '') return kind === 'Pod' ? [plural, `${plural}/ephemeralcontainers`] : [plural]
  if (!hasWildcard(sub)) return [`${plural}/${sub}`]
  return wildcardMatch(sub, '') ? [plural, `${plural}/*`] : [`${plural}/*`]
}

/**
 * The resources a kind selector registers. A kind pattern (`*`, `Config*`) registers every resource
 * (`*`) in the selector's group and version; a built-in kind uses the table's group and version
 * unless the selector names its own; an unknown kind (a CRD) uses the selector's group (else `*`)
 * and a guessed lowercase plural.
 *
 * @example selectorResources('Pod/exec') // { resources: [{ group: '', version: 'v1', resource: 'pods/exec' }], guessed: false }
 */
export function selectorResources(selector: string): SelectorResources {
  const s = parseKindSelector(selector)
  if (s.kind === '') return { resources: [], guessed: false }
  if (hasWildcard(s.kind)) {
    return { resources: names('*', s.subresource, '').map((resource) => ({ group: s.group, version: s.version, resource })), guessed: false }
  }
  const known = BUILT_IN.get(s.kind)
  const table = (known ?? []).filter(([g]) => s.group === '*' || s.group === g)
  // A built-in kind under a group the table does not list (`extensions/v1beta1/Ingress`) keeps the
  // table's plural in the selector's group.
  const entries: Entry[] = table.length > 0 ? [...table] : [[s.group, s.version, known?.[0]?.[2] ?? guessPlural(s.kind)]]
  const resources = entries.flatMap(([group, version, plural]) =>
    names(plural, s.subresource, s.kind).map((resource) => ({ group, version: s.version === '*' ? version : s.version, resource })),
  )
  return { resources, guessed: known === undefined }
}
