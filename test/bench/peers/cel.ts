/**
 * The CEL baseline: `@marcbachmann/cel-js` evaluating the expressions of Kyverno's own
 * pod-security-cel policies from the corpus (found through its INDEX.json), the fastest
 * JavaScript baseline we know. Variables are evaluated in order into `variables`, then every
 * expression must be true, as in a Kyverno `validate.cel` rule. For pod controllers the
 * expressions are rewritten as Kyverno's autogen does (`object.spec` → the pod template's spec).
 * Expressions are compiled once, before timing.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Environment } from '@marcbachmann/cel-js'
import { parseAllDocuments } from 'yaml'
import { decodeDocuments } from '../../../shared/kube/decode.ts'
import { isObject, type JsonObject } from '../../../shared/lib/json.ts'
import { nowMs, sink } from '../lib/measure.ts'
import { coverageOf, emptyFailing, recordFailure, type Failing, type Level, type RuleControl } from './controls.ts'
import type { PeerRun } from './types.ts'

/** Each corpus CEL policy's control (the corpus folder gives the level). */
const POLICY_CONTROL: Record<string, string> = {
  'disallow-capabilities': 'Capabilities',
  'disallow-host-namespaces': 'Host Namespaces',
  'disallow-host-path': 'HostPath Volumes',
  'disallow-host-ports': 'Host Ports',
  'disallow-host-process': 'HostProcess',
  'disallow-privileged-containers': 'Privileged Containers',
  'disallow-selinux': 'SELinux',
  'restrict-sysctls': 'Sysctls',
  'disallow-privilege-escalation': 'Privilege Escalation',
  'require-run-as-non-root-user': 'Running as Non-root user',
  'require-run-as-nonroot': 'Running as Non-root',
  'restrict-volume-types': 'Volume Types',
}

type Program = (ctx: Record<string, unknown>) => unknown
interface CompiledRule {
  policy: string
  rule: string
  control: RuleControl
  /** Compiled for a bare Pod, and for pod templates (autogen). */
  forms: Record<'pod' | 'template' | 'cronjob', { variables: Array<[string, Program]>; expressions: Array<[Program, string]> }>
}

interface IndexEntry {
  category: string
  engine: string
  files: string[]
}

/** Kyverno's autogen rewrite of a Pod expression for a pod controller. */
function autogen(expr: string, form: 'pod' | 'template' | 'cronjob'): string {
  if (form === 'pod') return expr
  const spec = form === 'template' ? 'object.spec.template.spec' : 'object.spec.jobTemplate.spec.template.spec'
  const meta = form === 'template' ? 'object.spec.template.metadata' : 'object.spec.jobTemplate.spec.template.metadata'
  return expr.replace(/\bobject\.spec\b/g, spec).replace(/\bobject\.metadata\b/g, meta)
}

export type CelRules = ReturnType<typeof loadCelRules>

