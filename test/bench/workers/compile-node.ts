/**
 * The Node proxy for the cold compile: a fresh `node` process compiles the bundled snapshot once
 * and prints the CPU time it took (process.cpuUsage, which workerd cannot offer).
 */
import { compileSet } from '../../../shared/api/admission/compile.ts'
import { loadPolicy } from '../../../shared/policy/load.ts'

declare const __SNAPSHOT__: string

const c0 = process.cpuUsage()
const w0 = performance.now()
const snapshot = JSON.parse(__SNAPSHOT__) as { policies: Array<{ name: string; document: unknown }> }
const policies = snapshot.policies.map((p) => {
  const r = loadPolicy(p.document)
  if (r.status !== 'ok') throw new Error(`policy ${p.name} did not load: ${r.status}`)
  return r.policy
})
const set = compileSet('bench', 1, policies)
const c = process.cpuUsage(c0)
process.stdout.write(JSON.stringify({ policies: set.policies.length, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - w0 }) + '\n')
