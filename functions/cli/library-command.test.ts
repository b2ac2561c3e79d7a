import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { findLibrarySet } from '../../shared/library/index.ts'
import { runLibraryList, runLibraryShow, type ShowFlags } from './library-command.ts'

function capture(fn: (io: { out(t: string): void; err(t: string): void }) => number) {
  let out = ''
  let err = ''
  const code = fn({ out: (t) => void (out += t), err: (t) => void (err += t) })
  return { code, out, err }
}
const show = (name: string, flags: Partial<ShowFlags> = {}) => capture((io) => runLibraryShow(name, { format: 'yaml', ...flags }, io))

describe('verdict library', () => {
  it('list prints every set with its latest version, as text or JSON', () => {
    const text = capture((io) => runLibraryList('text', io))
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/^NAME\s+LATEST\s+VERSIONS\s+TITLE\n/)
    expect(text.out).toMatch(/\npod-security-baseline\s+1\.1\.0\s+1\.0\.0, 1\.1\.0\s+Pod Security Standards: baseline\n/)
    const json = JSON.parse(capture((io) => runLibraryList('json', io)).out) as { items: Array<{ name: string }> }
    expect(json.items.map((s) => s.name)).toContain('runtime-security-profiles')
  })
  it('show prints the policies as shipped (YAML, comments kept) or as JSON', () => {
    const yaml = show('runtime-security-profiles')
    expect(yaml.code).toBe(0)
    expect(yaml.out).toMatch(/^# runtime-security-profiles@1\.0\.0: /)
    expect(yaml.out).toContain('# The Pod sets an allowed profile')
    const set = findLibrarySet('runtime-security-profiles')
    if (!set.ok) throw new Error('missing')
    expect(parseAllDocuments(yaml.out).map((d) => d.toJS())).toEqual(set.value.policies.map((p) => p.document))
    const json = JSON.parse(show('pod-security-restricted', { format: 'json', version: '1.0.0' }).out) as { version: string; policies: Array<{ name: string }> }
    expect(json).toMatchObject({ version: '1.0.0', policies: [{ name: 'pod-security-restricted' }] })
  })
  it('show exits 1 for an unknown set or version, naming what exists', () => {
    expect(show('nope')).toMatchObject({ code: 1, out: '' })
    expect(show('nope').err).toMatch(/verdict library list/)
    expect(show('pod-security-baseline', { version: '0.9.0' }).err).toMatch(/versions: 1\.0\.0, 1\.1\.0/)
  })
})
