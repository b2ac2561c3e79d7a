/** Kyverno's string functions (`pkg/engine/jmespath/functions.go`). */
import { Int64 } from '../../../lib/json.ts'
import { wildcardMatch } from '../../../lib/wildcard.ts'
import { fnError } from '../errors.ts'
import { checkArrayLength } from '../limits.ts'
import { compareGoStrings, type Value } from '../values.ts'
import { goInt, ifaceToString } from './convert.ts'
import { goCleanPath, goEqualFold, goReplace, goSplit, goToLower, goToUpper, goTrim } from './gostrings.ts'
import { spec, type FunctionDef } from './types.ts'

const s = (v: Value | undefined): string => v as string

export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  // strings.Compare returns a Go int, which never equals a JSON float64 under `==`.
  { name: 'compare', args: spec('string', 'string'), call: ([a, b]) => new Int64(compareGoStrings(s(a), s(b))) },
  { name: 'equal_fold', args: spec('string', 'string'), call: ([a, b]) => goEqualFold(s(a), s(b)) },
  {
    name: 'replace',
    args: spec('string', 'string', 'string', 'number'),
    call: ([str, old, rep, n]) => goReplace(s(str), s(old), s(rep), goInt(n as number)),
  },
  { name: 'replace_all', args: spec('string', 'string', 'string'), call: ([str, old, rep]) => goReplace(s(str), s(old), s(rep), -1) },
  { name: 'to_upper', args: spec('string'), call: ([str]) => goToUpper(s(str)) },
  { name: 'to_lower', args: spec('string'), call: ([str]) => goToLower(s(str)) },
  { name: 'trim', args: spec('string', 'string'), call: ([str, cut]) => goTrim(s(str), s(cut)) },
  {
    name: 'trim_prefix',
    args: spec('string', 'string'),
    call: ([str, pre]) => (s(str).startsWith(s(pre)) ? s(str).slice(s(pre).length) : s(str)),
  },
  {
    name: 'split',
    args: spec('string', 'string'),
    call: ([str, sep]) => {
      const parts = goSplit(s(str), s(sep))
      checkArrayLength(parts.length)
      return parts
    },
  },
  {
    name: 'pattern_match',
    args: spec('string', ['string', 'number']),
    // Kyverno names regex_match in this function's errors; unreachable after the type check.
    call: ([pattern, value]) => wildcardMatch(s(pattern), ifaceToString(value as Value) as string),
  },
  {
    name: 'to_boolean',
    args: spec('string'),
    call: ([str]) => {
      const lower = goToLower(s(str))
      if (lower === 'true') return true
      if (lower === 'false') return false
      throw fnError('to_boolean', `lowercase argument must be 'true' or 'false' (provided: '${s(str)}')`)
    },
  },
  {
    name: 'truncate',
    args: spec('string', 'number'),
    call: ([str, len]) => {
      const n = Math.max(0, goInt(len as number))
      const runes = Array.from(s(str))
      return runes.length <= n ? s(str) : runes.slice(0, n).join('')
    },
  },
  {
    name: 'path_canonicalize',
    args: spec('string'),
    // filepath.Join of one element: Clean, except that "" stays "".
    call: ([p]) => (s(p) === '' ? '' : goCleanPath(s(p))),
  },
]
