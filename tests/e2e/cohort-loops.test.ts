import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import type { LoopView, StudentLoops } from '@nudge/shared'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { ADMIN_TOKEN, createCohort, fragmentSecret } from '../utils/cohorts.ts'
import { joinRoom, poll } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

/**
 * Issue #22 in a cohort: the organizer plans a loop once on the cohort page (the /loops/new stage
 * editor) and assigns it to the students they tick; a student finds their own loop on their
 * personal page and works on it; the organizer's list shows that student's stage done.
 */
const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const SHOTS = screenshotDir()
let server: TestServer
let browser: Browser

beforeAll(async () => {
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  server = await startServer({ shared: true, env: { ADMIN_TOKEN } })
  browser = await launchBrowser({ shared: true })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const localLink = (link: string) => link.replace(/^http:\/\/localhost:\d+/, server.url)

test('an organizer assigns a loop to chosen students and sees a student\'s loop status', { timeout: 240_000 }, async () => {
  const cohort = await createCohort(server.url, 'Loop cohort')
  const { students } = await cohort.importCsv('name\nAda\nBao\nCleo\nDev\n')
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  const panel = page.getByTestId('cohort-loops')

  await step('the organizer plans the loop with the stage editor and assigns it to three of four students', async () => {
    await page.goto(localLink(cohort.organizer))
    await poll(() => panel.innerText()).toContain('No loops yet')
    await panel.getByRole('button', { name: 'Assign a loop' }).click()
    await panel.getByLabel('Title').fill('Backend loop')
    await panel.getByLabel(/Company or role/).fill('Acme')
    // The typical plan: take-home, its review, coding, behavioral.
    await poll(() => panel.getByTestId('loop-stage-edit').count()).toBe(4)
    await poll(() => panel.getByLabel('Assignment').locator('option').count()).toBeGreaterThan(1)
    await panel.getByLabel('Assignment').selectOption({ index: 1 })
    const who = panel.getByLabel('Interviewer')
    await who.nth(0).fill('Maya')
    await who.nth(1).fill('Olu')
    await who.nth(2).fill('Maya')
    await panel.getByLabel('Dev').uncheck()
    await panel.getByRole('button', { name: 'Assign to 3 students' }).click()
    await poll(() => panel.getByRole('status').innerText()).toContain('3 loops created')
    await poll(() => panel.getByTestId('cohort-loop-row').count()).toBe(3)
    expect(await panel.getByTestId('cohort-loop-row').filter({ hasText: 'Dev' }).count()).toBe(0)
  })

  const ada = students.find((s) => s.name === 'Ada')!
  const student = await browser.newContext({ viewport: { width: 1000, height: 800 } })
  await step('Ada finds only her own loop on her personal page and opens it as its candidate', async () => {
    const p = await student.newPage()
    await p.goto(localLink(ada.link))
    await poll(() => p.getByTestId('student-loops').getByRole('link').count()).toBe(1)
    await p.getByTestId('student-loops').getByRole('link', { name: /Backend loop/ }).click()
    await poll(() => p.url()).toMatch(/\/l\/[\w-]+$/)
    await poll(() => p.locator('body').innerText()).toContain('Take-home')
    // Dev, left out, has none.
    const dev = await fetch(`${server.url}/api/cohorts/${cohort.id}/me/loops`, { headers: { authorization: `Bearer ${fragmentSecret(students.find((s) => s.name === 'Dev')!.link)}` } })
    expect(((await dev.json()) as StudentLoops).loops).toEqual([])
  })

  await step('Ada submits her take-home; the organizer sees it done in her row', async () => {
    const mine = (await (await fetch(`${server.url}/api/cohorts/${cohort.id}/me/loops`, { headers: { authorization: `Bearer ${fragmentSecret(ada.link)}` } })).json()) as StudentLoops
    const loop = mine.loops[0]!
    const res = await fetch(`${server.url}/api/loops/${loop.loopId}/stages/1/submit`, { method: 'POST', headers: { authorization: `Bearer ${fragmentSecret(loop.link)}` } })
    expect(res.status).toBe(201)
    await panel.getByRole('button', { name: 'Refresh' }).click()
    const row = panel.getByTestId('cohort-loop-row').filter({ hasText: 'Ada' })
    await poll(() => row.innerText()).toContain('Take-home: done')
    expect(await row.innerText()).toContain('Take-home review: not started')
    await page.screenshot({ path: join(SHOTS, 'cohort-loops.png'), fullPage: true })
    // Her row's link opens her loop as its owner: every link, and the packet.
    const [owner] = await Promise.all([page.context().waitForEvent('page'), row.getByRole('link', { name: /Open loop and packet/ }).click()])
    await poll(() => owner.locator('body').innerText(), 'the owner view of Ada\'s loop').toContain('Maya')
    await poll(() => owner.url()).not.toContain('#key=')
  })

  await step('only a loop\'s room asks for its loop banner (the join payload says which rooms are)', async () => {
    const plain = await server.createRoom()
    const other = await joinRoom(browser, localLink(plain.invites.candidate), 'Zed')
    // The page title comes from room:state, the same message that would name a loop: it has arrived.
    await poll(() => other.page.title()).toContain('Mock interview')
    expect(other.traffic.findSent(`/api/rooms/${plain.id}/loop`)).toEqual([])
    expect(await other.page.getByTestId('loop-banner').count()).toBe(0)
    const mine = (await (await fetch(`${server.url}/api/cohorts/${cohort.id}/me/loops`, { headers: { authorization: `Bearer ${fragmentSecret(ada.link)}` } })).json()) as StudentLoops
    const view = (await (await fetch(`${server.url}/api/loops/${mine.loops[0]!.loopId}`, { headers: { authorization: `Bearer ${fragmentSecret(mine.loops[0]!.link)}` } })).json()) as LoopView
    const roomUrl = view.stages[0]!.room!.url
    const takeHome = await joinRoom(browser, localLink(roomUrl), 'Ada')
    await poll(() => takeHome.page.getByTestId('loop-banner').innerText()).toContain('stage 1 of 4: Take-home')
    expect(takeHome.traffic.findSent(`/api/rooms/${new URL(roomUrl).pathname.split('/')[2]}/loop`)).toHaveLength(1)
    await Promise.all([other.context.close(), takeHome.context.close()])
  })
  await student.close()
  await context.close()
})
