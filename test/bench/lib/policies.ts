/**
 * Policies the bench generates: sets of any size for the scaling figures, and the six Pod Security
 * controls that the corpus holds only as CEL policies (which Verdict does not evaluate), written
 * here as pattern/deny/foreach rules from the Pod Security Standards so that Kyverno's published
 * 17-policy scenario can be replayed.
 */
import type { JsonObject } from '../../../shared/lib/json.ts'
import { loadPolicy, type LoadedPolicy } from '../../../shared/policy/load.ts'

type Doc = JsonObject

function clusterPolicy(name: string, action: 'Audit' | 'Enforce', rules: Doc[]): Doc {
  return { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { validationFailureAction: action, background: true, rules } }
}

function rule(name: string, kinds: string[], validate: Doc): Doc {
  return { name, match: { any: [{ resources: { kinds } }] }, validate }
}

/**
 * The `i`th of a family of Pod policies, cycling through the rule shapes real sets use (label and
 * image patterns, resource limits, anyPattern, deny with JMESPath, foreach), each with its own values.
 */
export function podPolicy(i: number, action: 'Audit' | 'Enforce' = 'Audit'): Doc {
  const kinds = ['Pod']
  const shapes: Array<() => Doc> = [
    () => rule(`labels-${i}`, kinds, { message: `label app is required (${i})`, pattern: { metadata: { labels: { app: '?*' } } } }),
    () => rule(`no-latest-${i}`, kinds, { message: `images need a pinned tag (${i})`, pattern: { spec: { containers: [{ image: '!*:latest' }] } } }),
    () =>
      rule(`limits-${i}`, kinds, {
        message: `memory limits are required (${i})`,
        pattern: { spec: { containers: [{ resources: { limits: { memory: '?*' } } }] } },
      }),
    () =>
      rule(`non-root-${i}`, kinds, {
        message: `run as non-root (${i})`,
        anyPattern: [{ spec: { securityContext: { runAsNonRoot: true } } }, { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } }],
      }),
    () =>
      rule(`registry-${i}`, kinds, {
        message: `images from an allowed registry only (${i})`,
        deny: {
          conditions: {
            any: [{ key: '{{ request.object.spec.containers[].image }}', operator: 'AnyNotIn', value: ['ghcr.io/acme/*', 'nginx:*', 'busybox:*', `registry-${i}.example/*`] }],
          },
        },
      }),
    () =>
      rule(`ports-${i}`, kinds, {
        message: `container ports below ${1024 + i} are reserved`,
        foreach: [
          {
            list: 'request.object.spec.containers[].ports[]',
            deny: { conditions: { any: [{ key: '{{ element.containerPort }}', operator: 'LessThan', value: 1024 + i }] } },
          },
        ],
      }),
  ]
  return clusterPolicy(`pod-policy-${i}`, action, [(shapes[i % shapes.length] as () => Doc)()])
}

/** The `i`th policy for a kind other than Pod (Services, Ingresses, ConfigMaps, Secrets and CRDs): nothing a Pod request should pay for. */
export function otherKindPolicy(i: number): Doc {
  const families: Array<[string[], Doc]> = [
    [['Service'], { message: 'no NodePort services', pattern: { spec: { type: '!NodePort' } } }],
    [['Ingress'], { message: 'ingresses need TLS', pattern: { spec: { tls: [{ hosts: ['?*'] }] } } }],
    [['ConfigMap'], { message: 'config maps need an owner label', pattern: { metadata: { labels: { owner: '?*' } } } }],
    [['Secret'], { message: 'no opaque secrets in default', deny: { conditions: { all: [{ key: '{{ request.object.type }}', operator: 'Equals', value: 'Opaque' }] } } }],
    [['cert-manager.io/v1/Certificate'], { message: 'certificates renew before 30 days', pattern: { spec: { renewBefore: '?*' } } }],
    [['argoproj.io/v1alpha1/Application'], { message: 'applications name a project', pattern: { spec: { project: '!default' } } }],
    [['networking.istio.io/*/VirtualService'], { message: 'virtual services name hosts', pattern: { spec: { hosts: ['?*'] } } }],
    [['NetworkPolicy'], { message: 'network policies select pods', pattern: { spec: { podSelector: {} } } }],
    [['PersistentVolumeClaim'], { message: 'claims name a storage class', pattern: { spec: { storageClassName: '?*' } } }],
  ]
  const [kinds, validate] = families[i % families.length] as [string[], Doc]
  return clusterPolicy(`other-policy-${i}`, 'Audit', [rule(`check-${i}`, kinds, { ...validate, message: `${String(validate.message)} (${i})` })])
}

