import type { Page } from 'playwright-core'
import { BUNDLED_QUESTIONS_DIR, loadQuestionBank } from '@nudge/server/interview/question-bank.ts'

/** The page's "Time remaining" countdown in seconds (negative in overtime). */
export async function timeRemaining(page: Page): Promise<number> {
  const text = (await page.getByRole('timer', { name: 'Time remaining' }).innerText()).trim()
  const m = /^(\+?)(?:(\d+):)?(\d+):(\d\d)$/.exec(text)
  if (!m) throw new Error(`Unexpected clock text "${text}"`)
  const seconds = Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4])
  return m[1] ? -seconds : seconds
}

/** What the page's polite live region says now. */
export const liveRegion = (page: Page) => page.getByTestId('announcer').textContent().then((t) => (t ?? '').replace(/\u00a0/g, ' ').trim())

/** Opens one of the interview sidebar's tabs (Question/Problem, Hints, Clarify, Notes, Score/Self-review, Room). */
export async function openTab(page: Page, name: string) {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}\\b`) })
  await tab.click()
  await page.getByRole('tabpanel', { name: new RegExp(`^${name}\\b`) }).waitFor()
}

/**
 * The text a page shows for a Markdown string: its first plain run (between Markdown marks) of
 * 20 characters or more, cut to `max`. Used as a canary that a page must, or must not, contain.
 */
export function plainPrefix(markdown: string, max = 48): string {
  const run = markdown.split(/[*_`[\]#>\n]/).map((s) => s.trim()).find((s) => s.length >= 20)
  if (!run) throw new Error(`No plain text run in ${JSON.stringify(markdown)}`)
  return run.slice(0, max)
}

/** A bundled question as the server knows it: the ladder and solution the candidate must not get. */
export async function bundledQuestion(id: string) {
  const bank = await loadQuestionBank(BUNDLED_QUESTIONS_DIR)
  const q = bank.get(id)
  if (!q) throw new Error(`No bundled question ${id}`)
  return q
}
