import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { seriousA11yViolations } from './support/axe.ts'
import { editorOf, editorText, typeInEditor } from './support/editor.ts'
import { bundledQuestion, liveRegion, openTab } from './support/interview.ts'
import { screenshotDir } from './support/screenshots.ts'
import { joinRoom, poll, VIEWPORT, waitConnected } from './support/room.ts'
import type { Page, Response } from 'playwright-core'

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

  const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme)
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

  test('the landing page downloads no React; the other pages load it (#14.12)', async () => {
    // React 19's element marker is in react's and react-dom's code, and in nothing of ours.
    const REACT = 'react.transitional.element'
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    const scripts = async (url: string, ready: () => Promise<unknown>) => {
      const bodies: Promise<string>[] = []
      const onResponse = (r: Response) => {
        if (r.request().resourceType() === 'script' && r.status() === 200) bodies.push(r.text())
      }
      page.on('response', onResponse)
      await page.goto(url)
      await ready()
      page.off('response', onResponse)
      return Promise.all(bodies)
    }
    const landing = await scripts(server.url, () => page.getByRole('heading', { name: 'Create an interview room' }).waitFor())
    expect(landing.length).toBeGreaterThan(0)
    expect(landing.filter((b) => b.includes(REACT)).length, 'scripts with React on the landing page').toBe(0)
    const stories = await scripts(`${server.url}/stories`, () => page.getByRole('heading', { name: 'My story bank', level: 1 }).waitFor())
    expect(stories.filter((b) => b.includes(REACT)).length, 'scripts with React on the story bank').toBeGreaterThan(0)
    await context.close()
  })

  test('a light system gets the light landing page; a room created from the keyboard keeps the focus (#14.13, 11)', async () => {
    // #14.13: a light browser gets the light landing page, which passes axe (contrast included).
    const hostContext = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
    const host = await hostContext.newPage()
    await host.goto(server.url)
    expect(await theme(host)).toBe('light')
    expect(await seriousA11yViolations(host), 'axe on the light landing page').toEqual([])
    await host.screenshot({ path: join(SCREENSHOTS, 'theme-light-landing.png') })
    // #14.11: a room created from the keyboard puts focus on its heading, then the first link.
    await host.getByLabel(/^Title/).fill('Projector room')
    await host.keyboard.press('Enter')
    await poll(() => focused(host)).toBe('Room ready: Projector room')
    await host.keyboard.press('Tab')
    expect(await focused(host)).toContain('Open as candidate')
    await hostContext.close()
  })

  // Three pages, three axe runs, a reload and a rejoin: slow on a loaded 2-core machine.
  test('the light room: a hint where the candidate looks, the keyboard, the switch, pause on drop, the debrief (#14.13, 10, 11, 9)', { timeout: 420_000 }, async () => {
    const monacoDark = (page: Page) => editorOf(page).locator('.monaco-editor').evaluate((el) => el.classList.contains('vs-dark'))
    const room = await server.createRoom({ title: 'Projector room', language: 'javascript' })
    const ivy = await joinRoom(browser, inviteUrl(room.id, room.tokens.interviewer), 'Ivy', undefined, 'light')
    const ada = await joinRoom(browser, inviteUrl(room.id, room.tokens.candidate), 'Ada', undefined, 'light')
    expect(await theme(ada.page)).toBe('light')
    expect(await monacoDark(ada.page)).toBe(false)

    // #14.9: the interviewer chooses to pause the clock when they drop.
    await ivy.page.getByRole('button', { name: 'Start clock' }).click()
    const pauseOnDrop = ivy.page.getByLabel('Pause the clock when I drop')
    await pauseOnDrop.click()
    await poll(() => pauseOnDrop.isChecked()).toBe(true)

    // #14.10: an unanchored hint surfaces over the candidate's editor and is announced.
    await openTab(ivy.page, 'Hints')
    const anchor = ivy.page.getByLabel('Anchor to current line')
    if (await anchor.isChecked()) await anchor.uncheck()
    await ivy.page.getByLabel('Hint text').fill('Think about what a hash map could remember')
    await ivy.page.getByRole('button', { name: 'Send hint' }).click()
    const toast = ada.page.getByTestId('hint-toast')
    await poll(() => toast.innerText().catch(() => '')).toContain('Think about what a hash map could remember')
    await poll(() => liveRegion(ada.page)).toContain('New hint: Think about what a hash map could remember')
    expect(await seriousA11yViolations(ada.page), 'axe on the light room with a hint').toEqual([])
    await ada.page.screenshot({ path: join(SCREENSHOTS, 'theme-light-room.png') })
    await toast.getByRole('button', { name: 'Got it' }).click()
    await poll(() => toast.count()).toBe(0)

    // #14.11: the editor from the keyboard says how to leave it; Esc then Tab leaves without a Tab typed.
    await ada.page.getByLabel('Language').focus()
    await ada.page.keyboard.press('Tab')
    await ada.page.getByTestId('editor-keyboard-hint').waitFor()
    const before = await editorText(ada.page)
    await ada.page.keyboard.press('Escape')
    await ada.page.keyboard.press('Tab')
    await poll(() => ada.page.getByTestId('editor-keyboard-hint').count()).toBe(0)
    expect(await ada.page.evaluate(() => document.querySelector('[data-testid="code-editor"]')!.contains(document.activeElement))).toBe(false)
    expect(await editorText(ada.page)).toBe(before)
    // …and the sidebar's tabs are reachable onwards; the arrow keys switch panels.
    let onTab = false
    for (let i = 0; i < 40 && !onTab; i++) {
      await ada.page.keyboard.press('Tab')
      onTab = await ada.page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')
    }
    expect(onTab, 'Tab reaches the sidebar tabs').toBe(true)
    const tabBefore = await focused(ada.page)
    await ada.page.keyboard.press('ArrowRight')
    expect(await focused(ada.page)).not.toBe(tabBefore)
    expect(await ada.page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe('true')

    // #14.13: the switch to dark is remembered over the system's light, and the editor follows.
    await ada.page.getByLabel('Colour theme').selectOption('dark')
    expect(await theme(ada.page)).toBe('dark')
    await poll(() => monacoDark(ada.page)).toBe(true)
    expect(await seriousA11yViolations(ada.page), 'axe on the dark room').toEqual([])
    await ada.page.screenshot({ path: join(SCREENSHOTS, 'theme-dark-room.png') })
    await ada.page.reload()
    await waitConnected(ada.page)
    expect(await theme(ada.page)).toBe('dark')
    // The hint read before the reload does not come back.
    await ada.page.getByTestId('code-editor').locator('.view-lines').waitFor()
    expect(await toast.count()).toBe(0)
    await ada.page.getByLabel('Colour theme').selectOption('system')
    expect(await theme(ada.page)).toBe('light')

    // #14.9: the interviewer drops: the server pauses the clock; only they resume it.
    await ivy.context.close()
    await poll(() => ada.page.locator('.clock-status').innerText().catch(() => '')).toBe('Paused')
    const ivy2 = await joinRoom(browser, inviteUrl(room.id, room.tokens.interviewer), 'Ivy', undefined, 'light')
    await ivy2.page.getByRole('button', { name: 'Resume clock' }).click()
    await poll(() => ada.page.locator('.clock-status').innerText().catch(() => '')).not.toBe('Paused')

    // The light debrief passes axe too.
    await ivy2.page.getByRole('button', { name: 'End round' }).click()
    await ivy2.page.getByRole('group', { name: 'Confirm ending the round' }).getByRole('button', { name: 'Yes, end round' }).click()
    await ivy2.page.getByRole('button', { name: 'Open debrief', exact: true }).click()
    await ivy2.page.getByRole('heading', { name: /^Debrief · round 1/ }).waitFor()
    expect(await theme(ivy2.page)).toBe('light')
    expect(await seriousA11yViolations(ivy2.page), 'axe on the light debrief').toEqual([])
    await ivy2.page.screenshot({ path: join(SCREENSHOTS, 'theme-light-debrief.png'), fullPage: true })
    await ivy2.context.close()
    await ada.context.close()
  })
})
