import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer } from '../utils/server.ts'
import { joinRoom, poll } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))

/**
 * The interviewer deletes the room from the room page: one more question in the page (Cancel
 * keeps everything), then the room is gone for everyone and the page says so.
 */
test('the interviewer deletes the room after confirming; the page says it is gone and the links stop working', async () => {
  expect(existsSync(CLIENT_BUILD), 'run `pnpm build` first').toBe(true)
  const s = await startServer()
  const room = await s.createRoom({ title: 'Throwaway mock' })
  const link = (u: string) => u.replace(/^http:\/\/localhost:\d+/, s.url)
  const browser = await launchBrowser()
  const ivy = await joinRoom(browser, link(room.invites.interviewer), 'Ivy')
  const ada = await joinRoom(browser, link(room.invites.candidate), 'Ada')
  // Only the interviewer is offered the button.
  await ada.page.getByRole('tab', { name: 'Room', exact: true }).click()
  await expect(ada.page.getByRole('button', { name: 'Delete room…' }).count()).resolves.toBe(0)

  const page = ivy.page
  // It lives in the sidebar's Room tab, with the participants and past rounds.
  await page.getByRole('tab', { name: 'Room', exact: true }).click()
  await page.getByRole('button', { name: 'Delete room…' }).click()
  await poll(() => page.getByTestId('delete-room').innerText()).toContain('cannot be undone')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('delete-room').count()).resolves.toBe(0)
  expect((await fetch(`${s.url}/api/rooms/${room.id}/invite`, { headers: { authorization: `Bearer ${room.tokens.interviewer}` } })).status).toBe(200)

  await page.getByRole('button', { name: 'Delete room…' }).click()
  await page.getByTestId('delete-room').screenshot({ path: join(screenshotDir(), 'delete-room-confirm.png') })
  await page.getByRole('button', { name: 'Delete for everyone' }).click()
  await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Room deleted')
  await poll(() => page.getByRole('status').first().innerText()).toContain('Throwaway mock')
  await page.screenshot({ path: join(screenshotDir(), 'room-deleted.png') })
  expect((await fetch(`${s.url}/api/rooms/${room.id}/invite`, { headers: { authorization: `Bearer ${room.tokens.interviewer}` } })).status).not.toBe(200)
  // The candidate's page no longer shows a live room.
  await poll(() => ada.page.getByTestId('connection-status').count().then(async (n) => (n === 0 ? 'gone' : ada.page.getByTestId('connection-status').innerText()))).not.toBe('Connected')
  await browser.close()
})
