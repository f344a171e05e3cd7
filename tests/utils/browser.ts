import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { onTestFinished } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Debian's Chromium driven by playwright-core; never a downloaded browser. The flags keep it
 * from calling home (this machine has no internet) and from needing a sandbox or a GPU.
 * Playwright gives every launch a fresh, empty profile directory of its own.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium)`)
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs,
    ],
  })
  onTestFinished(async () => {
    await browser.close()
  })
  return browser
}
