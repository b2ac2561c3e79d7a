/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core, with the
 * flags from PLATFORM-NOTES.md. Without /usr/bin/chromium a browser suite is skipped with the reason
 * printed, except under CI=true (where `.ci/run` installs it), which turns the absence into a failure.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export type BrowserAvailability = { run: true } | { run: false; reason: string; fail: boolean }

export function browserAvailability(env: NodeJS.ProcessEnv = process.env, executable = CHROMIUM): BrowserAvailability {
  if (existsSync(executable)) return { run: true }
  const fail = env.CI === 'true'
  return {
    run: false,
    fail,
    reason: `${executable} is absent (install Debian's chromium: apt-get install -y chromium)${fail ? '; CI=true, so this is a failure' : ''}`,
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}
