/** Baseline "SELinux" (`seLinuxOptions`): limited types, no user or role, at pod and container level. */
import { getKey, type JsonObject } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { containerSC, containersOf, objAt, podSC, str } from '../pod.ts'
import { allowed, forbidden, type CheckFn, type PssFieldError } from '../types.ts'

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t']
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t']

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>): CheckFn {
  return ({ spec }) => {
    const badTypes: string[] = []
    let setUser = false
    let setRole = false
    // Returns the field errors for one seLinuxOptions object (`level` is not checked).
    const inspect = (opts: JsonObject, prefix: string): PssFieldError[] => {
      const errs: PssFieldError[] = []
      const type = str(getKey(opts, 'type'))
      const user = str(getKey(opts, 'user'))
      const role = str(getKey(opts, 'role'))
      if (!allowedTypes.has(type)) {
        badTypes.push(type)
        errs.push(forbiddenAt(`${prefix}.seLinuxOptions.type`, type))
      }
      if (user !== '') {
        setUser = true
        errs.push(forbiddenAt(`${prefix}.seLinuxOptions.user`, user))
      }
      if (role !== '') {
        setRole = true
        errs.push(forbiddenAt(`${prefix}.seLinuxOptions.role`, role))
      }
      return errs
    }
    const setters: string[] = []
    const errors: PssFieldError[] = []
    const podOpts = objAt(podSC(spec), 'seLinuxOptions')
    if (podOpts) {
      const errs = inspect(podOpts, 'spec.securityContext')
      if (errs.length > 0) setters.push('pod')
      errors.push(...errs)
    }
    const badContainers: string[] = []
    for (const ref of containersOf(spec)) {
      const opts = objAt(containerSC(ref), 'seLinuxOptions')
      if (!opts) continue
      const errs = inspect(opts, `${ref.path}.securityContext`)
      if (errs.length > 0) badContainers.push(ref.name)
      errors.push(...errs)
    }
    if (badContainers.length > 0) {
      setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`)
    }
    if (setters.length === 0) return allowed()
    const types = sortedSet(badTypes)
    const data: string[] = []
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`)
    if (setUser) data.push('user may not be set')
    if (setRole) data.push('role may not be set')
    return forbidden(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      errors,
    )
  }
}

/** `seLinuxOptions` 1.0+. */
export const seLinuxOptionsV1Dot0: CheckFn = seLinuxOptionsCheck(new Set(TYPES_1_0))
/** `seLinuxOptions` 1.31+: `container_engine_t` is allowed too. */
export const seLinuxOptionsV1Dot31: CheckFn = seLinuxOptionsCheck(new Set(TYPES_1_31))
