/**
 * The deprecated `In` and `NotIn` (Kyverno `operator/in.go`, `notin.go`), kept because old
 * policies still use them. They differ from the `Any*`/`All*` family: no range strings, a string
 * value that is not JSON is an invalid type (→ false), bool keys are unsupported, and an array key
 * is an exact set comparison (no wildcards) that requires string elements.
 */
import { wildcardMatch } from '../../lib/wildcard.ts'
import { INVALID, bothWays, jsonStringList } from './in.ts'
import { classify, goSprint } from './values.ts'

// keyExistsInArray: array value → wildcard either way; string value → pattern, then JSON list.
function scalarIn(key: string, value: unknown): boolean | typeof INVALID {
  if (Array.isArray(value)) return value.some((e) => bothWays(goSprint(e), key))
  if (typeof value !== 'string') return INVALID
  if (wildcardMatch(value, key)) return true
  const list = jsonStringList(value)
  return list === undefined || list === INVALID ? INVALID : list.includes(key)
}

// setExistsInArray: In = every key in the set, NotIn = some key outside it.
function setIn(notIn: boolean, keys: readonly string[], value: unknown): boolean | typeof INVALID {
  let values: readonly string[]
  if (Array.isArray(value)) {
    if (!value.every((e): e is string => typeof e === 'string')) return INVALID
    values = value
  } else if (typeof value === 'string') {
    // Kyverno answers true here for NotIn as well as In; reproduced as-is.
    if (keys.length === 1 && keys[0] === value) return true
    const list = jsonStringList(value)
    if (list === undefined || list === INVALID) return INVALID
    values = list
  } else {
    return INVALID
  }
  const set = new Set(values)
  return notIn ? keys.some((k) => !set.has(k)) : keys.every((k) => set.has(k))
}

/**
 * Deprecated `In` (`notIn` false) / `NotIn` (`notIn` true).
 * @example legacyIn(false, 'a', '["a","b"]') // true
 * @example legacyIn(false, 'a', 'b') // false (not JSON → invalid)
 */
export function legacyIn(notIn: boolean, key: unknown, value: unknown): boolean {
  const k = classify(key)
  switch (k.kind) {
    case 'string':
    case 'float':
    case 'int': {
      const found = scalarIn(goSprint(key), value)
      if (found === INVALID) return false
      return notIn ? !found : found
    }
    case 'slice': {
      // Go asserts v.(string) and would panic on other elements; treated as an invalid type.
      if (!k.value.every((e): e is string => typeof e === 'string')) return false
      const result = setIn(notIn, k.value, value)
      return result === INVALID ? false : result
    }
    default:
      return false
  }
}
