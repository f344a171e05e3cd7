import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { poll, waitConnected } from './support/room.ts'
import { editorText, typeInEditor } from './support/editor.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

/**
 * A loop as its people live it (#22): the candidate builds it on /loops/new, does the take-home
 * over two visits and submits it from the room; the reviewer reads the submission, runs the review
 * round on the submitted code, records a decision and shares the packet, which the candidate then
 * opens.
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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
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

  const ada = await newPage()
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

  const ivy = await newPage()
  await step('the reviewer reads the submission and runs the review round on it', async () => {
    await ivy.goto(local(links.ivy))
    await ivy.getByTestId('loop-page').waitFor()
    await ivy.getByRole('button', { name: 'Read the submission' }).click()
    await poll(() => ivy.locator('.loop-submission pre').innerText()).toContain('const visit = 2')
    // Three comments on lines of the submission, published to the candidate.
    const review = ivy.getByTestId('review-comments')
    const comment = async (from: number, to: number, kind: string, text: string) => {
      await review.getByLabel('From line').fill(String(from))
      await review.getByLabel('To line').fill(String(to))
      await review.getByLabel('Kind').selectOption(kind)
      await review.getByPlaceholder('Your comment on those lines').fill(text)
      await review.getByRole('button', { name: 'Add the comment' }).click()
    }
    await comment(1, 1, 'strength', 'Good names.')
    await comment(1, 2, 'question', 'Why two visits?')
    await comment(2, 2, 'concern', 'No tests yet.')
    await poll(() => review.getByTestId('review-comment').count()).toBe(3)
    await review.getByRole('button', { name: 'Publish to the candidate' }).click()
    await poll(() => review.innerText()).toContain('published')
    await ivy.screenshot({ path: join(SHOTS, 'loop-review.png'), fullPage: true })
    await ivy.getByRole('link', { name: 'Open the room (interviewer)' }).click()
    await ivy.getByLabel('Display name').fill('Ivy')
    await ivy.getByRole('button', { name: 'Join room' }).click()
    await waitConnected(ivy)
    await poll(() => editorText(ivy)).toContain('const visit = 2')
    await poll(() => ivy.getByTestId('loop-banner').innerText()).toContain('stage 2 of 3: Take-home review')
    await ivy.getByRole('button', { name: 'Start clock' }).click()
    await ivy.getByRole('button', { name: 'End round' }).click()
    await ivy.getByRole('group', { name: 'Confirm ending the round' }).getByRole('button', { name: 'Yes, end round' }).click()
    await ivy.getByRole('link', { name: 'Back to the loop' }).click()
    await poll(() => ivy.getByTestId('loop-status').allInnerTexts()).toEqual(['Done', 'Done', 'Not started'])
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
    await ada.reload()
    await ada.getByTestId('open-packet').click()
    await poll(() => ada.getByTestId('loop-packet').innerText()).toContain('Clean code; ask about tests next time.')
    await poll(() => ada.getByTestId('review-comments').getByTestId('review-comment').count()).toBe(3)
    const olu = await newPage()
    await olu.goto(local(links.olu))
    await olu.getByRole('link', { name: 'Open the room (interviewer)' }).waitFor()
    await olu.screenshot({ path: join(SHOTS, 'loop-page.png'), fullPage: true })
  })
})
