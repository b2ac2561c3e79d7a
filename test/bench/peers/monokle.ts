/**
 * Monokle (`@monokle/validation`) with only its offline `pod-security-standards` plugin, all 17
 * rules on (its restricted rules are off by default). Resources are built as Monokle's own tools
 * build them (one per YAML document: its text and its parsed content). Its validate() evaluates
 * and writes SARIF in one pass, so those two are timed together. Its YAML cache is cleared before
 * every timed validation: a one-shot run starts cold.
 */
import { DefaultPluginLoader, DisabledFixer, MonokleValidator, ResourceParser, SchemaLoader, type Resource, type ValidationResponse } from '@monokle/validation'
import { parseAllDocuments } from 'yaml'
import { sink } from '../lib/measure.ts'
import { coverageOf, emptyFailing, recordFailure, type Failing, type RuleControl } from './controls.ts'
import type { PeerRun } from './types.ts'

/** Monokle's PSS rules: 1xx are its baseline rules, 2xx its restricted ones. */
const RULES: Record<string, RuleControl> = {
  PSS101: { control: 'HostProcess', level: 'baseline' },
  PSS102: { control: 'Host Namespaces', level: 'baseline' },
  PSS103: { control: 'Privileged Containers', level: 'baseline' },
  PSS104: { control: 'Capabilities', level: 'baseline' },
  PSS105: { control: 'HostPath Volumes', level: 'baseline' },
  PSS106: { control: 'Host Ports', level: 'baseline' },
  PSS107: { control: 'AppArmor', level: 'baseline' },
  PSS108: { control: 'SELinux', level: 'baseline' },
  PSS109: { control: '/proc Mount Type', level: 'baseline' },
  PSS110: { control: 'Seccomp', level: 'baseline' },
  PSS111: { control: 'Sysctls', level: 'baseline' },
  PSS201: { control: 'Volume Types', level: 'restricted' },
  PSS202: { control: 'Privilege Escalation', level: 'restricted' },
  PSS203: { control: 'Running as Non-root', level: 'restricted' },
  PSS204: { control: 'Running as Non-root user', level: 'restricted' },
  PSS205: { control: 'Seccomp', level: 'restricted' },
  PSS206: { control: 'Capabilities', level: 'restricted' },
}

/** Monokle resources from a multi-document YAML file, as its CLI and editor extensions make them. */
function toResources(text: string, file: string): Resource[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    const content = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null
    if (!content || typeof content !== 'object') return []
    const [start, , end] = doc.range
    return [
      {
        id: `r${i}`,
        fileId: file,
        filePath: file,
        fileOffset: start,
        name: content.metadata?.name ?? '',
        namespace: content.metadata?.namespace,
        apiVersion: content.apiVersion ?? '',
        kind: content.kind ?? '',
        content,
        text: text.slice(start, end),
      },
    ]
  })
}

export async function prepareMonokle(text: string, file: string): Promise<PeerRun> {
  const parser = new ResourceParser()
  const validator = new MonokleValidator({ loader: new DefaultPluginLoader(), parser, schemaLoader: new SchemaLoader(), suppressors: [], fixer: new DisabledFixer() })
  await validator.preload({ plugins: { 'pod-security-standards': true }, rules: Object.fromEntries(Object.keys(RULES).map((id) => [id, true])) })
  const enabled = validator.rules['pod-security-standards']?.filter((r) => r.configuration.enabled).map((r) => r.id) ?? []
  if (enabled.length !== Object.keys(RULES).length) throw new Error(`Monokle: expected its 17 PSS rules enabled, got ${enabled.join(', ')}`)
  const resources = toResources(text, file)
  const validate = async (): Promise<ValidationResponse> => {
    parser.clear()
    return validator.validate({ resources })
  }
  return {
    tool: 'Monokle',
    resources: resources.length,
    phases: [
      { name: 'parse', work: { items: resources.length, fn: async () => void (sink.n += toResources(text, file).length) } },
      { name: 'evaluate+build', work: { items: resources.length, fn: async () => void (sink.n += (await validate()).runs.length) } },
    ],
    verdicts: async () => {
      const index = new Map(resources.map((r, i) => [r.id, i]))
      const out: Failing[] = resources.map(() => emptyFailing())
      for (const run of (await validate()).runs) {
        for (const res of run.results) {
          const rule = RULES[res.ruleId]
          if (!rule) throw new Error(`Monokle reported an unknown rule ${res.ruleId}`)
          const uri = res.locations.find((l) => l.physicalLocation?.artifactLocation.uriBaseId === 'RESOURCE')?.physicalLocation?.artifactLocation.uri
          const i = uri === undefined ? undefined : index.get(uri)
          if (i === undefined) throw new Error(`Monokle result ${res.ruleId} names no known resource`)
          recordFailure(out[i] as Failing, rule)
        }
      }
      return out
    },
    coverage: coverageOf(Object.values(RULES)),
  }
}
