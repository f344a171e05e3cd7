import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { onTestFinished } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Debian's Chromium driven by playwright-core; never a downloaded browser. The flags keep it
 * from calling home (this machine has no internet) and from needing a sandbox or a GPU.
 * Playwright gives every launch a fresh, empty profile directory of its own. Closed when the test
 * finishes, unless `shared` (one browser for a whole file, launched in beforeAll): then the caller closes it.
 */
export async function launchBrowser(opts: { shared?: boolean; args?: string[] } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium)`)
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...(opts.args ?? []),
    ],
  })
  if (!opts.shared) {
    onTestFinished(async () => {
      await browser.close()
    })
  }
  return browser
}
