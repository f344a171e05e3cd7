import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { poll, waitConnected } from './support/room.ts'
import { editorOf, editorText, typeInEditor } from './support/editor.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

/**
 * A loop as its people live it (#22): the candidate builds it on /loops/new, does the take-home
 * over two visits and submits it from the room; the reviewer reads the submission, comments on code
 * she selects in the review room and publishes, and the candidate, waiting in that room, sees the
 * comments appear on her code; the reviewer records a decision and shares the packet, which the
 * candidate then opens.
 */
const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
let s: TestServer
let browser: Browser

beforeAll(async () => {
  expect(existsSync(CLIENT_BUILD), 'run `pnpm build` first').toBe(true)
  s = await startServer({ shared: true })
  browser = await launchBrowser({ shared: true })
})
afterAll(async () => {
  await browser?.close()
  await s?.stop()
})

async function newPage(colorScheme: 'dark' | 'light' = 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme })
  const page = await context.newPage()
  page.on('dialog', (d) => void d.accept())
  return page
}
/** Links are made with the server's PUBLIC_URL; open them on the test server's origin. */
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, s.url)

test('a candidate rehearses take-home → review → coding, and gets the packet', { timeout: 240_000 }, async () => {
  const SHOTS = screenshotDir()
  const owner = await newPage()
  const links = await step('the candidate builds the loop', async () => {
    await owner.goto(`${s.url}/loops/new`)
    await owner.getByLabel('Candidate').fill('Ada')
    await owner.getByLabel('Company or role').fill('Backend engineer at Acme')
    const stages = owner.getByTestId('loop-stage-edit')
    await poll(() => stages.nth(0).getByLabel('Assignment').locator('option').count()).toBeGreaterThan(1)
    await stages.nth(0).getByLabel('Assignment').selectOption({ index: 1 })
    await stages.nth(1).getByLabel('Interviewer').fill('Ivy')
    await stages.nth(2).getByLabel('Interviewer').fill('Olu')
    await stages.nth(3).getByRole('button', { name: 'Remove stage 4' }).click()
    await owner.getByRole('button', { name: 'Create the loop' }).click()
    await owner.getByTestId('loop-links').waitFor()
    const value = (label: string) => owner.getByLabel(label).inputValue()
    return { candidate: await value('Ada (candidate)'), ivy: await value('Ivy (interviewer)'), olu: await value('Olu (interviewer)') }
  })

  // The candidate's pages are light, the interviewers' dark: the screenshots show both themes.
  const ada = await newPage('light')
  const firstLine = 'const visit = 1'
  await step('first visit: the candidate starts the take-home from the loop page', async () => {
    await ada.goto(local(links.candidate))
    await ada.getByTestId('loop-page').waitFor()
    await poll(() => ada.url()).not.toContain('#key=')
    await poll(() => ada.getByTestId('loop-status').allInnerTexts()).toEqual(['Not started', 'Not started', 'Not started'])
    await ada.getByRole('link', { name: 'Work on it' }).click()
    await ada.getByLabel('Display name').fill('Ada')
    await ada.getByRole('button', { name: 'Join room' }).click()
    await waitConnected(ada)
    await ada.getByTestId('loop-banner').waitFor()
    await typeInEditor(ada, [firstLine, ''], { at: 'start' })
    await poll(() => ada.getByTestId('save-status').innerText()).toContain('saved')
  })

  await step('second visit: the work is there; submitting from the room freezes it', async () => {
    await ada.reload()
    await waitConnected(ada)
    await poll(() => editorText(ada)).toContain(firstLine)
    await typeInEditor(ada, ['const visit = 2', ''], { at: 'start' })
    await poll(() => ada.getByTestId('save-status').innerText()).toContain('saved')
    await ada.getByRole('button', { name: 'Submit the take-home' }).click()
    await poll(() => ada.getByTestId('loop-banner').innerText()).toContain('Submitted.')
    await ada.screenshot({ path: join(SHOTS, 'loop-take-home.png') })
    await ada.getByRole('link', { name: 'Back to the loop' }).click()
    await poll(() => ada.getByTestId('loop-status').allInnerTexts()).toEqual(['Done', 'Not started', 'Not started'])
  })

  await step('the candidate waits in the review room: no comments before they are published', async () => {
    await ada.getByRole('link', { name: 'Join the room' }).click()
    await ada.getByLabel('Display name').fill('Ada')
    await ada.getByRole('button', { name: 'Join room' }).click()
    await waitConnected(ada)
    await poll(() => editorText(ada)).toContain('const visit = 2')
    await poll(() => ada.getByTestId('loop-banner').innerText()).toContain('Take-home review')
  })

  const ivy = await newPage()
  await step('the reviewer reads the submission, then comments on code she selects in the review room', async () => {
    await ivy.goto(local(links.ivy))
    await ivy.getByTestId('loop-page').waitFor()
    await ivy.getByRole('button', { name: 'Read the submission' }).click()
    await poll(() => ivy.locator('.loop-submission pre').innerText()).toContain('const visit = 2')
    await ivy.getByRole('link', { name: 'Open the room (interviewer)' }).click()
    await ivy.getByLabel('Display name').fill('Ivy')
    await ivy.getByRole('button', { name: 'Join room' }).click()
    await waitConnected(ivy)
    await poll(() => editorText(ivy)).toContain('const visit = 2')
    await poll(() => ivy.getByTestId('loop-banner').innerText()).toContain('stage 2 of 3: Take-home review')
    const review = ivy.getByTestId('room-review-comments')
    // Three comments, each on a selection made with the keyboard; Ctrl+Alt+C jumps from the editor to the comment box.
    const comment = async (select: string[], kind: string, text: string) => {
      await editorOf(ivy).locator('.view-lines').click()
      await ivy.keyboard.press('Control+Home')
      for (const key of select) await ivy.keyboard.press(key)
      await poll(() => review.getByTestId('review-selection').innerText()).toContain('On line')
      await ivy.keyboard.press('Control+Alt+KeyC')
      await poll(() => ivy.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('Your comment on the selected code')
      await review.getByLabel('Kind').selectOption(kind)
      await ivy.keyboard.type(text)
      await ivy.keyboard.press('Enter')
      await poll(() => review.getByText(text).count()).toBe(1)
    }
    await comment(['Shift+End'], 'strength', 'Good names.')
    await comment(['Shift+ArrowDown', 'Shift+End'], 'question', 'Why two visits?')
    await comment(['ArrowDown', 'Home', 'Shift+End'], 'concern', 'No tests yet.')
    await poll(() => review.getByTestId('room-review-comment').count()).toBe(3)
    await poll(() => editorOf(ivy).locator('.review-gutter').count()).toBeGreaterThan(0)
    expect(await review.innerText()).toContain('not published: only you see them')
    // The list scrolls the editor to a comment's code and selects it.
    await review.getByRole('button', { name: 'Show lines 1–2 in the editor' }).click()
    await poll(() => review.getByTestId('review-selection').innerText()).toContain('On lines 1–2')
  })

  await step('published, the comments appear on the candidate\'s code without a reload, and follow edits', async () => {
    // Nothing reached the candidate's room before publishing.
    expect(await ada.getByTestId('room-review-comments').count()).toBe(0)
    expect(await editorOf(ada).locator('.review-range').count()).toBe(0)
    await ivy.getByTestId('room-review-comments').getByRole('button', { name: 'Publish to the candidate' }).click()
    const seen = ada.getByTestId('room-review-comments')
    await poll(() => seen.getByTestId('room-review-comment').count()).toBe(3)
    await poll(() => editorOf(ada).locator('.review-gutter').count()).toBeGreaterThan(0)
    expect(await editorOf(ada).locator('.review-range').count()).toBeGreaterThan(0)
    expect(await seen.innerText()).toContain('lines 1–2')
    // The candidate adds a line above: her comments move with their code.
    await typeInEditor(ada, ['// walkthrough', ''], { at: 'start' })
    await poll(() => seen.innerText()).toContain('lines 2–3')
    await poll(() => ivy.getByTestId('room-review-comments').innerText()).toContain('lines 2–3')
    // Decorations are drawn under the text: point at the first one's place to read it on hover.
    const box = (await editorOf(ada).locator('.review-range').first().boundingBox())!
    await ada.mouse.move(box.x + Math.min(24, box.width / 2), box.y + box.height / 2)
    await poll(() => ada.locator('.monaco-hover').first().innerText()).toContain('Ivy')
    await ada.screenshot({ path: join(SHOTS, 'loop-review-room.png') })
    await ivy.screenshot({ path: join(SHOTS, 'loop-review-room-interviewer.png') })
  })

  await step('the reviewer ends the review round', async () => {
    await ivy.getByRole('button', { name: 'Start clock' }).click()
    await ivy.getByRole('button', { name: 'End round' }).click()
    await ivy.getByRole('group', { name: 'Confirm ending the round' }).getByRole('button', { name: 'Yes, end round' }).click()
    await ivy.getByRole('link', { name: 'Back to the loop' }).click()
    await poll(() => ivy.getByTestId('loop-status').allInnerTexts()).toEqual(['Done', 'Done', 'Not started'])
    await poll(() => ivy.getByTestId('review-comments').getByTestId('review-comment').count()).toBe(3)
    await ivy.screenshot({ path: join(SHOTS, 'loop-review.png'), fullPage: true })
  })

  await step('the reviewer decides, opens the packet and shares it', async () => {
    await ivy.getByLabel('Would advance', { exact: true }).check()
    await ivy.getByPlaceholder('Why, in a sentence or two').fill('Clean code; ask about tests next time.')
    await ivy.getByRole('button', { name: 'Save the decision' }).click()
    await poll(() => ivy.getByTestId('loop-decision').innerText()).toContain('Ivy: would advance')
    await ivy.getByTestId('open-packet').click()
    const packet = ivy.getByTestId('loop-packet')
    await poll(() => packet.innerText()).toContain('1 would advance')
    expect(await packet.innerText()).toContain('3. Coding')
    await ivy.getByRole('button', { name: 'Share the packet with Ada' }).click()
    await poll(() => ivy.locator('.loop-packet-actions').innerText()).toContain('Shared with Ada')
    await ivy.screenshot({ path: join(SHOTS, 'loop-packet.png'), fullPage: true })
  })

  await step('the candidate opens the shared packet; the coding stage is open for Olu', async () => {
    await ada.goto(local(links.candidate))
    await ada.getByTestId('open-packet').click()
    await poll(() => ada.getByTestId('loop-packet').innerText()).toContain('Clean code; ask about tests next time.')
    await poll(() => ada.getByTestId('review-comments').getByTestId('review-comment').count()).toBe(3)
    const olu = await newPage()
    await olu.goto(local(links.olu))
    await olu.getByRole('link', { name: 'Open the room (interviewer)' }).waitFor()
    await olu.screenshot({ path: join(SHOTS, 'loop-page.png'), fullPage: true })
  })
})