export function load(docs: readonly Doc[], label: string): LoadedPolicy[] {
  return docs.map((d, i) => {
    const r = loadPolicy(d)
    if (r.status !== 'ok') throw new Error(`${label}: generated policy ${i} did not load (${r.status})`)
    return r.policy
  })
}

const allContainers = ['=(ephemeralContainers)', '=(initContainers)', 'containers'] as const

/** A pattern applying `element` to every container list (init and ephemeral only when present). */
function everyContainer(element: Doc): Doc {
  return Object.fromEntries(allContainers.map((k) => [k, [element]]))
}

/** Sysctl names the Pod Security Standards allow at `latest` (the cumulative table of the spec). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]

/**
 * The six Pod Security controls Kyverno's 17-policy set has that the corpus holds only in CEL:
 * host path, host process, privileged, sysctls (baseline); privilege escalation and strict
 * capabilities (restricted). Written from the Pod Security Standards, not copied.
 */
export function authoredPodSecurityPolicies(): Doc[] {
  const pod = ['Pod']
  const containersList = 'request.object.spec.[ephemeralContainers, initContainers, containers][]'
  return [
    clusterPolicy('disallow-host-path', 'Audit', [
      rule('host-path', pod, { message: 'hostPath volumes are forbidden', pattern: { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } } }),
    ]),
    clusterPolicy('disallow-host-process', 'Audit', [
      rule('host-process-containers', pod, {
        message: 'HostProcess containers are forbidden',
        pattern: {
          spec: {
            '=(securityContext)': { '=(windowsOptions)': { '=(hostProcess)': 'false' } },
            ...everyContainer({ '=(securityContext)': { '=(windowsOptions)': { '=(hostProcess)': 'false' } } }),
          },
        },
      }),
    ]),
    clusterPolicy('disallow-privileged-containers', 'Audit', [
      rule('privileged-containers', pod, {
        message: 'privileged containers are forbidden',
        pattern: { spec: everyContainer({ '=(securityContext)': { '=(privileged)': 'false' } }) },
      }),
    ]),
    clusterPolicy('restrict-sysctls', 'Audit', [
      rule('check-sysctls', pod, {
        message: 'only the safe sysctls may be set',
        pattern: { spec: { '=(securityContext)': { '=(sysctls)': [{ '=(name)': SAFE_SYSCTLS.join(' | ') }] } } },
      }),
    ]),
    clusterPolicy('disallow-privilege-escalation', 'Audit', [
      rule('privilege-escalation', pod, {
        message: 'every container must set securityContext.allowPrivilegeEscalation to false',
        pattern: { spec: everyContainer({ securityContext: { allowPrivilegeEscalation: 'false' } }) },
      }),
    ]),
    clusterPolicy('disallow-capabilities-strict', 'Audit', [
      rule('require-drop-all', pod, {
        message: 'every container must drop ALL capabilities',
        foreach: [{ list: containersList, deny: { conditions: { all: [{ key: 'ALL', operator: 'AnyNotIn', value: '{{ element.securityContext.capabilities.drop[] || `[]` }}' }] } } }],
      }),
      rule('adding-capabilities-strict', pod, {
        message: 'containers may add only NET_BIND_SERVICE',
        foreach: [
          {
            list: containersList,
            deny: { conditions: { all: [{ key: '{{ element.securityContext.capabilities.add[] || `[]` }}', operator: 'AnyNotIn', value: ['NET_BIND_SERVICE', ''] }] } },
          },
        ],
      }),
    ]),
  ]
}

/** The same policy with every rule enforcing. */
export function enforcing(doc: Doc): Doc {
  const spec: Doc = { ...(doc.spec as Doc), validationFailureAction: 'Enforce' }
  const rules = (spec.rules as Doc[]).map((r) => {
    const v = r.validate as Doc | undefined
    if (!v || v.failureAction === undefined) return r
    return { ...r, validate: { ...v, failureAction: 'Enforce' } }
  })
  return { ...doc, spec: { ...spec, rules } }
}

/** A policy-set body for `PUT /v1/policysets/{id}`: YAML documents (JSON is YAML). */
export function setBody(docs: readonly Doc[]): string {
  return docs.map((d) => JSON.stringify(d)).join('\n---\n')
}
