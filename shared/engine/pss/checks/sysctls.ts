/** Baseline "Sysctls" (`sysctls`): only the safe, namespaced sysctls of the policy version (exact names). */
import { getKey, isObject } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { arrAt, podSC, str } from '../pod.ts'
import { allowed, forbidden, type CheckFn, type PssFieldError } from '../types.ts'

const V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]
const V1_27 = [...V1_0, 'net.ipv4.ip_local_reserved_ports']
const V1_29 = [
  ...V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]
const V1_32 = [...V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']
const V1_37 = [...V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']

function sysctlsCheck(allowedNames: ReadonlySet<string>): CheckFn {
  return ({ spec }) => {
    const names: string[] = []
    const errors: PssFieldError[] = []
    arrAt(podSC(spec), 'sysctls').forEach((s, i) => {
      // A sysctl without a name decodes to "", which is not an allowed name.
      const name = isObject(s) ? str(getKey(s, 'name')) : ''
      if (allowedNames.has(name)) return
      names.push(name)
      errors.push(forbiddenAt(`spec.securityContext.sysctls[${i}].name`, name))
    })
    return names.length > 0 ? forbidden('forbidden sysctls', names.join(', '), errors) : allowed()
  }
}

/** `sysctls` 1.0+. */
export const sysctlsV1Dot0: CheckFn = sysctlsCheck(new Set(V1_0))
/** `sysctls` 1.27+. */
export const sysctlsV1Dot27: CheckFn = sysctlsCheck(new Set(V1_27))
/** `sysctls` 1.29+. */
export const sysctlsV1Dot29: CheckFn = sysctlsCheck(new Set(V1_29))
/** `sysctls` 1.32+. */
export const sysctlsV1Dot32: CheckFn = sysctlsCheck(new Set(V1_32))
/** `sysctls` 1.37+. */
export const sysctlsV1Dot37: CheckFn = sysctlsCheck(new Set(V1_37))
