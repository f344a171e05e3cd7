/**
 * Walks a coding round and a behavioral round through the interview UI in three headless
 * Chromium contexts (interviewer, candidate, observer), checks each screen with axe-core, and
 * saves the screenshots used by docs/interview-flow.md (its behavioral ones come from
 * tests/e2e/behavioral.test.ts; this tool's behavioral shots are prefixed swap-).
 *
 *   cd tests && NUDGE_URL=http://127.0.0.1:3201 node --import tsx tools/interview-walkthrough.ts
 *
 * Needs a running server that serves the built client (pnpm build; pnpm --filter @nudge/server start).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

const BASE = process.env.NUDGE_URL ?? 'http://127.0.0.1:3201'
const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const VIEWPORT = { width: 1440, height: 900 }
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const problems: string[] = []

function log(msg: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`)
}

async function axe(page: Page, what: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const v = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe
    return (await a.run(document, { resultTypes: ['violations'] })).violations.map((x) => ({ id: x.id, impact: x.impact, help: x.help, targets: x.nodes.map((n) => JSON.stringify(n.target)) }))
  })
  for (const x of v) {
    const line = `axe ${what}: ${x.impact} ${x.id} — ${x.help} — ${x.targets.slice(0, 4).join(' ')}`
    if (x.impact === 'serious' || x.impact === 'critical') problems.push(line)
    log(line)
  }
}

async function joinRoom(browser: Browser, url: string, name: string, viewport = VIEWPORT) {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`${name} page error: ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && log(`${name} console error: ${m.text()}`))
  await page.goto(url)
  await page.getByLabel('Display name').fill(name)
  await page.getByRole('button', { name: 'Join room' }).click()
  await page.getByTestId('connection-status').getByText('Connected').waitFor({ timeout: 20_000 })
  await page.getByTestId('code-editor').locator('.view-lines').waitFor()
  await page.getByRole('timer').waitFor()
  return { context, page, name }
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click()
const shot = (page: Page, file: string, fullPage = false) => page.screenshot({ path: join(OUT, file), fullPage })

/**
 * Types at the end of `line`: strings are typed (Escape first closes any suggestion popup, so a
 * following Enter is a new line, not an accepted suggestion), other steps are key presses.
 */
async function typeAt(page: Page, line: number, steps: (string | { key: string })[]) {
  await page.getByTestId('code-editor').locator('.view-lines').click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  for (const step of steps) {
    if (typeof step === 'string') await page.keyboard.type(step, { delay: 5 })
    else await page.keyboard.press(step.key)
    await page.keyboard.press('Escape')
  }
}
const ENTER = { key: 'Enter' }

async function setPlan(page: Page, minutes: number[]) {
  await page.getByRole('button', { name: 'Edit plan' }).click()
  for (const [i, m] of minutes.entries()) await page.getByLabel(`Phase ${i + 1} minutes`).fill(String(m))
  await page.getByRole('button', { name: 'Save plan' }).click()
  await page.getByRole('button', { name: 'Save plan' }).waitFor({ state: 'detached' })
}

async function score(page: Page, values: number[], submit: string, summary: string, comments = ['Asked about overlaps before coding', 'Named the trade-off out loud', 'Sorted first, then one sweep']) {
  const groups = page.locator('fieldset.criterion')
  const n = await groups.count()
  for (let i = 0; i < n; i++) {
    await groups.nth(i).locator('label.score-option').nth(values[i % values.length]! - 1).click()
    if (i % 2 === 0) await groups.nth(i).getByRole('textbox').fill(comments[i % comments.length]!)
  }
  await page.locator('form.rubric textarea').last().fill(summary)
  await page.getByRole('button', { name: submit }).click()
  await page.getByText(/^Submitted/).first().waitFor()
}

