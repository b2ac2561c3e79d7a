/**
 * Keeps the import arrows of DEVELOPERS.md/STYLE.md true as the code grows:
 * functions → shared/api → shared/engine → shared/policy, shared/kube → shared/lib, and the
 * shared core free of runtime globals. A plain scan of import specifiers is enough here and needs
 * no TypeScript compiler API.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')

function sources(dir: string): string[] {
  const abs = join(root, dir)
  return readdirSync(abs).flatMap((n) => {
    const p = join(abs, n)
    if (statSync(p).isDirectory()) return sources(relative(root, p))
    return n.endsWith('.ts') && !n.endsWith('.test.ts') ? [relative(root, p)] : []
  })
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string)
  return specs.map((s) => (s.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), s)) : s))
}

/** Layer of a repo path: the first two segments under shared/, else the top folder. */
function layer(path: string): string {
  const parts = path.split('/')
  return parts[0] === 'shared' ? `shared/${parts[1]}` : (parts[0] as string)
}

// Which internal layers each layer may import (itself always allowed).
const ALLOWED: Record<string, string[]> = {
  'shared/lib': [],
  'shared/kube': ['shared/lib'],
  'shared/policy': ['shared/lib', 'shared/kube'],
  'shared/engine': ['shared/lib', 'shared/kube', 'shared/policy'],
  'shared/testrun': ['shared/lib', 'shared/kube', 'shared/policy', 'shared/engine'],
  'shared/report': ['shared/lib', 'shared/kube', 'shared/policy', 'shared/engine'],
  'shared/store': ['shared/lib', 'shared/kube', 'shared/policy'],
  'shared/lint': ['shared/lib', 'shared/kube', 'shared/policy', 'shared/engine'],
  'shared/library': ['shared/lib', 'shared/kube', 'shared/policy'],
  'shared/api': ['shared/lib', 'shared/kube', 'shared/policy', 'shared/engine', 'shared/report', 'shared/store', 'shared/lint', 'shared/library'],
}
const EXTERNAL_OK = new Set(['zod', 'yaml', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', 'hono', 'hono/http-exception', '@hono/zod-openapi'])

describe('architecture', () => {
  const files = sources('shared')

  it('finds the shared sources (a check over nothing proves nothing)', () => {
    expect(files.length).toBeGreaterThan(100)
  })

  it.each(files)('%s imports only inward', (file) => {
    const own = layer(file)
    const allowed = ALLOWED[own]
    expect(allowed, `layer ${own} has no rule in test/architecture.test.ts`).toBeDefined()
    for (const spec of imports(file)) {
      if (!spec.startsWith('shared/') && !spec.startsWith('functions') && !spec.startsWith('test')) {
        expect(EXTERNAL_OK.has(spec) || spec.startsWith('@aws-sdk/'), `${file} imports package ${spec}`).toBe(true)
        continue
      }
      const target = layer(spec)
      expect(target === own || allowed?.includes(target), `${file} imports ${spec} (${own} → ${target})`).toBe(true)
      // The app knows storage only through its ports; adapters are wired in functions/.
      if (own === 'shared/api' && target === 'shared/store') {
        expect(spec.replace(/\.ts$/, ''), `${file} imports a store adapter`).toMatch(/^shared\/store\/(ports|schemas)$/)
      }
    }
  })

  it.each(files)('%s uses no runtime globals', (file) => {
    const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    expect(text, `${file} reads process`).not.toMatch(/(^|[^\w./-])process\.(env|argv|exit|cwd|stdout|stderr|on)\b/)
    expect(text, `${file} imports node:`).not.toMatch(/from ['"]node:/)
    expect(text, `${file} reads the clock`).not.toMatch(layer(file) === 'shared/engine' ? /\bDate\.now\(|new Date\(\)/ : /$^/)
  })
})
