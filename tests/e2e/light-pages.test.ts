import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { ADMIN_TOKEN, createCohort } from '../utils/cohorts.ts'
import { seriousA11yViolations } from './support/axe.ts'
import { poll } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

/**
 * Issue #14.13: the pages a light-mode browser reaches outside a room — the story bank, the
 * cohort organizer's dashboard and a student's personal page — pass axe, contrast included, with
 * content on them (a story, a company's values, a roster, a running round).
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

test('the story bank, the cohort dashboard and a student page pass axe in the light theme (#14.13)', { timeout: 240_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })
  const page = await context.newPage()

  await step('story bank with a story and a company', async () => {
    await page.goto(`${server.url}/stories`)
    await page.getByRole('heading', { name: 'My story bank', level: 1 }).waitFor()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light')
    await page.getByRole('button', { name: '+ New story' }).click()
    await page.getByLabel('Story title').fill('The Friday outage')
    await page.getByLabel('Situation', { exact: true }).fill('Checkout failed for a third of users on a Friday.')
    await page.getByLabel('Task', { exact: true }).fill('I was on call and owned the fix.')
    await page.getByRole('button', { name: '+ Add company' }).click()
    await page.getByLabel('Company name').fill('Acme')
    await page.getByLabel('Values or culture memo').fill('Our values\n- Own the outcome\n- Customers first\n')
    await page.getByRole('button', { name: 'Find values' }).click()
    await page.getByText(/Found \d+ values?/).waitFor()
    expect(await seriousA11yViolations(page), 'axe on the light story bank').toEqual([])
    await page.screenshot({ path: join(SHOTS, 'light-story-bank.png'), fullPage: true })
  })

  const cohort = await createCohort(server.url, 'Light cohort')
  await cohort.importCsv('name,email\nAda,ada@example.org\nBao,\nCleo,\nDev,\n')
  const roster = await cohort.roster()

  await step('a student page before the first round', async () => {
    const student = await context.newPage()
    await student.goto(localLink(roster[0]!.link))
    await poll(() => student.url()).not.toContain('#key=')
    await student.getByRole('heading', { level: 1 }).first().waitFor()
    await poll(() => student.locator('main').innerText()).toContain('Ada')
    expect(await seriousA11yViolations(student), 'axe on the light student page').toEqual([])
    await student.screenshot({ path: join(SHOTS, 'light-student.png'), fullPage: true })
    await student.close()
  })

  await step('the organizer dashboard with a roster and a running round', async () => {
    await page.goto(localLink(cohort.organizer))
    await poll(() => page.url()).not.toContain('#key=')
    await poll(() => page.locator('.cohort-table tbody tr').count()).toBe(4)
    expect(await seriousA11yViolations(page), 'axe on the light cohort roster').toEqual([])
    await page.getByRole('button', { name: 'Start round 1' }).click()
    await poll(() => page.getByTestId('room-tile').count()).toBe(2)
    expect(await seriousA11yViolations(page), 'axe on the light cohort dashboard').toEqual([])
    await page.screenshot({ path: join(SHOTS, 'light-cohort.png'), fullPage: true })
  })
  await context.close()
})
