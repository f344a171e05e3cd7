import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer } from '../utils/server.ts'
import { editorOf, typeInEditor } from './support/editor.ts'
import { joinRoom, poll } from './support/room.ts'

/**
 * Issue #14.12: the JavaScript/TypeScript language service (a worker of about 1 MB compressed)
 * is downloaded once someone works in the editor, not because a room's language is JavaScript.
 */
const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const tsWorker = (sent: string[]) => sent.filter((r) => /\/assets\/ts\.worker-[\w-]+\.js/.test(r)).length

test('a JavaScript room loads the language service only for a page that works in the editor (#14.12)', async () => {
  expect(existsSync(CLIENT_BUILD), 'run `pnpm build` first').toBe(true)
  const s = await startServer()
  const browser = await launchBrowser()
  try {
    const room = await s.createRoom({ title: 'Watching', language: 'javascript' })
    const invite = (token: string) => `${s.url}/r/${room.id}#token=${token}`
    // The interviewer opens the room first and only watches.
    const ivy = await joinRoom(browser, invite(room.tokens.interviewer), 'Ivy')
    const ada = await joinRoom(browser, invite(room.tokens.candidate), 'Ada')
    expect(tsWorker(ada.traffic.sent)).toBe(0)

    // The candidate types: her page fetches the service, and the requests Monaco made while it
    // waited are answered (a syntax error is underlined).
    await typeInEditor(ada.page, ['const = 1'])
    await poll(() => tsWorker(ada.traffic.sent), 'the candidate fetched the language service').toBeGreaterThan(0)
    await poll(() => editorOf(ada.page).locator('.squiggly-error').count(), 'a diagnostic shown', 30_000).toBeGreaterThan(0)

    // The interviewer's page showed the same JavaScript all along and never fetched it.
    expect(tsWorker(ivy.traffic.sent)).toBe(0)
    // A click in her editor is work in it: now it comes.
    await editorOf(ivy.page).locator('.view-lines').click()
    await poll(() => tsWorker(ivy.traffic.sent), 'the interviewer fetched it after a click').toBeGreaterThan(0)
  } finally {
    await browser.close()
  }
})
