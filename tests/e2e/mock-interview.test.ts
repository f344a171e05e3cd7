import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, onTestFinished, test } from 'vitest'
import { RUBRICS } from '@nudge/shared'
import { launchBrowser } from '../utils/browser.ts'
import { freePort } from '../utils/process.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { seriousA11yViolations } from './support/axe.ts'
import { editorOf, editorText, remoteCursorNames, typeInEditor } from './support/editor.ts'
import { bundledQuestion, liveRegion, openTab, plainPrefix, timeRemaining } from './support/interview.ts'
import { screenshotDir } from './support/screenshots.ts'
import { connectionStatus, joinRoom, poll, saveStatus, VIEWPORT, waitConnected, type RoomPage } from './support/room.ts'
import { step } from './support/step.ts'

/**
 * One whole mock interview, as three people would run it in three browsers: a room created on
 * the landing page, a question, the clock, clarifying questions, "I'm stuck" and a hint, private
 * notes, a network drop, a server restart, scorecards and the debrief. Screenshots go to a
 * temporary folder; `pnpm screenshots` writes the README's copies to docs/screenshots/.
 */

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const QUESTION_ID = 'activity-streak'

/** Runs one step of the scenario; a failure names the step, and the log shows each step's time. */

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1

test('a full mock interview in three browsers', async () => {
  // The server serves the built client; `pnpm test` builds it first.
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  // A fixed port and data dir, so the server can be restarted in place mid-session; PUBLIC_URL
  // makes the invite links on the landing page point at it.
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'nudge-e2e-'))
  const serverOpts = { dataDir, port, env: { PUBLIC_URL: `http://127.0.0.1:${port}` } }
  let server: TestServer = await startServer(serverOpts)
  onTestFinished(async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const browser = await launchBrowser()
  const SCREENSHOTS = screenshotDir()

  const question = await bundledQuestion(QUESTION_ID)
  // What the candidate must never receive: the interviewer's private note and unshared scorecard,
  // the hint tiers that were not sent, and the solution.
  const secret = {
    note: 'PRIVATE-NOTE candidate skipped the edge cases',
    scorecard: 'PRIVATE-SCORECARD strong hire but rushed the tests',
    unsentHints: question.hints.slice(1).map((h) => plainPrefix(h.text)),
    solution: plainPrefix(question.kind === 'coding' && question.solution ? question.solution : ''),
  }
  const firstHint = plainPrefix(question.hints[0]!.text)
  const canaries = [secret.note, secret.scorecard, ...secret.unsentHints, secret.solution]
  expect(secret.unsentHints.length, 'the question has a hint ladder').toBeGreaterThanOrEqual(2)

  const invites = await step('1. create a room from the landing page', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByRole('heading', { name: 'Create an interview room' }).waitFor()
    await page.getByLabel('Title').fill('Graphs mock onsite')
    expect(await seriousA11yViolations(page), 'axe on the landing page').toEqual([])
    await page.screenshot({ path: join(SCREENSHOTS, 'landing.png') })
    await page.getByRole('button', { name: 'Create room' }).click()
    await page.getByRole('heading', { name: /Room ready/ }).waitFor()
    const link = (role: string) => page.getByLabel(`${role} link`, { exact: true }).inputValue()
    const urls = { candidate: await link('Candidate'), interviewer: await link('Interviewer'), observer: await link('Observer') }
    for (const u of Object.values(urls)) expect(u).toMatch(new RegExp(`^${server.url}/r/[\\w-]+#token=`))
    await context.close()
    return urls
  })

  const [ada, ivy, olu] = await step('1. open the candidate, interviewer and observer links', () =>
    Promise.all([
      joinRoom(browser, invites.candidate, 'Ada'),
      joinRoom(browser, invites.interviewer, 'Ivy'),
      joinRoom(browser, invites.observer, 'Olu'),
    ]),
  )
  const everyone: RoomPage[] = [ada, ivy, olu]
  const texts = () => Promise.all(everyone.map((p) => editorText(p.page)))
  /** Waits until every page shows the same document, and returns it. */
  const converged = async () => {
    await poll(async () => new Set(await texts()).size, 'all pages show the same document').toBe(1)
    return editorText(ada.page)
  }
  /** The candidate's (or observer's) page holds none of the interviewer's secrets right now. */
  const assertNoSecretsInDom = async (p: RoomPage) => {
    // The markup (attributes included) and the text of every node, hidden panels too.
    const dom = (await p.page.content()) + (await p.page.evaluate(() => document.documentElement.textContent))
    for (const c of canaries) expect(dom.includes(c), `${p.name}'s DOM contains "${c}"`).toBe(false)
  }

  await step('3. the interviewer picks a question; its starter code appears for everyone', async () => {
    await ivy.page.getByRole('button', { name: question.title, exact: true }).click()
    await ivy.page.getByRole('button', { name: 'Pick this question' }).click()
    await ivy.page.getByRole('button', { name: 'Change question' }).waitFor()
    // The candidate reads the statement, never the ladder.
    await ada.page.getByRole('article', { name: question.title }).waitFor()
    const doc = await converged()
    expect(doc).toContain('function longestStreak(days)')
    await assertNoSecretsInDom(ada)
  })

  await step('2. candidate and interviewer type at the same time', async () => {
    const before = await converged()
    const bodyLine = before.split('\n').findIndex((l) => l.startsWith('function longestStreak')) + 2
    expect(before.split('\n')[bodyLine - 1]!.trim(), 'the function body starts empty').toBe('')
    // Each at a place of their own (two people typing at the very same caret interleave their
    // letters in any shared editor); comments, so no completion popup takes a keystroke.
    const adaTyped = '// ada: put the days in a set'
    const ivyTyped = '// ivy: what if days repeat'
    await Promise.all([
      typeInEditor(ada.page, adaTyped, { at: { endOfLine: bodyLine } }),
      typeInEditor(ivy.page, ivyTyped, { at: 'end' }),
    ])
    const doc = await converged()
    expect(occurrences(doc, adaTyped)).toBe(1)
    expect(occurrences(doc, ivyTyped)).toBe(1)
    expect(doc.length).toBe(before.length + adaTyped.length + ivyTyped.length)
    expect(doc.split('\n')[bodyLine - 1]!.trim()).toBe(adaTyped)
    // Each sees the other's caret, labelled with the other's name; the observer's is never drawn.
    await poll(() => remoteCursorNames(ada.page), "Ivy's cursor on Ada's page").toEqual(['Ivy'])
    await poll(() => remoteCursorNames(ivy.page), "Ada's cursor on Ivy's page").toEqual(['Ada'])
    await poll(async () => (await remoteCursorNames(olu.page)).sort(), 'both cursors on the observer page').toEqual(['Ada', 'Ivy'])
  })

  await step('6. the observer cannot type', async () => {
    const before = await converged()
    await typeInEditor(olu.page, 'observer was here')
    // Monaco answers a keystroke in a read-only editor with its message, for a few seconds: on a
    // busy machine it may be gone before it is looked for, so each look presses a key again.
    const readOnlyMessage = editorOf(olu.page).getByText('You are observing: the editor is read-only.')
    await poll(async () => {
      await olu.page.keyboard.press('x')
      return readOnlyMessage.isVisible()
    }, 'the read-only message', 30_000).toBe(true)
    expect(await editorText(olu.page)).toBe(before)
    // A barrier: once Ada's later edit reached everyone, an observer edit sent earlier would have too.
    await typeInEditor(ada.page, ' //barrier')
    const after = await converged()
    expect(after).toBe(`${before} //barrier`)
    expect(after).not.toContain('observer')
  })

  await step('3. the interviewer starts the clock; every page shows the same remaining time', async () => {
    await ivy.page.getByRole('button', { name: 'Start clock' }).click()
    await poll(() => liveRegion(ada.page), "Ada's live region announces the start").toMatch(/^Clock started\. Phase: /)
    // Read all three at once, a few times over; each reading agrees within a second.
    for (let i = 0; i < 3; i++) {
      const [a, b, c] = await Promise.all(everyone.map((p) => timeRemaining(p.page)))
      expect(Math.max(a!, b!, c!) - Math.min(a!, b!, c!), `remaining ${a}, ${b}, ${c}`).toBeLessThanOrEqual(1)
      expect(a).toBeGreaterThan(60)
    }
    await ivy.page.getByRole('button', { name: 'Next phase' }).click()
    await poll(() => liveRegion(ada.page), "Ada's live region announces the phase").toMatch(/^Next phase: Clarify/)
    await poll(() => liveRegion(olu.page), "Olu's live region announces the phase").toMatch(/^Next phase: Clarify/)
    // Five more minutes keep the phase's own warnings (2 min, 30 s left) out of the live-region
    // checks below, however slow the machine.
    await ivy.page.getByRole('button', { name: '+5 min' }).click()
    await poll(() => liveRegion(ada.page), "Ada's live region announces the extension").toBe('5 min added to Clarify.')
    const [a, b, c] = await Promise.all(everyone.map((p) => timeRemaining(p.page)))
    expect(Math.max(a!, b!, c!) - Math.min(a!, b!, c!), `remaining ${a}, ${b}, ${c}`).toBeLessThanOrEqual(1)
    expect(a).toBeGreaterThan(5 * 60)
  })

  await step('4. a clarifying question and its answer', async () => {
    const q = 'Can the same day appear twice in the list?'
    const a = 'Yes, duplicates happen and count once.'
    await openTab(ada.page, 'Clarify')
    await ada.page.getByLabel('Your question').fill(q)
    await ada.page.getByRole('button', { name: 'Ask', exact: true }).click()
    await openTab(ivy.page, 'Clarify')
    await ivy.page.getByLabel(`Answer to: ${q}`).fill(a)
    await ivy.page.getByRole('button', { name: 'Answer', exact: true }).click()
    for (const p of everyone) {
      const item = p.page.getByTestId('clarify-item').filter({ hasText: q })
      await poll(() => item.innerText(), `${p.name} sees the answer`).toContain(a)
    }
    await poll(() => liveRegion(ada.page), "Ada's live region reads the answer").toContain(a)
  })

  await step("4. \"I'm stuck\", and the first hint of the ladder", async () => {
    await ada.page.getByRole('button', { name: "I'm stuck" }).click()
    const alert = ivy.page.getByTestId('stuck-alert')
    await poll(() => alert.innerText(), "Ivy's stuck alert").toContain('Ada is stuck')
    await alert.getByRole('button', { name: 'Give a hint' }).click()
    await ivy.page.getByRole('button', { name: /^Use hint 1:/ }).click()
    expect(await ivy.page.getByLabel('Hint text').inputValue()).toBe(question.hints[0]!.text)
    await ivy.page.getByRole('button', { name: 'Send hint' }).click()
    // The arrival is announced, and the hint is listed in the candidate's Hints tab.
    await poll(() => liveRegion(ada.page), "Ada's live region announces the hint").toContain(`New hint: ${firstHint}`)
    await openTab(ada.page, 'Hints')
    const hints = ada.page.getByTestId('hint')
    await poll(() => hints.allInnerTexts(), 'the hints Ada sees').toEqual([expect.stringContaining(firstHint)])
    const panel = await ada.page.getByRole('tabpanel', { name: /^Hints/ }).innerText()
    for (const later of secret.unsentHints) expect(panel).not.toContain(later)
  })

  await step('5. the interviewer writes a private note; it stays on her page', async () => {
    await openTab(ivy.page, 'Notes')
    await ivy.page.getByLabel('Private note').fill(secret.note)
    await ivy.page.getByRole('button', { name: 'Add note' }).click()
    await poll(() => ivy.page.getByTestId('note').allInnerTexts(), "Ivy's notes").toEqual([expect.stringContaining(secret.note)])
    await openTab(ivy.page, 'Hints')
    await assertNoSecretsInDom(ada)
    await assertNoSecretsInDom(olu)
  })

  await step('a11y and screenshots: the room', async () => {
    for (const p of everyone) expect(await seriousA11yViolations(p.page), `axe on ${p.name}'s room`).toEqual([])
    await ada.page.screenshot({ path: join(SCREENSHOTS, 'room-candidate.png') })
    // The hint ladder from its first rung (sending scrolled the panel down to the composer).
    await ivy.page.getByRole('tabpanel', { name: /^Hints/ }).evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) e.scrollTop = 0
    })
    await ivy.page.screenshot({ path: join(SCREENSHOTS, 'room-interviewer.png') })
  })

  await step('7. the candidate goes offline, keeps typing, comes back', async () => {
    const before = await converged()
    await ada.context.setOffline(true)
    await poll(() => connectionStatus(ada.page), "Ada's connection status").toBe('Offline')
    const adaLines = ['', '// offline: one', '// offline: two']
    await typeInEditor(ada.page, adaLines)
    await poll(() => saveStatus(ada.page), "Ada's save status").toMatch(/^Unsaved changes — offline/)
    // Meanwhile the interviewer edits too. Once the observer has Ivy's edit, the server has sent
    // it to every connected page: Ada's not having it shows she really is cut off.
    const ivyTyped = ' //ivy while ada is offline'
    await typeInEditor(ivy.page, ivyTyped, { at: { endOfLine: 1 } })
    await poll(() => editorText(olu.page), "Ivy's edit on the observer's page").toContain(ivyTyped)
    expect(await editorText(ada.page)).not.toContain(ivyTyped)
    expect(await editorText(olu.page)).not.toContain('offline: one')
    await ada.context.setOffline(false)
    await waitConnected(ada.page)
    const doc = await converged()
    for (const piece of [...adaLines.slice(1), ivyTyped]) expect(occurrences(doc, piece), `"${piece}" exactly once`).toBe(1)
    expect(doc.length).toBe(before.length + adaLines.join('\n').length + ivyTyped.length)
    await poll(() => saveStatus(ada.page), "Ada's save status").toBe('All changes saved')
  })

  await step('7. the server restarts mid-session; the pages reconnect and the clock has not moved', async () => {
    const before = await converged()
    const clockBefore = await timeRemaining(ada.page)
    const t0 = Date.now()
    await server.stop()
    for (const p of everyone) await poll(() => connectionStatus(p.page), `${p.name} notices the server is gone`).toBe('Reconnecting…')
    // The candidate keeps typing while the server is down; the edit waits in her browser.
    const typed = ' //typed while the server was down'
    await typeInEditor(ada.page, typed)
    server = await startServer(serverOpts)
    for (const p of everyone) await waitConnected(p.page, 30_000)
    const doc = await converged()
    expect(doc).toBe(`${before}${typed}`)
    await poll(() => saveStatus(ada.page), "Ada's save status").toBe('All changes saved')
    // The restarted server resumed the running clock from storage: the time that passed is the
    // time the clock went down (±2 s for display rounding), on every page.
    const [a, b, c] = await Promise.all(everyone.map((p) => timeRemaining(p.page)))
    const elapsed = (Date.now() - t0) / 1000
    expect(Math.abs(clockBefore - elapsed - a!), `before ${clockBefore}s, ${elapsed}s later ${a}s`).toBeLessThanOrEqual(2)
    expect(Math.max(a!, b!, c!) - Math.min(a!, b!, c!), `remaining ${a}, ${b}, ${c}`).toBeLessThanOrEqual(1)
    await typeInEditor(ivy.page, ' //after restart')
    expect(await converged()).toBe(`${doc} //after restart`)
  })

  await step('8. the interviewer ends the round; both fill their scorecards', async () => {
    await ivy.page.getByRole('button', { name: 'End round' }).click()
    await ivy.page.getByRole('button', { name: 'Yes, end round' }).click()
    for (const p of everyone) await p.page.getByText('Round 1 ended').waitFor()
    await poll(() => liveRegion(ada.page), "Ada's live region announces the end").toBe('The round has ended.')

    const fill = async (p: RoomPage, summaryLabel: string, summary: string, submit: string) => {
      for (const c of RUBRICS.coding) {
        await p.page.getByRole('group', { name: c.label, exact: true }).getByRole('radio', { name: /Good/ }).check()
      }
      await p.page.getByLabel(summaryLabel).fill(summary)
      await p.page.getByRole('button', { name: submit }).click()
      const status = p.page.getByRole('tabpanel', { name: /^(Score|Self-review)/ }).getByRole('status').first()
      await poll(() => status.innerText(), `${p.name}'s scorecard status`).toMatch(/^Submitted/)
    }
    await ivy.page.getByRole('button', { name: 'Score the round' }).click()
    await fill(ivy, 'Overall summary', secret.scorecard, 'Submit scorecard')
    await ada.page.getByRole('button', { name: 'Assess yourself' }).click()
    await fill(ada, 'What went well, and what to practise next', 'Clarified early; should test duplicates sooner.', 'Submit self-assessment')
    await poll(() => ivy.page.getByTestId('self-status').innerText(), "Ivy sees Ada's self-assessment").toMatch(/submitted$/)
  })

  await step('8. the debrief draws its timeline', async () => {
    for (const p of [ivy, ada]) {
      await p.page.getByRole('button', { name: 'Open debrief', exact: true }).click()
      await p.page.getByRole('heading', { name: /^Debrief · round 1/ }).waitFor()
      const chart = p.page.getByRole('img', { name: 'Timeline of round 1' })
      await chart.waitFor()
      expect(await chart.locator('rect.bar.planned').count(), `${p.name}: one planned bar per phase`).toBe(6)
      expect(await chart.locator('rect.bar.actual').count(), `${p.name}: the phases that ran`).toBe(2)
      expect(await chart.locator('.mk-hint').count(), `${p.name}: the hint marker`).toBe(1)
      expect(await chart.locator('.mk-clarify').count(), `${p.name}: the question marker`).toBe(1)
      expect(await seriousA11yViolations(p.page), `axe on ${p.name}'s debrief`).toEqual([])
    }
    // The interviewer's debrief has her notes; the candidate's does not.
    expect(await ivy.page.getByRole('main').innerText()).toContain(secret.note)
    await ivy.page.screenshot({ path: join(SCREENSHOTS, 'debrief.png') })
  })

  await step('5. nothing private reached the candidate: DOM, WebSocket frames, HTTP bodies', async () => {
    await assertNoSecretsInDom(ada)
    // The recorders did see traffic (a recorder that saw nothing would pass vacuously).
    expect(ada.traffic.frames.length).toBeGreaterThan(50)
    expect(await ada.traffic.find(firstHint), 'the sent hint reached Ada').not.toEqual([])
    for (const c of canaries) {
      expect(await ada.traffic.find(c), `"${c}" in what Ada's browser received`).toEqual([])
      expect(await olu.traffic.find(c), `"${c}" in what Olu's browser received`).toEqual([])
    }
    // The interviewer's browser did receive them, so the canaries are spelled as sent.
    expect(await ivy.traffic.find(secret.note)).not.toEqual([])
    expect(await ivy.traffic.find(secret.unsentHints[0]!)).not.toEqual([])
  })
})
