/**
 * Kyverno's data-shaping functions: `lookup`, `items`, `object_from_lists`, `label_match`,
 * `parse_json`, `parse_yaml`, `semver_compare`, `image_normalize`, and the ones Verdict cannot run
 * offline or deterministically (`random`, `x509_decode`, `is_external_url`), which fail clearly.
 */
import { parseSemver, satisfiesRange } from '../../../lib/semver.ts'
import { JmesError, fnError, unsupported } from '../errors.ts'
import { parseGoJson } from '../gojson.ts'
import { checkArrayLength } from '../limits.ts'
import { compareGoStrings, deepEq, isMap, own, setOwn, type Value, type ValueObject } from '../values.ts'
import { ifaceToString, intNumber } from './convert.ts'
import { normalizeImage } from './images.ts'
import { spec, type FunctionDef } from './types.ts'

const notSupported = (name: string): FunctionDef => ({
  name,
  args: spec('string'),
  call: () => {
    throw unsupported(name)
  },
})

function pair(keyName: string, key: Value, valName: string, val: Value): ValueObject {
  const o: ValueObject = {}
  setOwn(o, keyName, key)
  setOwn(o, valName, val)
  return o
}

export const DATA_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'label_match',
    args: spec('object', 'object'),
    call: ([selector, labels], env) => {
      const sel = selector as ValueObject
      const lab = labels as ValueObject
      return Object.keys(sel).every((k) => {
        const v = own(lab, k)
        return v !== undefined && deepEq(sel[k] as Value, v, env.budget)
      })
    },
  },
  {
    name: 'lookup',
    args: spec(['object', 'array'], ['string', 'number']),
    call: ([input, key]) => {
      if (isMap(input)) {
        if (typeof key !== 'string') throw fnError('lookup', 'argument #2 is not of type String')
        return own(input, key) ?? null
      }
      if (typeof key !== 'number') throw fnError('lookup', 'argument #2 is not of type Number')
      const i = intNumber(key)
      if (typeof i === 'string') throw new JmesError('function', `JMESPath function 'lookup': argument #2: ${i}`)
      const arr = input as Value[]
      return i < 0 || i > arr.length - 1 ? null : (arr[i] as Value)
    },
  },
  {
    name: 'items',
    args: spec(['object', 'array'], 'string', 'string'),
    call: ([input, keyName, valName], env) => {
      const k = keyName as string
      const v = valName as string
      if (Array.isArray(input)) {
        env.budget.charge(input.length)
        return input.map((x, i) => pair(k, i, v, x))
      }
      const obj = input as ValueObject
      const keys = Object.keys(obj).sort(compareGoStrings)
      env.budget.charge(keys.length * 2)
      return keys.map((key) => pair(k, key, v, obj[key] as Value))
    },
  },
  {
    name: 'object_from_lists',
    args: spec('array', 'array'),
    call: ([keys, values], env) => {
      const ks = keys as Value[]
      const vs = values as Value[]
      env.budget.charge(ks.length)
      const out: ValueObject = {}
      ks.forEach((raw, i) => {
        const key = ifaceToString(raw)
        if (key === null) throw fnError('object_from_lists', 'argument #1 is not of type StringArray')
        setOwn(out, key, i < vs.length ? (vs[i] as Value) : null)
      })
      return out
    },
  },
  {
    name: 'parse_json',
    args: spec('string'),
    call: ([text]) => {
      const r = parseGoJson(text as string)
      if (!r.ok) throw new JmesError('function', r.error)
      if (Array.isArray(r.value)) checkArrayLength(r.value.length)
      return r.value
    },
  },
  {
    name: 'parse_yaml',
    args: spec('string'),
    call: ([text], env) => {
      if (env.opts.parseYaml === undefined) throw unsupported('parse_yaml', 'no YAML parser was provided')
      const r = env.opts.parseYaml(text as string)
      if (!r.ok) throw new JmesError('function', r.error)
      return r.value
    },
  },
  {
    name: 'semver_compare',
    args: spec('string', 'string'),
    call: ([version, range]) => {
      // blang's Parse error is ignored by Kyverno: an unparsable version compares as 0.0.0.
      const v = parseSemver(version as string) === null ? '0.0.0' : (version as string)
      const r = satisfiesRange(v, range as string)
      if (!r.ok) throw new JmesError('function', r.error)
      return r.value
    },
  },
  {
    name: 'image_normalize',
    args: spec('string'),
    call: ([image]) => {
      const r = normalizeImage(image as string)
      if (!r.ok) throw fnError('image_normalize', r.error)
      return r.value
    },
  },
  notSupported('random'),
  notSupported('x509_decode'),
  notSupported('is_external_url'),
]
