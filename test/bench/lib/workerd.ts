/** Bundling Workers as wrangler does (esbuild, workerd/worker/browser conditions, minified) and starting fresh workerd isolates through Miniflare. */
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { nowMs } from './measure.ts'

export interface Bundle {
  text: string
  bytes: number
  gzipBytes: number
}

export async function bundleWorker(entry: string, define: Record<string, string> = {}): Promise<Bundle> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define,
    write: false,
    logLevel: 'silent',
  })
  const file = out.outputFiles[0]
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`)
  return { text: file.text, bytes: file.contents.byteLength, gzipBytes: gzipSync(file.contents).byteLength }
}

export interface IsolateOptions {
  script: string
  bindings?: Record<string, string>
  kvNamespaces?: string[]
}

/** A fresh workerd process (and so a fresh isolate) running `script`; disposed by the caller. */
export function freshIsolate(o: IsolateOptions): Miniflare {
  // Modules listed explicitly: with `script` Miniflare would first parse the whole bundle in Node to find its imports.
  return new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: o.script }],
    compatibilityDate: '2026-04-01',
    kvNamespaces: o.kvNamespaces ?? [],
    bindings: o.bindings ?? {},
  })
}

/** Wall ms of one dispatched request, failing on anything but 200. */
export async function timedFetch(mf: Miniflare, url: string): Promise<{ ms: number; body: string }> {
  const t0 = nowMs()
  const res = await mf.dispatchFetch(url)
  const body = await res.text()
  const ms = nowMs() - t0
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`)
  return { ms, body }
}