export function loadCelRules(shared: string): { rules: CompiledRule[]; compileMs: number; policies: number } {
  const corpus = join(shared, 'conformance', 'kyverno-policies')
  const index = JSON.parse(readFileSync(join(corpus, 'INDEX.json'), 'utf8')) as IndexEntry[]
  const files = index
    .filter((e) => e.engine === 'cel' && e.category === 'pod-security-cel')
    .flatMap((e) => e.files.filter((f) => !f.split('/').some((part) => part.startsWith('.'))))
  if (files.length === 0) throw new Error('CEL baseline: no pod-security-cel policies in the corpus INDEX.json')
  const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true })
  const t0 = nowMs()
  const rules: CompiledRule[] = []
  for (const f of files) {
    const level: Level = f.includes('/restricted/') ? 'restricted' : 'baseline'
    for (const doc of decodeDocuments(readFileSync(join(corpus, f), 'utf8'))) {
      if (!isObject(doc) || !isObject(doc.metadata) || !isObject(doc.spec) || !Array.isArray(doc.spec.rules)) throw new Error(`${f}: not a policy`)
      const policy = String(doc.metadata.name)
      const control = POLICY_CONTROL[policy]
      if (!control) throw new Error(`CEL baseline: no control known for corpus policy ${policy}`)
      for (const r of doc.spec.rules) {
        if (!isObject(r) || !isObject(r.validate) || !isObject(r.validate.cel)) throw new Error(`${f}: rule without validate.cel`)
        const cel = r.validate.cel
        const vars = (Array.isArray(cel.variables) ? cel.variables : []).filter(isObject)
        const exprs = (Array.isArray(cel.expressions) ? cel.expressions : []).filter(isObject)
        const compile = (form: 'pod' | 'template' | 'cronjob') => ({
          variables: vars.map((v): [string, Program] => [String(v.name), env.parse(autogen(String(v.expression), form)) as unknown as Program]),
          expressions: exprs.map((e): [Program, string] => [env.parse(autogen(String(e.expression), form)) as unknown as Program, String(e.message ?? '').trim()]),
        })
        rules.push({ policy, rule: String(r.name), control: { control, level }, forms: { pod: compile('pod'), template: compile('template'), cronjob: compile('cronjob') } })
      }
    }
  }
  return { rules, compileMs: nowMs() - t0, policies: new Set(rules.map((r) => r.policy)).size }
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController'])

interface Outcome {
  resource: number
  policy: string
  rule: string
  status: 'pass' | 'fail' | 'error'
  message: string
}

function evaluateAll(rules: readonly CompiledRule[], objects: readonly JsonObject[]): Outcome[] {
  const out: Outcome[] = []
  objects.forEach((object, i) => {
    const form = object.kind === 'Pod' ? 'pod' : object.kind === 'CronJob' ? 'cronjob' : TEMPLATE_KINDS.has(String(object.kind)) ? 'template' : null
    if (!form) return
    for (const rule of rules) {
      const { variables, expressions } = rule.forms[form]
      let status: Outcome['status'] = 'pass'
      let message = ''
      try {
        const vars: Record<string, unknown> = {}
        const ctx = { object, oldObject: null, variables: vars }
        for (const [name, program] of variables) vars[name] = program(ctx)
        for (const [program, msg] of expressions) {
          const v = program(ctx)
          if (v !== true) {
            status = v === false ? 'fail' : 'error'
            message = v === false ? msg : `expression returned ${typeof v}`
            break
          }
        }
      } catch (e) {
        status = 'error'
        message = e instanceof Error ? e.message : String(e)
      }
      out.push({ resource: i, policy: rule.policy, rule: rule.rule, status, message })
    }
  })
  return out
}

function parse(text: string): JsonObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter(isObject)
}

export function prepareCel(rules: readonly CompiledRule[], text: string): PeerRun {
  const objects = parse(text)
  const outcomes = evaluateAll(rules, objects)
  return {
    tool: 'CEL (cel-js)',
    resources: objects.length,
    phases: [
      { name: 'parse', work: { items: objects.length, fn: async () => void (sink.n += parse(text).length) } },
      { name: 'evaluate', work: { items: objects.length, fn: async () => void (sink.n += evaluateAll(rules, objects).length) } },
      {
        name: 'build',
        work: {
          items: objects.length,
          fn: async () => {
            const byResource = objects.map((o) => ({ kind: o.kind, name: isObject(o.metadata) ? o.metadata.name : '', results: [] as Outcome[] }))
            for (const o of outcomes) byResource[o.resource]?.results.push(o)
            sink.n += JSON.stringify(byResource).length
          },
        },
      },
    ],
    verdicts: async () => {
      const out: Failing[] = objects.map(() => emptyFailing())
      for (const o of outcomes) {
        if (o.status === 'error') throw new Error(`CEL baseline: ${o.policy}/${o.rule} errored on resource ${o.resource}: ${o.message}`)
        const rule = rules.find((r) => r.policy === o.policy && r.rule === o.rule) as CompiledRule
        if (o.status === 'fail') recordFailure(out[o.resource] as Failing, rule.control)
      }
      return out
    },
    coverage: coverageOf(rules.map((r) => r.control)),
  }
}
