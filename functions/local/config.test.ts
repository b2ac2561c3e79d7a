import { describe, expect, it } from 'vitest'
import { mintSecret } from '../../shared/api/auth/secrets.ts'
import { DEFAULT_PORT, readLocalConfig } from './config.ts'

describe('readLocalConfig', () => {
  it('defaults to port 8787 and ./.verdict under the working directory', () => {
    expect(readLocalConfig({}, '/srv/app')).toEqual({ port: DEFAULT_PORT, dataDir: '/srv/app/.verdict', tableName: 'verdict', rootToken: undefined, publicUrl: undefined })
    expect(DEFAULT_PORT).toBe(8787)
  })

  it('takes PORT=0 (any free port) and a relative or absolute VERDICT_DATA_DIR', () => {
    expect(readLocalConfig({ PORT: '0', VERDICT_DATA_DIR: 'data' }, '/srv/app')).toMatchObject({ port: 0, dataDir: '/srv/app/data' })
    expect(readLocalConfig({ VERDICT_DATA_DIR: '/tmp/v' }, '/srv/app').dataDir).toBe('/tmp/v')
  })

  it.each(['eighty', '-1', '65536', '80.5', ' 80'])('rejects PORT=%j with the variable name', (port) => {
    expect(() => readLocalConfig({ PORT: port }, '/')).toThrow(/^PORT must be a number from 0 to 65535/)
  })

  it('takes a well-formed VERDICT_ROOT_TOKEN and refuses one the auth layer would never accept', () => {
    const token = mintSecret('root')
    expect(readLocalConfig({ VERDICT_ROOT_TOKEN: token }, '/').rootToken).toBe(token)
    expect(() => readLocalConfig({ VERDICT_ROOT_TOKEN: 'hunter2' }, '/')).toThrow(/VERDICT_ROOT_TOKEN must be "vrt_"/)
  })
})
