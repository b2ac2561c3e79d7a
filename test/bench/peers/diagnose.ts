/**
 * Who is right when two tools disagree on a control: the Pod Security Standards decide
 * (/work/shared/specs/pod-security-standards.md). For the controls where the peers are known to
 * differ, the rule is restated here straight from the spec — independently of Verdict's engine —
 * and applied to the resource; a difference on any other control is reported as undiagnosed, for
 * a person to check, never guessed.
 */
import { isObject, type JsonObject, type JsonValue } from '../../../shared/lib/json.ts'
import type { Level } from './controls.ts'

export interface Difference {
  file: string
  index: number
  resource: string
  level: Level
  control: string
  peer: string
  ours: 'pass' | 'fail'
  theirs: 'pass' | 'fail'
  /** `Verdict`, the peer's name, or `undiagnosed`. */
  rightByPss: string
  reason: string
}

interface PodView {
  meta: JsonObject
  spec: JsonObject
}

const obj = (v: JsonValue | undefined): JsonObject => (isObject(v) ? v : {})

/** The pod a resource runs: a Pod itself, a controller's template, a CronJob's job template. */
function podOf(o: JsonObject): PodView {
  const spec = obj(o.spec)
  if (o.kind === 'Pod') return { meta: obj(o.metadata), spec }
  const template = o.kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : obj(spec.template)
  return { meta: obj(template.metadata), spec: obj(template.spec) }
}

function containers(spec: JsonObject): JsonObject[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k] as JsonValue[]).filter(isObject) : []))
}

const sc = (o: JsonObject): JsonObject => obj(o.securityContext)

/** Spec rules for the controls where peers are known to differ: true when the pod is allowed. */
const ALLOWED_BY_SPEC: Record<string, (pod: PodView, level: Level) => boolean> = {
  // runAsNonRoot: fails if the pod sets false, if any container sets false, or if a container leaves it unset and the pod level is not true.
  'Running as Non-root': ({ spec }) => {
    const podLevel = sc(spec).runAsNonRoot
    if (podLevel === false) return false
    return containers(spec).every((c) => {
      const v = sc(c).runAsNonRoot
      return v === true || (v === undefined && podLevel === true)
    })
  },
  // appArmorProfile: profile objects must be RuntimeDefault or Localhost; beta annotations (any container name) '', runtime/default or localhost/*.
  AppArmor: ({ meta, spec }) => {
    const typeOk = (s: JsonObject) => !isObject(s.appArmorProfile) || ['RuntimeDefault', 'Localhost'].includes(String(s.appArmorProfile.type))
    if (!typeOk(sc(spec)) || !containers(spec).every((c) => typeOk(sc(c)))) return false
    return Object.entries(obj(meta.annotations)).every(
      ([k, v]) => !k.startsWith('container.apparmor.security.beta.kubernetes.io/') || v === '' || v === 'runtime/default' || String(v).startsWith('localhost/'),
    )
  },
  // seccompProfile: a set type must be RuntimeDefault or Localhost (pod and containers); at restricted every container needs an effective one.
  Seccomp: ({ spec }, level) => {
    const type = (s: JsonObject) => (isObject(s.seccompProfile) ? String(s.seccompProfile.type ?? '') : undefined)
    const good = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost'
    const podType = type(sc(spec))
    if (podType !== undefined && !good(podType)) return false
    if (!containers(spec).every((c) => type(sc(c)) === undefined || good(type(sc(c))))) return false
    return level === 'baseline' || containers(spec).every((c) => good(type(sc(c))) || (type(sc(c)) === undefined && good(podType)))
  },
}

/** Why a peer got it wrong, by peer and control (shown beside the count). */
const WHY: Record<string, string> = {
  'Monokle|Running as Non-root': 'Monokle checks runAsNonRoot per container only; PSS lets a container that leaves it unset inherit the pod-level true',
  'Monokle|AppArmor': 'Monokle looks up the literal annotation key container.apparmor.security.beta.kubernetes.io/* (and only on pod templates), so its rule never fires',
  'Monokle|Seccomp': "Monokle's restricted seccomp rule accepts valid container profiles under an invalid pod-level type",
}

export function diagnose(object: JsonObject, level: Level, control: string, oursFail: boolean, peer: string): Pick<Difference, 'rightByPss' | 'reason'> {
  const rule = ALLOWED_BY_SPEC[control]
  if (!rule) return { rightByPss: 'undiagnosed', reason: `no spec rule restated for ${control}: check by hand` }
  const specFails = !rule(podOf(object), level)
  if (specFails === oursFail) return { rightByPss: 'Verdict', reason: WHY[`${peer}|${control}`] ?? `${peer} disagrees with the PSS ${control} rule` }
  return { rightByPss: peer, reason: `Verdict disagrees with the PSS ${control} rule` }
}
