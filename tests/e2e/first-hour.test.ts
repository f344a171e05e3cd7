import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { editorText, typeInEditor } from './support/editor.ts'
import { bundledQuestion, openTab } from './support/interview.ts'
import { screenshotDir } from './support/screenshots.ts'
import { joinRoom, poll, VIEWPORT } from './support/room.ts'

/**
 * Issue #14, as a new user walks it in a browser: a bad link, picking the question after the
 * clock started and changing it, ending early, someone leaving, the next round with the same
 * roles. One server and one browser for the file; screenshots go to a temporary folder.
 */

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
let server: TestServer
let browser: Browser
const SCREENSHOTS = screenshotDir()

beforeAll(async () => {
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  server = await startServer({ shared: true })
  browser = await launchBrowser({ shared: true })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const inviteUrl = (roomId: string, token: string) => `${server.url}/r/${roomId}#token=${token}`

describe('the first hour of a new user', () => {
  test('a bad invite link says so before asking for a name (#14.6)', async () => {
    const room = await server.createRoom({ title: 'Friday mock' })
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    await page.goto(inviteUrl(room.id, 'not-a-real-secret-0123456789'))
    await page.getByRole('heading', { name: 'Cannot open this room' }).waitFor()
    expect(await page.getByText('This invite link is not valid').count()).toBe(1)
    expect(await page.getByLabel('Display name').count()).toBe(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'first-hour-bad-link.png') })
    // A good link names the room and the role on the join form.
    await page.goto('about:blank')
    await page.goto(inviteUrl(room.id, room.tokens.candidate))
    await page.getByLabel('Display name').waitFor()
    expect(await page.locator('.join-invite').innerText()).toBe('Friday mock as candidate')
    await context.close()
  })

  test('pick after the clock started, change with a confirmation, end early, someone leaves, next round (#14.1–3, 7, 9, 2)', async () => {
    const room = await server.createRoom({ title: 'First hour', language: 'javascript' })
    const first = await bundledQuestion('activity-streak')
    const second = await bundledQuestion('balanced-template')
    const ivy = await joinRoom(browser, inviteUrl(room.id, room.tokens.interviewer), 'Ivy (interviewer)')
    const ada = await joinRoom(browser, inviteUrl(room.id, room.tokens.candidate), 'Ada')

    // #14.7: the avatar shows letters, never a bracket.
    await openTab(ivy.page, 'Room')
    await poll(() => ivy.page.locator('.participants .avatar').allInnerTexts()).toEqual(expect.arrayContaining(['II', 'AD']))

    // #14.1: "Intro" first, as the plan invites — then pick the question while the clock runs.
    await ivy.page.getByRole('button', { name: 'Start clock' }).click()
    await ivy.page.getByRole('button', { name: 'Pause clock' }).waitFor()
    await openTab(ivy.page, 'Question')
    await ivy.page.getByRole('button', { name: first.title, exact: true }).click()
    await ivy.page.getByRole('button', { name: 'Pick this question' }).click()
    await ivy.page.getByRole('group', { name: 'Confirm question change' }).waitFor()
    await ivy.page.screenshot({ path: join(SCREENSHOTS, 'first-hour-pick-running.png') })
    await ivy.page.getByRole('button', { name: 'Pick it' }).click()
    await ada.page.getByRole('article', { name: first.title }).waitFor()
    await poll(() => editorText(ada.page)).toContain('function longestStreak(days)')

    // The candidate types; changing the question keeps their code (no starter over it).
    await typeInEditor(ada.page, ['', '// my idea'])
    await poll(() => editorText(ivy.page)).toContain('// my idea')
    await ivy.page.getByRole('button', { name: 'Change question' }).click()
    await ivy.page.getByRole('button', { name: second.title, exact: true }).click()
    await ivy.page.getByRole('button', { name: 'Pick this question' }).click()
    await ivy.page.getByRole('group', { name: 'Confirm question change' }).getByRole('button', { name: 'Change question' }).click()
    await ada.page.getByRole('article', { name: second.title }).waitFor()
    expect(await editorText(ada.page)).toContain('// my idea')

    // #14.3: ending early shows unreached phases as skipped, not done.
    await ivy.page.getByRole('button', { name: 'End round' }).click()
    await ivy.page.getByRole('group', { name: 'Confirm ending the round' }).getByRole('button', { name: 'Yes, end round' }).click()
    await poll(() => ada.page.locator('.phase-bar .phase.skipped').count()).toBe(5)
    expect(await ada.page.locator('.phase-bar .phase.done').count()).toBe(1)
    await ada.page.screenshot({ path: join(SCREENSHOTS, 'first-hour-ended-early.png') })

    // #14.9: the candidate leaves; the interviewer is told.
    await ada.context.close()
    await poll(() => ivy.page.getByTestId('presence-notice').innerText().catch(() => '')).toBe('Ada left')
    await ivy.page.screenshot({ path: join(SCREENSHOTS, 'first-hour-left.png') })

    // #14.2: the next round keeps the roles, and the interviewer picks its question.
    await ivy.page.getByRole('button', { name: 'Next round (same roles)' }).click()
    await ivy.page.getByRole('heading', { name: 'Pick a question' }).waitFor()
    await poll(() => ivy.page.getByText('Round 2', { exact: false }).count()).toBeGreaterThan(0)
    await ivy.page.getByRole('button', { name: 'Start clock' }).waitFor()
    await ivy.context.close()
  })
})
