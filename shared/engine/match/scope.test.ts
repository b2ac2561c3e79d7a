import { describe, expect, it } from 'vitest'
import { isClusterScopedKind } from './scope.ts'

describe('isClusterScopedKind', () => {
  it.each([
    ['v1', 'Namespace'],
    ['v1', 'Node'],
    ['v1', 'PersistentVolume'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['storage.k8s.io/v1', 'StorageClass'],
    ['storage.k8s.io/v1', 'CSIDriver'],
    ['storage.k8s.io/v1', 'CSINode'],
    ['storage.k8s.io/v1', 'VolumeAttachment'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
    ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
    ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
    ['admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy'],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding'],
    ['scheduling.k8s.io/v1', 'PriorityClass'],
    ['networking.k8s.io/v1', 'IngressClass'],
    ['node.k8s.io/v1', 'RuntimeClass'],
    ['apiregistration.k8s.io/v1', 'APIService'],
    ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
    ['policy/v1beta1', 'PodSecurityPolicy'],
    ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'],
    ['', 'ClusterRole'], // no apiVersion: the kind name decides
  ])('%s %s is cluster-scoped', (apiVersion, kind) => expect(isClusterScopedKind(apiVersion, kind)).toBe(true))

  it.each([
    ['v1', 'Pod'],
    ['v1', 'ConfigMap'],
    ['apps/v1', 'Deployment'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['storage.k8s.io/v1', 'CSIStorageCapacity'],
    ['authorization.k8s.io/v1', 'LocalSubjectAccessReview'],
    ['example.com/v1', 'Namespace'], // a CRD reusing a built-in name
    ['kyverno.io/v1', 'ClusterPolicy'], // unknown CRD kinds count as namespaced
    ['v1', 'ClusterRole'], // wrong group
    ['a/b/c', 'Namespace'],
    ['', 'Widget'],
  ])('%s %s is namespaced', (apiVersion, kind) => expect(isClusterScopedKind(apiVersion, kind)).toBe(false))
})
