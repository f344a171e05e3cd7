import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { expect, onTestFinished, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { join as joinSocket } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { typeInEditor } from './support/editor.ts'
import { joinRoom, poll, saveStatus, VIEWPORT } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const HINT = 'Try one pass with a running total'
const NOTE = 'Wrote the loop before the hint arrived'

const code = (page: Page) => page.getByTestId('replay-code').locator('.replay-text').innerText()
const clock = (page: Page) => page.getByTestId('replay-time').innerText()

/**
 * An interview, then its replay as both people: Ada types, Ivy sends a hint, Ada types more.
 * Each opens the replay: seeking to the hint's marker shows the code as it was then, 8× playback
 * reaches the end, the keyboard moves the playhead, and only Ivy has her notes lane.
 */
test.skipIf(!existsSync(CLIENT_BUILD))('replay a round as the candidate and as the interviewer', async () => {
  const server = await startServer()
  const room = await server.createRoom({ language: 'javascript' })
  const ivy = joinSocket(server, room, 'interviewer', 'Ivy')
  await ivy.waitEvent('interview:state')
  const browser = await launchBrowser()
  onTestFinished(() => browser.close())
  const shots = screenshotDir()
  const invite = (role: 'candidate' | 'interviewer') => `${server.url}/r/${room.id}#token=${room.tokens[role]}`
  const replayUrl = `${server.url}/r/${room.id}/replay/1`

  const ada = await step('1. the interview: Ada types, a hint arrives, Ada types more', async () => {
    const ada = await joinRoom(browser, invite('candidate'), 'Ada')
    await ivy.ok('clock:start', {})
    // A second connection of Ada's seat asks a question and chats, as her page would.
    const adaSocket = joinSocket(server, room, 'candidate', 'Ada')
    await adaSocket.waitEvent('interview:state')
    const q = await adaSocket.ok('clarify:ask', { text: 'Can the list be empty?' })
    await ivy.ok('clarify:answer', { id: q.id, text: 'Yes: return 0.' })
    await typeInEditor(ada.page, ['let total = 0', 'for each n: total = total + n'])
    await poll(() => saveStatus(ada.page)).toMatch(/saved/i)
    await ivy.ok('hint:send', { text: HINT })
    await ivy.ok('note:add', { text: NOTE })
    await adaSocket.ok('chat:send', { text: 'Thanks, that helps' })
    adaSocket.socket.disconnect()
    await ada.page.getByText(HINT).first().waitFor({ state: 'attached' })
    // Still in the editor: a click could land on Monaco's suggestion widget.
    for (const key of ['Escape', 'Control+End', 'Enter', 'Home']) await ada.page.keyboard.press(key)
    await ada.page.keyboard.type('return total after the loop', { delay: 15 })
    await ada.page.keyboard.press('Escape')
    await poll(() => saveStatus(ada.page)).toMatch(/saved/i)
    await server.app.collab.log.flush()
    await ivy.ok('clock:end', {})
    return ada
  })

  await step('2. the candidate opens the replay', async () => {
    // Straight to the replay's address (the debrief links here): the debrief page itself
    // sometimes stays on "Loading the debrief…" in this suite, which is #16's open problem.
    await ada.page.goto(replayUrl)
    await ada.page.getByTestId('replay-code').waitFor()
    // Her lanes have the hint but no notes: the interviewer's notes never reach her.
    await expect.poll(() => ada.page.getByRole('button', { name: new RegExp(`Hint: ${HINT}`) }).count()).toBe(1)
    expect(await ada.page.getByText('My notes').count()).toBe(0)
    expect(await ada.page.content()).not.toContain(NOTE)
  })

  await step('3. seek to the hint: the code as it was then', async () => {
    await ada.page.getByRole('button', { name: new RegExp(`Hint: ${HINT}`) }).click()
    await poll(() => code(ada.page)).toContain('total = total + n')
    expect(await code(ada.page)).not.toContain('return total')
    await expect.poll(() => ada.page.getByTestId('replay-detail').innerText()).toContain(HINT)
    await expect.poll(() => ada.page.getByTestId('replay-announce').textContent()).toContain('Hint')
    expect(new URL(ada.page.url()).searchParams.get('t')).toMatch(/^\d+:\d{2}$/)
  })

  await step('4. play at 8× to the end; keyboard Home/End', async () => {
    await ada.page.getByRole('button', { name: '8×' }).click()
    await ada.page.getByTestId('replay-play').click()
    await poll(() => code(ada.page), 'playback reaches the last edit', 30_000).toContain('return total')
    // Playback stops by itself at the end of the round.
    await poll(() => ada.page.getByTestId('replay-play').innerText(), 'playback ends', 30_000).toContain('Play')
    await poll(() => clock(ada.page)).toMatch(/^(\d+:\d{2}) \/ \1$/)
    await ada.page.getByLabel('Replay player').focus()
    await ada.page.keyboard.press('Home')
    await poll(() => clock(ada.page)).toMatch(/^0:00 \//)
    await poll(() => code(ada.page)).not.toContain('let total')
    await ada.page.keyboard.press('End')
    await poll(() => code(ada.page)).toContain('return total')
  })

  await step('5. the interviewer opens a link to the hint moment and has her notes lane', async () => {
    const t = new URL(ada.page.url()).searchParams.get('t')
    const context = await browser.newContext({ viewport: { ...VIEWPORT, height: 900 }, colorScheme: 'dark' })
    const page = await context.newPage()
    await page.goto(`${replayUrl}?t=0:00#token=${room.tokens.interviewer}`)
    await page.getByTestId('replay-code').waitFor()
    await page.getByText('My notes').waitFor()
    await page.getByRole('button', { name: new RegExp(`Note: ${NOTE}`) }).waitFor()
    await page.getByRole('button', { name: new RegExp(`Hint: ${HINT}`) }).click()
    await poll(() => code(page)).toContain('total = total + n')
    expect(await code(page)).not.toContain('return total')
    await page.getByRole('button', { name: /Question asked: Can the list be empty/ }).click()
    await expect.poll(() => page.getByTestId('replay-detail').innerText()).toContain('A: Yes: return 0.')
    await page.getByRole('button', { name: new RegExp(`Hint: ${HINT}`) }).click()
    await page.screenshot({ path: join(shots, 'replay.png'), fullPage: true })
    // The light theme uses the same variables.
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: join(shots, 'replay-light.png'), fullPage: true })
    expect(t).not.toBeNull()
    await context.close()
  })

  await step('6. a link past the end of the round says so', async () => {
    await ada.page.goto(`${replayUrl}?t=900:00`)
    await poll(() => ada.page.getByRole('alert').innerText()).toMatch(/past the end of round 1/)
  })
})
