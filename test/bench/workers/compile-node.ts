/**
 * The Node proxy for the cold figures: a fresh `node` process runs one of the cold paths of
 * `cold-admission.ts` (argv[2]: `admit` or `compile`) on the bundled snapshot once and prints the
 * CPU time it took (process.cpuUsage, which workerd cannot offer).
 */
import { firstPodDecision, loadEverything } from './cold-admission.ts'

declare const __SNAPSHOT__: string

const which = process.argv[2] === 'compile' ? loadEverything : firstPodDecision
const c0 = process.cpuUsage()
const w0 = performance.now()
const answer = await which(__SNAPSHOT__)
const c = process.cpuUsage(c0)
process.stdout.write(JSON.stringify({ answer, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - w0 }) + '\n')
