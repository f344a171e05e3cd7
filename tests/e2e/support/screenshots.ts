import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DOCS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))

/**
 * Where the browser suite writes its screenshots. Tests never modify tracked files: by default
 * they go to a fresh temporary folder (printed, so a failing run can be looked at);
 * `pnpm screenshots` sets NUDGE_SCREENSHOTS=docs to refresh the README's pictures in docs/screenshots.
 */
export function screenshotDir(): string {
  if (process.env.NUDGE_SCREENSHOTS === 'docs') {
    mkdirSync(DOCS, { recursive: true })
    return DOCS
  }
  const dir = mkdtempSync(join(tmpdir(), 'nudge-screenshots-'))
  console.log(`screenshots: ${dir}`)
  return dir
}
