/**
 * Baseline "Host Probes / Lifecycle Hooks" (`hostProbesAndHostLifecycle`, 1.34+): probes and
 * lifecycle handlers must not name a `host` (httpGet or tcpSocket).
 */
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { containersOf, str, valueAt } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

// Probes first, then the two hooks, each with the two handler kinds that carry a host.
const HANDLERS = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
] as const
const KINDS = ['httpGet', 'tcpSocket'] as const

/** `hostProbesAndHostLifecycle` 1.34+. */
export function hostProbesAndHostLifecycleV1Dot34({ spec }: PodView): PssCheckResult {
  const containers: string[] = []
  const hosts: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    for (const handler of HANDLERS) {
      for (const kind of KINDS) {
        const host = str(valueAt(ref.c, ...handler, kind, 'host'))
        if (host === '') continue
        containers.push(ref.name)
        hosts.push(host)
        errors.push(forbiddenAt(`${ref.path}.${handler.join('.')}.${kind}.host`, host))
      }
    }
  }
  if (containers.length === 0) return allowed()
  // Kubernetes collects both lists in sets, so names and hosts come out unique and sorted.
  const names = sortedSet(containers)
  const uniqueHosts = sortedSet(hosts)
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', uniqueHosts.length)} ${joinQuote(uniqueHosts)}`,
    errors,
  )
}
