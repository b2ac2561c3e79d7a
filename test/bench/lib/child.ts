/** Bench servers run as child processes; each prints one JSON line when ready. Killed by pid when done. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface Child<T> {
  info: T
  proc: ChildProcess
  stop: () => Promise<void>
}

/** Starts `node --import tsx <entry>` and waits (bounded) for its first stdout line, parsed as JSON. */
export async function startChild<T>(entry: string, env: Record<string, string>, cwd: string, timeoutMs = 60_000): Promise<Child<T>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((r) => proc.once('exit', () => r()))
    proc.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  }
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! })
    const timer = setTimeout(() => reject(new Error(`${entry}: not ready within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs)
    rl.once('line', (l) => {
      clearTimeout(timer)
      resolve(l)
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${entry} exited (${code}) before it was ready; stderr: ${stderr}`))
    })
  }).catch(async (e: unknown) => {
    await stop()
    throw e
  })
  return { info: JSON.parse(line) as T, proc, stop }
}
