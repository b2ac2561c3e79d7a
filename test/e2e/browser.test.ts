/** The browser tests' skip rule: skipped without Chromium, except under CI=true, where that fails. */
import { describe, expect, it } from 'vitest'
import { browserAvailability } from './browser.ts'

const ABSENT = '/nonexistent/chromium'

describe('browser availability', () => {
  it('runs when the executable exists', () => {
    expect(browserAvailability({}, process.execPath)).toEqual({ run: true })
  })

  it('skips with a reason when it is absent outside CI', () => {
    const a = browserAvailability({}, ABSENT)
    expect(a).toMatchObject({ run: false, fail: false })
    expect(!a.run && a.reason).toContain(`${ABSENT} is absent`)
  })

  it('fails instead under CI=true', () => {
    expect(browserAvailability({ CI: 'true' }, ABSENT)).toMatchObject({ run: false, fail: true })
    expect(browserAvailability({ CI: 'false' }, ABSENT)).toMatchObject({ run: false, fail: false })
  })
})
