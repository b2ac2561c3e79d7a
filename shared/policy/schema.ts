/**
 * zod schemas for Kyverno `kyverno.io/v1` / `v2beta1` ClusterPolicy and Policy documents.
 *
 * Every field Kyverno defines is listed, so a typo is an error with its path rather than a rule
 * silently doing less than its author meant. Fields Verdict does not evaluate yet are accepted by
 * the schema and reported by {@link unsupportedFeatures}, never quietly ignored.
 */
import { z } from 'zod'
import { MatchResources } from './match.ts'

const Json = z.json()
const ConditionList = z.array(
  z.strictObject({ key: Json.optional(), operator: z.string(), value: Json.optional(), message: z.string().optional() }),
)
/** `preconditions`/`deny.conditions`: a legacy list or `{any, all}`. */
export const ConditionBlock = z.union([ConditionList, z.strictObject({ any: ConditionList.optional(), all: ConditionList.optional() })])
export type ConditionBlock = z.infer<typeof ConditionBlock>

export const ContextEntry = z.strictObject({
  name: z.string().min(1),
  configMap: z.strictObject({ name: z.string(), namespace: z.string().optional() }).optional(),
  apiCall: z
    .strictObject({
      urlPath: z.string().optional(),
      method: z.enum(['GET', 'POST']).optional(),
      data: z.array(z.strictObject({ key: z.string(), value: Json })).optional(),
      service: z.looseObject({ url: z.string() }).optional(),
      jmesPath: z.string().optional(),
      default: Json.optional(),
    })
    .optional(),
  imageRegistry: z
    .strictObject({ reference: z.string(), jmesPath: z.string().optional(), imageRegistryCredentials: Json.optional() })
    .optional(),
  variable: z.strictObject({ value: Json.optional(), jmesPath: z.string().optional(), default: Json.optional() }).optional(),
  globalReference: z.strictObject({ name: z.string(), jmesPath: z.string().optional() }).optional(),
})
export type ContextEntry = z.infer<typeof ContextEntry>

const FailureActionText = z.string()
const Overrides = z.array(Json)

/** `validate.foreach[]` entries (nested `foreach` recurses through the same shape). */
export interface ForEachValidation {
  list: string
  elementScope?: boolean | undefined
  context?: ContextEntry[] | undefined
  preconditions?: ConditionBlock | undefined
  pattern?: z.infer<typeof Json> | undefined
  anyPattern?: z.infer<typeof Json> | undefined
  deny?: { conditions?: ConditionBlock | undefined } | undefined
  foreach?: ForEachValidation[] | undefined
}
export const ForEachValidation: z.ZodType<ForEachValidation> = z.lazy(() =>
  z.strictObject({
    list: z.string(),
    elementScope: z.boolean().optional(),
    context: z.array(ContextEntry).optional(),
    preconditions: ConditionBlock.optional(),
    pattern: Json.optional(),
    anyPattern: Json.optional(),
    deny: z.strictObject({ conditions: ConditionBlock.optional() }).optional(),
    foreach: z.array(ForEachValidation).optional(),
  }),
)

export const PodSecurity = z.strictObject({
  level: z.enum(['privileged', 'baseline', 'restricted']),
  version: z.string().optional(),
  exclude: z
    .array(
      z.strictObject({
        controlName: z.string(),
        images: z.array(z.string()).optional(),
        restrictedField: z.string().optional(),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
})

export const Validation = z.strictObject({
  message: z.string().optional(),
  failureAction: FailureActionText.optional(),
  failureActionOverrides: Overrides.optional(),
  allowExistingViolations: z.boolean().optional(),
  pattern: Json.optional(),
  anyPattern: Json.optional(),
  deny: z.strictObject({ conditions: ConditionBlock.optional() }).optional(),
  foreach: z.array(ForEachValidation).optional(),
  podSecurity: PodSecurity.optional(),
  cel: Json.optional(),
  manifests: Json.optional(),
  assert: Json.optional(),
})
export type Validation = z.infer<typeof Validation>

export const Rule = z.strictObject({
  name: z.string().min(1).max(63),
  context: z.array(ContextEntry).optional(),
  match: MatchResources,
  exclude: MatchResources.optional(),
  imageExtractors: Json.optional(),
  preconditions: ConditionBlock.optional(),
  celPreconditions: Json.optional(),
  mutate: Json.optional(),
  validate: Validation.optional(),
  generate: Json.optional(),
  verifyImages: Json.optional(),
  skipBackgroundRequests: z.boolean().optional(),
  reportProperties: z.record(z.string(), z.string()).optional(),
})
export type Rule = z.infer<typeof Rule>

export const PolicySpec = z.strictObject({
  rules: z.array(Rule).min(1),
  applyRules: z.enum(['All', 'One']).optional(),
  failurePolicy: z.enum(['Fail', 'Ignore']).optional(),
  validationFailureAction: FailureActionText.optional(),
  validationFailureActionOverrides: Overrides.optional(),
  emitWarning: z.boolean().optional(),
  admission: z.boolean().optional(),
  background: z.boolean().optional(),
  schemaValidation: z.boolean().optional(),
  webhookTimeoutSeconds: z.number().int().min(1).max(30).optional(),
  mutateExistingOnPolicyUpdate: z.boolean().optional(),
  generateExisting: z.boolean().optional(),
  generateExistingOnPolicyUpdate: z.boolean().optional(),
  useServerSideApply: z.boolean().optional(),
  webhookConfiguration: Json.optional(),
})
export type PolicySpec = z.infer<typeof PolicySpec>

export const PolicyMetadata = z.looseObject({
  name: z.string().min(1).max(253),
  namespace: z.string().optional(),
  annotations: z.record(z.string(), z.string()).nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
})

export const PolicyDocument = z.strictObject({
  apiVersion: z.enum(['kyverno.io/v1', 'kyverno.io/v2beta1']),
  kind: z.enum(['ClusterPolicy', 'Policy']),
  metadata: PolicyMetadata,
  spec: PolicySpec,
  status: Json.optional(),
})
export type PolicyDocument = z.infer<typeof PolicyDocument>
