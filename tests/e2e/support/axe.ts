import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type * as AxeCore from 'axe-core'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Runs axe-core in the page (its source evaluated in the page, nothing fetched) and returns the
 * serious and critical violations, formatted so a failure message names the rule and elements.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, not as an inline <script>: the page's CSP forbids those.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  // Colours mid-transition (buttons fade their colours for 0.12 s, e.g. just after a theme
  // switch) are neither theme's: let running CSS transitions finish before measuring contrast.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))))
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof AxeCore }
    const result = await axe.run(document, { resultTypes: ['violations'] })
    // Only plain data crosses back from the page.
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
}
