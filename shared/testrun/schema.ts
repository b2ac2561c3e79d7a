/**
 * zod schemas for the `cli.kyverno.io/v1alpha1` documents `kyverno test` reads: Test, Values and
 * UserInfo. They decode the way Go's `yaml.UnmarshalStrict` does:
 * - an unknown field is an error (so `status:`, `resource:` or a result-level `namespace:` fail);
 * - field names also match case-insensitively (`isMUtatingPolicy` is `isMutatingPolicy`), as
 *   encoding/json does;
 * - an explicit `null` leaves the field at its zero value.
 */
import { z } from 'zod'
import { isObject, setKey, type JsonObject } from '../lib/json.ts'

const Json = z.json()
const Str = z.string().optional()
const StrList = z.array(z.string()).optional()
const StrMap = z.record(z.string(), z.string()).optional()

/** Renames keys to their Go field name (exact first, then case-insensitive) and drops null fields. */
function foldKeys(value: unknown, names: ReadonlySet<string>, folded: ReadonlyMap<string, string>): unknown {
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue
    const name = names.has(key) ? key : (folded.get(key.toLowerCase()) ?? key)
    setKey(out, name, v)
  }
  return out
}

/** A Go struct under strict decoding (see the module comment). */
function goStruct<S extends z.ZodRawShape>(shape: S) {
  const names = new Set(Object.keys(shape))
  const folded = new Map([...names].map((n) => [n.toLowerCase(), n]))
  return z.preprocess((v) => foldKeys(v, names, folded), z.strictObject(shape))
}

/** `metav1.ObjectMeta`: every field is known, values are only loosely typed (nothing reads them). */
const ObjectMeta = goStruct({
  name: Str,
  generateName: Str,
  namespace: Str,
  selfLink: Str,
  uid: Str,
  resourceVersion: Str,
  generation: Json.optional(),
  creationTimestamp: Json.optional(),
  deletionTimestamp: Json.optional(),
  deletionGracePeriodSeconds: Json.optional(),
  labels: StrMap,
  annotations: StrMap,
  ownerReferences: z.array(Json).optional(),
  finalizers: StrList,
  managedFields: z.array(Json).optional(),
}).optional()

const DottedValues = z.record(z.string(), Json)

/** `ValuesSpec`: shared by inline `values:` and Values files. */
const valuesSpecShape = {
  globalValues: DottedValues.optional(),
  policies: z
    .array(
      goStruct({
        name: z.string(),
        resources: z.array(goStruct({ name: z.string(), values: DottedValues.optional() })).optional(),
        rules: z
          .array(
            goStruct({
              name: z.string(),
              values: DottedValues.optional(),
              foreachValues: z.record(z.string(), z.array(Json)).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  namespaceSelector: z.array(goStruct({ name: z.string(), labels: StrMap })).optional(),
  /** Full Namespace objects; only `metadata.name` and `metadata.labels` are read. */
  namespaces: z.array(z.record(z.string(), Json)).optional(),
  subresources: z.array(Json).optional(),
  variables: StrMap,
}
/** Values for a Test: inline `values:` or the body of a Values file. */
export const ValuesSpec = goStruct(valuesSpecShape)
export type ValuesSpec = z.infer<typeof ValuesSpec>

/** A `kind: Values` file (`variables:`). */
export const ValuesFile = goStruct({ apiVersion: Str, kind: Str, metadata: ObjectMeta, ...valuesSpecShape })

/** A `kind: UserInfo` file (`userinfo:`): roles, cluster roles and the request user. */
export const UserInfoFile = goStruct({
  apiVersion: Str,
  kind: Str,
  metadata: ObjectMeta,
  roles: StrList,
  clusterRoles: StrList,
  userInfo: goStruct({
    username: Str,
    uid: Str,
    groups: StrList,
    extra: z.record(z.string(), z.array(z.string())).optional(),
  }).optional(),
})
export type UserInfoFile = z.infer<typeof UserInfoFile>

/** A `resourceSpecs[]` entry of a result. */
export const ResourceSpec = goStruct({
  group: Str,
  version: Str,
  kind: Str,
  namespace: Str,
  subresource: Str,
  name: Str,
})
export type ResourceSpec = z.infer<typeof ResourceSpec>

/** One `results[]` entry of a Test. */
export const TestResult = goStruct({
  policy: z.string(),
  rule: Str,
  /** Compared literally with the actual result, so any string decodes (Go's PolicyResult is a string). */
  result: Str,
  /** Parsed and never used, as in Kyverno. */
  kind: Str,
  resources: StrList,
  resourceSpecs: z.array(ResourceSpec).optional(),
  operation: Str,
  patchedResources: Str,
  generatedResource: Str,
  generatedResources: Str,
  cloneSourceResource: Str,
  failOnMissingResources: z.boolean().optional(),
  isValidatingAdmissionPolicy: z.boolean().optional(),
  isMutatingAdmissionPolicy: z.boolean().optional(),
  isValidatingPolicy: z.boolean().optional(),
  isDeletingPolicy: z.boolean().optional(),
  isImageValidatingPolicy: z.boolean().optional(),
  isGeneratingPolicy: z.boolean().optional(),
  isMutatingPolicy: z.boolean().optional(),
})
export type TestResult = z.infer<typeof TestResult>

/** A `kind: Test` document (`cli.kyverno.io/v1alpha1`). */
export const TestDocument = goStruct({
  apiVersion: Str,
  kind: Str,
  metadata: ObjectMeta,
  /** Deprecated: a Test that sets it is rejected. */
  name: Str,
  policies: StrList,
  resources: StrList,
  jsonPayload: Str,
  jsonPayloads: StrList,
  targetResources: StrList,
  variables: Str,
  paramResources: StrList,
  userinfo: Str,
  results: z.array(TestResult).optional(),
  checks: z.array(Json).optional(),
  values: ValuesSpec.optional(),
  exceptions: StrList,
  context: Str,
  clusterResources: StrList,
})
export type TestDocument = z.infer<typeof TestDocument>

/** One line per zod issue, with its path, for load-error messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.map(String).join('.')
      const what = i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message
      return where === '' ? what : `${where}: ${what}`
    })
    .join('; ')
}
