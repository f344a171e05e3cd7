import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer } from '../utils/server.ts'
import { ADMIN_TOKEN, createCohort } from '../utils/cohorts.ts'
import { joinRoom, poll, VIEWPORT } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { recordTraffic } from './support/traffic.ts'

/**
 * A morning of mocks from one page: the organizer imports a roster of six, starts a rotation,
 * two students open their personal links and land in their room with the right roles, and the
 * dashboard shows them live; a "5 minutes left" broadcast reaches the room.
 */
const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const ROSTER = 'name,email\nAda,ada@example.org\nBao,\nCleo,\nDev,\nEsme,\nFinn,\n'

test('organizer imports a roster, starts a rotation, students join by personal links, the dashboard shows them live', async () => {
  expect(existsSync(CLIENT_BUILD), 'run `pnpm build` first').toBe(true)
  const s = await startServer({ env: { ADMIN_TOKEN } })
  const cohort = await createCohort(s.url, 'Spring bootcamp')
  const organizerLink = cohort.organizer.replace(/^http:\/\/localhost:\d+/, s.url)
  const browser = await launchBrowser()
  const SHOTS = screenshotDir()

  const org = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await org.newPage()
  // The landing page says cohorts are on here, without loading the cohort page's chunk.
  const landingTraffic = recordTraffic(page)
  await page.goto(s.url)
  await poll(() => page.getByTestId('cohorts-note').innerText()).toContain('Cohorts are on')
  expect(landingTraffic.sent.some((r) => /CohortPage-[\w-]+\.js/.test(r))).toBe(false)
  const traffic = recordTraffic(page)
  await page.goto(organizerLink)
  // The organizer secret leaves the address bar at once.
  await poll(() => page.url()).not.toContain('#key=')
  await page.getByLabel(/Paste CSV/).fill(ROSTER)
  await page.getByRole('button', { name: 'Import students' }).click()
  await poll(() => page.getByRole('status').first().innerText()).toContain('Imported 6 students')
  await expect(page.locator('.cohort-table tbody tr').count()).resolves.toBe(6)
  // A bad import names its rows and changes nothing.
  await page.getByLabel(/Paste CSV/).fill('name,email\nGus,not-an-email\nAda,\n')
  await page.getByRole('button', { name: 'Import students' }).click()
  await poll(() => page.getByTestId('import-errors').innerText()).toContain('Row 3')
  await expect(page.locator('.cohort-table tbody tr').count()).resolves.toBe(6)
  await page.screenshot({ path: join(SHOTS, 'cohort-roster.png'), fullPage: true })

  await page.getByRole('button', { name: 'Start round 1' }).click()
  await poll(() => page.getByTestId('room-tile').count()).toBe(3)
  expect(traffic.sent.some((r) => /CohortPage-[\w-]+\.js/.test(r))).toBe(true)

  // The first room's pair opens their personal links (each a fresh browser profile).
  const roster = await cohort.roster()
  const session = (await cohort.call('GET', '')).json().session
  const seat = session.rounds[0][0]
  const link = (id: string) => roster.find((x) => x.id === id)!.link.replace(/^http:\/\/localhost:\d+/, s.url)
  const nameOf = (id: string) => roster.find((x) => x.id === id)!.name
  const interviewer = await joinRoom(browser, link(seat.interviewer), nameOf(seat.interviewer))
  const candidate = await joinRoom(browser, link(seat.candidate), nameOf(seat.candidate))
  expect(new URL(interviewer.page.url()).pathname).toBe(`/r/${seat.roomId}`)
  await poll(() => interviewer.page.getByRole('button', { name: /Start/ }).first().isVisible()).toBe(true)
  await poll(() => candidate.page.getByRole('button', { name: /stuck/i }).isVisible()).toBe(true)

  const tile = page.getByTestId('room-tile').filter({ hasText: nameOf(seat.interviewer) })
  await poll(() => tile.locator('.online').count(), 'both shown online', 20_000).toBe(2)
  await candidate.page.getByRole('button', { name: /stuck/i }).click()
  await poll(() => tile.innerText(), 'stuck shown', 20_000).toContain('stuck ×1')
  await page.getByRole('button', { name: '5 minutes left' }).click()
  await poll(() => candidate.page.getByTestId('cohort-broadcast').innerText()).toContain('5 minutes left')
  await page.screenshot({ path: join(SHOTS, 'cohort-dashboard.png'), fullPage: true })
  await candidate.page.screenshot({ path: join(SHOTS, 'cohort-student-room.png') })

  // Another student's link, sitting out nothing: their own room and role.
  const other = session.rounds[0][1]
  const third = await joinRoom(browser, link(other.candidate), nameOf(other.candidate))
  expect(new URL(third.page.url()).pathname).toBe(`/r/${other.roomId}`)

  // Every clock of the round from one button: the rooms' clocks run, the board shows it.
  await page.getByRole('button', { name: 'Start all clocks' }).click()
  await poll(() => page.getByRole('status').first().innerText()).toContain('3 of 3 clocks started')
  await poll(() => interviewer.page.getByRole('button', { name: /Pause clock/ }).isVisible(), 'the interviewer sees the clock run', 20_000).toBe(true)
  await poll(() => page.locator('[data-testid="room-tile"] .status-running').count(), 'board shows running', 20_000).toBe(3)
  await page.getByRole('button', { name: 'Pause all clocks' }).click()
  await poll(() => page.getByRole('status').first().innerText()).toContain('3 of 3 clocks paused')
  await poll(() => page.locator('[data-testid="room-tile"] .status-paused').count(), 'board shows paused', 20_000).toBe(3)
  await poll(() => interviewer.page.getByRole('button', { name: /Resume clock/ }).isVisible(), 'the interviewer sees it paused', 20_000).toBe(true)

  // Swap two students (rooms 2 and 3's interviewers), then mark room 3's candidate absent from the board.
  const last = session.rounds[0][2]
  await page.getByLabel('First student').selectOption(other.interviewer)
  await page.getByLabel('Second student').selectOption(last.interviewer)
  await page.getByRole('button', { name: 'Swap', exact: true }).click()
  await poll(() => page.getByRole('status').first().innerText()).toContain(`Swapped ${nameOf(other.interviewer)} and ${nameOf(last.interviewer)}`)
  const swapped = (await cohort.call('GET', '')).json().session.rounds[0]
  expect([swapped[1].interviewer, swapped[2].interviewer]).toEqual([last.interviewer, other.interviewer])
  const lastTile = page.getByTestId('room-tile').filter({ hasText: nameOf(last.candidate) })
  await poll(() => lastTile.innerText(), 'board shows the swap', 20_000).toContain(nameOf(other.interviewer))
  await page.screenshot({ path: join(SHOTS, 'cohort-dashboard-controls.png'), fullPage: true })
  await lastTile.getByRole('button', { name: `Mark ${nameOf(last.candidate)} absent` }).click()
  await poll(() => page.getByRole('status').first().innerText()).toContain(`${nameOf(last.candidate)} is marked absent`)
  await poll(() => page.getByTestId('room-tile').count()).toBe(2)
  const after = (await cohort.call('GET', '')).json().session
  expect(after.absent).toEqual([last.candidate])
  expect(after.rounds[0].flatMap((x: any) => [x.interviewer, x.candidate, x.observer])).not.toContain(last.candidate)
  void VIEWPORT
})
