/**
 * The subset of SARIF 2.1.0 (OASIS, sarif-v2.1.0-os) that Verdict emits, as strict zod schemas:
 * the producer's types come from here, and tests parse real output with it, so a misspelt or
 * misplaced property fails a test instead of being silently ignored by a consumer. Section
 * numbers refer to the specification.
 */
import { z } from 'zod'

/** §3.27.10 result.level, §3.58.6 notification.level. */
export const SarifLevel = z.enum(['none', 'note', 'warning', 'error'])
export type SarifLevel = z.infer<typeof SarifLevel>

/** §3.11 message: `text` is required when there is no `id`. */
const Message = z.strictObject({ text: z.string().min(1) })
/** §3.8 property bag: any JSON properties. */
const PropertyBag = z.record(z.string(), z.json())

/** §3.4 artifactLocation; `uri` is a URI reference (§3.4.3), relative ones resolving against the repository root. */
const ArtifactLocation = z.strictObject({ uri: z.string().min(1) })
/** §3.29 physicalLocation: at least one of `address` and `artifactLocation`; we always give the latter. */
const PhysicalLocation = z.strictObject({ artifactLocation: ArtifactLocation })
/** §3.33 logicalLocation; `kind` is one of the values §3.33.7 lists ("resource" among them). */
const LogicalLocation = z.strictObject({ name: z.string(), fullyQualifiedName: z.string(), kind: z.literal('resource') })
/** §3.28 location. */
const Location = z.strictObject({ physicalLocation: PhysicalLocation.optional(), logicalLocations: z.array(LogicalLocation).min(1) })

/** §3.49 reportingDescriptor: `id` is required; `/` separates hierarchical components (§3.49.3). */
export const SarifRule = z.strictObject({ id: z.string().min(1), shortDescription: Message, properties: PropertyBag })
export type SarifRule = z.infer<typeof SarifRule>

/** §3.27 result: `ruleIndex` must point at the descriptor whose `id` equals `ruleId` (§3.27.6). */
export const SarifResult = z.strictObject({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().nonnegative(),
  level: SarifLevel,
  message: Message,
  locations: z.array(Location).min(1),
  properties: PropertyBag,
})
export type SarifResult = z.infer<typeof SarifResult>

/** §3.58 notification: a problem the tool had, here a rule that could not be evaluated. */
export const SarifNotification = z.strictObject({ level: SarifLevel, message: Message, locations: z.array(Location).min(1), properties: PropertyBag })
export type SarifNotification = z.infer<typeof SarifNotification>

/** §3.20 invocation: `executionSuccessful` is required. */
const Invocation = z.strictObject({ executionSuccessful: z.boolean(), toolExecutionNotifications: z.array(SarifNotification) })

/** §3.19 toolComponent: `name` is required; `informationUri` is an absolute URI (§3.19.17). */
const ToolComponent = z.strictObject({ name: z.string().min(1), informationUri: z.url(), rules: z.array(SarifRule) })

/** §3.14 run; §3.18 tool (`driver` is required). */
const Run = z.strictObject({
  tool: z.strictObject({ driver: ToolComponent }),
  invocations: z.array(Invocation).length(1),
  results: z.array(SarifResult),
  properties: PropertyBag,
})

/** §3.13 sarifLog: `version` must be "2.1.0"; `$schema` is the schema's absolute URI. */
export const SarifLog = z.strictObject({ $schema: z.url(), version: z.literal('2.1.0'), runs: z.array(Run).length(1) })
export type SarifLog = z.infer<typeof SarifLog>
