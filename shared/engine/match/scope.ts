/**
 * Which built-in Kubernetes kinds are cluster-scoped. `kyverno test` gives every other resource
 * without a namespace the namespace `default`, and a namespaced `Policy` never applies to these.
 * Custom resources are unknown here and count as namespaced.
 */
// By API group, across every served version (v1alpha1 … v1) of that group.
const CLUSTER_SCOPED: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
    'admissionregistration.k8s.io': [
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
    ],
    'apiextensions.k8s.io': ['CustomResourceDefinition'],
    'apiregistration.k8s.io': ['APIService'],
    'authentication.k8s.io': ['TokenReview', 'SelfSubjectReview'],
    'authorization.k8s.io': ['SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
    extensions: ['PodSecurityPolicy'],
    'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
    'internal.apiserver.k8s.io': ['StorageVersion'],
    'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR', 'ClusterCIDR'],
    'node.k8s.io': ['RuntimeClass'],
    policy: ['PodSecurityPolicy'],
    'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
    'resource.k8s.io': ['DeviceClass', 'ResourceSlice', 'ResourceClass', 'DeviceTaintRule'],
    'scheduling.k8s.io': ['PriorityClass'],
    'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass'],
    'storagemigration.k8s.io': ['StorageVersionMigration'],
  }).map(([group, kinds]) => [group, new Set(kinds)]),
)

/**
 * True for a built-in cluster-scoped kind of that API group. Without an `apiVersion` the kind
 * name alone decides (any group). Unknown kinds, including CRDs, are namespaced.
 *
 * @example isClusterScopedKind('rbac.authorization.k8s.io/v1', 'ClusterRole') // true
 * @example isClusterScopedKind('example.com/v1', 'Namespace') // false: a CRD that reuses the name
 */
export function isClusterScopedKind(apiVersion: string, kind: string): boolean {
  if (apiVersion === '') {
    for (const kinds of CLUSTER_SCOPED.values()) if (kinds.has(kind)) return true
    return false
  }
  const parts = apiVersion.split('/')
  if (parts.length > 2) return false
  return CLUSTER_SCOPED.get(parts.length === 2 ? (parts[0] as string) : '')?.has(kind) ?? false
}