/** Scrolls the open sidebar panel back to its top, for screenshots. */
const panelTop = (page: Page) => page.locator('.tab-panel:not([hidden])').evaluate((el) => el.scrollTo(0, 0))

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main() {
  mkdirSync(OUT, { recursive: true })
  const res = await fetch(`${BASE}/api/rooms`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Mock onsite — Ada & Ivy', language: 'javascript' }),
  })
  const room = (await res.json()) as { id: string; invites: Record<'candidate' | 'interviewer' | 'observer', string> }
  const local = (u: string) => `${BASE}${new URL(u).pathname}${new URL(u).hash}`
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const [ivy, ada, olu] = await Promise.all([
      joinRoom(browser, local(room.invites.interviewer), 'Ivy'),
      joinRoom(browser, local(room.invites.candidate), 'Ada'),
      joinRoom(browser, local(room.invites.observer), 'Olu'),
    ])
    log('joined')
    await axe(ivy.page, 'interviewer, before a question')
    await shot(ada.page, 'interview-waiting.png')

    // ---- Round 1: coding ----
    const ip = ivy.page
    await ip.getByLabel('Kind').selectOption('coding')
    await ip.getByRole('button', { name: 'First Free Interview Slot' }).click()
    await ip.getByRole('button', { name: 'Pick this question' }).waitFor()
    await shot(ip, 'picker-preview.png')
    await axe(ip, 'interviewer, question preview')
    await ip.getByRole('button', { name: 'Pick this question' }).click()
    await ada.page.getByRole('heading', { name: 'First Free Interview Slot' }).waitFor()
    log('question picked')
    // Short phases so the walk-through shows warnings and overtime in a few minutes.
    await setPlan(ip, [0.5, 0.5, 0.5, 1, 0.5, 0.5])
    await ip.getByRole('button', { name: 'Start clock' }).click()
    await ada.page.getByText('Time remaining').waitFor()

    await tab(ada.page, 'Clarify')
    await ada.page.getByLabel('Your question').fill('Can busy intervals overlap or nest inside each other?')
    await ada.page.getByRole('button', { name: 'Ask', exact: true }).click()
    await tab(ip, 'Clarify')
    const answerBox = ip.getByLabel(/^Answer to:/)
    await answerBox.fill('Yes — they come from several calendars, so they can overlap and nest.')
    await ip.getByRole('button', { name: 'Answer', exact: true }).click()
    await ada.page.getByRole('button', { name: 'Pin as assumption' }).click()
    await ada.page.getByText('assumption', { exact: true }).first().waitFor()
    await ada.page.getByLabel('Your question').fill('Is `length` ever longer than the day?')
    await ada.page.getByRole('button', { name: 'Ask', exact: true }).click()
    log('ledger done')

    await ip.getByRole('button', { name: 'Next phase' }).click()
    await ip.getByRole('button', { name: 'Next phase' }).click()
    // Monaco closes brackets itself: typing `{` then Enter leaves the `}` on the line after.
    await typeAt(ada.page, 9, ['  busy.sort((a, b) => a[0] - b[0]);', ENTER, 'let cursor = dayStart;', ENTER, 'for (const [s, e] of busy) {', ENTER, 'if (Math.min(s, dayEnd) - cursor >= length) return cursor;'])
    await pause(500)

    // A ladder hint anchored to the line the interviewer's caret is on.
    await ip.getByTestId('code-editor').locator('.view-lines').click()
    await ip.keyboard.press('Control+Home')
    for (let i = 1; i < 11; i++) await ip.keyboard.press('ArrowDown')
    await tab(ip, 'Hints')
    await ip.getByRole('button', { name: /Use hint 2/ }).click()
    await ip.getByLabel('Anchor to current line').check()
    await ip.getByRole('button', { name: 'Send hint' }).click()
    await ada.page.getByTestId('hint').first().waitFor({ state: 'attached' })
    log('hint sent')
    await ada.page.getByRole('button', { name: "I'm stuck" }).click()
    await ip.getByTestId('stuck-alert').waitFor()
    await ip.getByLabel('Anchor to current line').uncheck()
    await ip.getByLabel('Hint text').fill('What should happen to `cursor` when a busy block ends *before* it?')
    await ip.getByRole('button', { name: 'Send hint' }).click()
    await tab(ip, 'Notes')
    await ip.getByLabel('Private note').fill('Sorted first without being asked; missed nested intervals until the hint.')
    await ip.getByRole('button', { name: 'Add note' }).click()
    await ip.getByRole('button', { name: '+ Tested edge cases' }).click()
    await tab(ip, 'Hints')
    await ip.getByRole('button', { name: '+1 min' }).click()
    await tab(ada.page, 'Hints')
    await tab(olu.page, 'Clarify')
    await typeAt(ada.page, 12, [ENTER, 'cursor = Math.max(cursor, e);', { key: 'ArrowDown' }, { key: 'End' }, ENTER, 'return dayEnd - cursor >= length ? cursor : -1;'])
    await pause(1500)
    await panelTop(ip)
    await shot(ip, 'interview-interviewer.png')
    await shot(ada.page, 'interview-candidate.png')
    await shot(olu.page, 'interview-observer.png')
    for (const p of [ivy, ada, olu]) await axe(p.page, `${p.name}, coding round running`)

    // Mobile layout, candidate.
    const mobile = await joinRoom(browser, local(room.invites.candidate), 'Ada (phone)', { width: 390, height: 844 })
    await shot(mobile.page, 'interview-mobile.png', true)
    await axe(mobile.page, 'candidate on a phone')
    await mobile.context.close()

    // Let the Code phase run into overtime (its warnings fire), then finish.
    await ip.getByRole('button', { name: 'Next phase' }).click()
    await ip.getByTestId('clock-warning').waitFor({ timeout: 120_000 })
    await shot(ada.page, 'interview-warning.png')
    await ip.getByTestId('clock-warning').getByText(/Time is up/).waitFor({ timeout: 120_000 })
    await pause(5000)
    await ip.getByRole('button', { name: 'Next phase' }).click()
    await pause(4000)
    await ip.getByRole('button', { name: 'End round' }).click()
    await ip.getByRole('button', { name: 'Yes, end round' }).click()
    await ada.page.getByText('Round 1 ended').waitFor()
    log('round 1 ended')

    await ip.getByRole('button', { name: 'Score the round' }).click()
    await score(ip, [3, 4, 3, 3, 2, 3], 'Submit scorecard', 'Strong start: clarified overlaps and sorted without prompting. Testing came late — walk through an example before coding next time.')
    await panelTop(ip)
    await shot(ip, 'scorecard.png')
    await axe(ip, 'interviewer scorecard')
    await ip.getByRole('button', { name: 'Share with candidate' }).click()
    await ada.page.getByRole('button', { name: 'Assess yourself' }).click()
    await score(ada.page, [3, 3, 3, 2, 2, 2], 'Submit self-assessment', 'Got the sweep idea fast, but I needed the hint about nested blocks. Practise: test with overlapping input first.')

    await ada.page.getByRole('button', { name: 'Open debrief' }).click()
    await ada.page.getByRole('heading', { name: /Debrief · round 1/ }).waitFor()
    await ada.page.getByRole('img', { name: /Timeline of round 1/ }).waitFor()
    await pause(500)
    await shot(ada.page, 'debrief-candidate.png', true)
    await axe(ada.page, 'candidate debrief')
    await ip.getByRole('button', { name: 'Open debrief' }).click()
    await ip.getByRole('heading', { name: /Debrief · round 1/ }).waitFor()
    await pause(500)
    await shot(ip, 'debrief-interviewer.png', true)
    await axe(ip, 'interviewer debrief')
    await ip.getByRole('button', { name: '← Back to the room' }).click()
    await ada.page.getByRole('button', { name: '← Back to the room' }).click()

    // ---- Swap: round 2, behavioral ----
    await ip.getByRole('button', { name: 'Swap roles' }).click()
    await ip.getByRole('button', { name: /Swap and start round 2/ }).click()
    await ada.page.getByRole('button', { name: 'Start clock' }).waitFor()
    await ip.getByRole('button', { name: "I'm stuck" }).waitFor()
    log('roles swapped')
    const ap = ada.page // Ada interviews now
    await ap.getByRole('button', { name: 'Change question' }).click()
    await ap.getByLabel('Kind').selectOption('behavioral')
    await ap.getByRole('button', { name: 'Saying no to competing priorities' }).click()
    await ap.getByRole('button', { name: 'Pick this question' }).click()
    await ip.getByRole('heading', { name: 'Saying no to competing priorities' }).waitFor()
    await setPlan(ap, [0.5, 1, 0.5, 0.5, 0.5, 0.5])
    await ap.getByRole('button', { name: 'Start clock' }).click()
    await tab(ip, 'Clarify')
    await ip.getByLabel('Your question').fill('Should it be a work example, or can it be from a volunteer project?')
    await ip.getByRole('button', { name: 'Ask', exact: true }).click()
    await tab(ap, 'Clarify')
    await ap.getByLabel(/^Answer to:/).fill('Work is best, but a volunteer project is fine.')
    await ap.getByRole('button', { name: 'Answer', exact: true }).click()
    await ap.getByRole('button', { name: 'Next phase' }).click()
    await tab(ap, 'Hints')
    await ap.getByRole('button', { name: /Use hint 1/ }).click()
    await ap.getByRole('button', { name: 'Send hint' }).click()
    await pause(3000)
    await tab(ap, 'Notes')
    await ap.getByRole('button', { name: '+ No metric' }).click()
    await ap.getByRole('button', { name: 'Next phase' }).click()
    await pause(3000)
    await ap.getByRole('button', { name: 'Next phase' }).click()
    await shot(ap, 'swap-behavioral-interviewer.png')
    await shot(ip, 'swap-behavioral-candidate.png')
    await axe(ap, 'behavioral interviewer')
    await pause(2000)
    await ap.getByRole('button', { name: 'End round' }).click()
    await ap.getByRole('button', { name: 'Yes, end round' }).click()
    await ap.getByRole('button', { name: 'Score the round' }).click()
    const behavioral = ['Set the scene in two sentences', 'Explicit criteria: impact and cost of delay', 'Result lacked a number']
    await score(ap, [3, 2, 4, 3, 3], 'Submit scorecard', 'Concrete story with clear criteria; the result could name a number.', behavioral)
    await ip.getByRole('button', { name: 'Assess yourself' }).click()
    await score(ip, [2, 2, 3, 3, 3], 'Submit self-assessment', 'Rambled in the situation; the action part was clear.', behavioral)
    await ap.getByRole('button', { name: 'Open debrief' }).click()
    await ap.getByRole('heading', { name: /Debrief · round 2/ }).waitFor()
    await ap.getByRole('img', { name: /Timeline of round 2/ }).waitFor()
    await pause(500)
    await shot(ap, 'swap-debrief-behavioral.png', true)
    await axe(ap, 'behavioral debrief')
    log('done')
  } catch (err) {
    // Leave what each page showed when it failed, for debugging.
    for (const [i, ctx] of browser.contexts().entries()) {
      for (const p of ctx.pages()) await p.screenshot({ path: `/tmp/walkthrough-fail-${i}.png` }).catch(() => {})
    }
    throw err
  } finally {
    await browser.close()
  }
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`)
    process.exitCode = 1
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
