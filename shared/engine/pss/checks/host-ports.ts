/** Baseline "Host Ports" (`hostPorts`): every `ports[*].hostPort` unset or 0. */
import { getKey, isObject } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { arrAt, containersOf } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `hostPorts` 1.0+. */
export function hostPortsV1Dot0({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const ports: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    let valid = true
    arrAt(ref.c, 'ports').forEach((port, i) => {
      const hostPort = isObject(port) ? getKey(port, 'hostPort') : undefined
      if (typeof hostPort === 'number' && hostPort !== 0) {
        valid = false
        ports.push(String(hostPort))
        errors.push(forbiddenAt(`${ref.path}.ports[${i}].hostPort`, hostPort))
      }
    })
    if (!valid) bad.push(ref.name)
  }
  if (bad.length === 0) return allowed()
  const unique = sortedSet(ports)
  return forbidden(
    'hostPort',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    errors,
  )
}
