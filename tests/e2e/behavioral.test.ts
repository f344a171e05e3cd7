import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect, onTestFinished, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { startServer } from '../utils/server.ts'
import { seriousA11yViolations } from './support/axe.ts'
import { openTab } from './support/interview.ts'
import { joinRoom, poll, VIEWPORT, waitConnected, type RoomPage } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { recordTraffic } from './support/traffic.ts'
import { step } from './support/step.ts'

/**
 * A behavioral round with a story bank, in three browsers: the candidate writes three stories and
 * maps them to a company's values (one value left without a story), brings the bank's titles into
 * a round of two questions, the interviewer ticks S/T/A/R and scores, the candidate shares one
 * story after its answer, and the debrief shows the coverage heatmap and the value gap. Story text
 * that was never shared must not leave the candidate's browser.
 */

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))

const STORIES = [
  {
    title: 'The Friday outage',
    tag: 'Ownership',
    situation: 'Our payments API started failing for a third of requests on a Friday evening, with half the team away.',
    task: 'I was on call, so restoring payments and telling support what to say was mine.',
    action: 'I rolled back the release, paged the database owner, and wrote the timeline while we watched the error rate fall.',
    result: 'Payments were back within fourteen minutes and no charge was lost.',
  },
  {
    title: 'The schema argument',
    tag: 'Conflict & disagreement',
    situation: 'Two teams wanted different shapes for the same event schema, and the launch depended on it.',
    task: 'I had to get a decision without a manager breaking the tie.',
    action: 'I wrote both options down with their costs and asked each lead to argue the other side.',
    result: 'We shipped one schema a week early and both teams still use it.',
  },
  {
    title: 'Onboarding rewrite',
    tag: 'Delivering impact',
    situation: 'New engineers took three weeks before their first merged change.',
    task: 'I volunteered to fix onboarding in my spare cycles.',
    action: 'I replaced the wiki with a script and a one-day starter task, and paired with each new hire.',
    result: 'Time to first change went from fifteen days to three.',
  },
]

/** Phrases only in the Action of a story that is shared (the first) or never shared (the others). */
const SHARED_PHRASE = 'paged the database owner'
const UNSHARED_PHRASES = ['asked each lead to argue the other side', 'replaced the wiki with a script']

const MEMO = `# Acme values

## Own the outcome
We finish what we start and fix what we break.

## Disagree openly
Say what you think early; commit once we decide.

## Raise the bar
Leave every system better than you found it.

## Customers first
Every decision starts with the people who use what we build.
`

/** A room page in an existing context (the candidate keeps her story bank's IndexedDB). */
async function joinIn(context: BrowserContext, inviteUrl: string, name: string): Promise<RoomPage> {
  const page = await context.newPage()
  const traffic = recordTraffic(page)
  await page.goto(inviteUrl)
  await page.getByLabel('Display name').fill(name)
  await page.getByRole('button', { name: 'Join room' }).click()
  await waitConnected(page)
  return { context, page, traffic, name }
}


/** The behavioral stage, where the question asked is shown large. */
const stage = (page: Page) => page.getByRole('main', { name: 'Behavioral round' })
const pressed = (page: Page, name: string) => page.getByRole('group', { name: 'STAR checklist' }).getByRole('button', { name, exact: false })

test('a behavioral round with a story bank, values map, live STAR review and coverage debrief', async () => {
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  const server = await startServer()
  const browser: Browser = await launchBrowser()
  onTestFinished(() => browser.close())
  const SHOTS = screenshotDir()
  const adaContext = await browser.newContext({ viewport: VIEWPORT })
  /** The room scrolls inside its panes: a taller window shows the whole behavioral stage. */
  const tallShot = async (page: Page, file: string) => {
    await page.setViewportSize({ width: VIEWPORT.width, height: 1400 })
    await page.getByRole('main', { name: 'Behavioral round' }).evaluate((el) => el.scrollTo(0, 0))
    await page.screenshot({ path: join(SHOTS, file) })
    await page.setViewportSize(VIEWPORT)
  }

  const bankPage = await step('1. the candidate writes three stories in her story bank', async () => {
    const page = await adaContext.newPage()
    const traffic = recordTraffic(page)
    await page.goto(server.url)
    await page.getByRole('heading', { name: 'Create an interview room' }).waitFor()
    // The landing page stays light: the story bank is its own chunk, fetched when opened.
    const bankChunk = () => traffic.sent.filter((r) => /StoryBankPage-[\w-]+\.js/.test(r)).length
    expect(bankChunk()).toBe(0)
    await page.getByRole('link', { name: 'My story bank' }).click()
    await page.getByRole('heading', { name: 'My story bank', level: 1 }).waitFor()
    expect(bankChunk()).toBe(1)
    for (const s of STORIES) {
      await page.getByRole('button', { name: '+ New story' }).click()
      await page.getByLabel('Story title').fill(s.title)
      for (const f of ['situation', 'task', 'action', 'result'] as const) {
        await page.getByLabel(f[0]!.toUpperCase() + f.slice(1), { exact: true }).fill(s[f])
      }
      await page.getByRole('checkbox', { name: s.tag, exact: true }).check()
    }
    await poll(() => page.getByRole('button', { name: /STAR 4\/4/ }).count(), 'three complete stories').toBe(3)
    return { page, traffic }
  })

  await step('2. she pastes a values memo and maps stories to values; one value has no story', async () => {
    const { page } = bankPage
    await page.getByRole('button', { name: '+ Add company' }).click()
    await page.getByLabel('Company name').fill('Acme')
    await page.getByLabel('Values or culture memo').fill(MEMO)
    await page.getByRole('button', { name: 'Find values' }).click()
    await page.getByText('Found 4 values').waitFor()
    await page.getByRole('checkbox', { name: 'The Friday outage backs Own the outcome' }).check()
    await page.getByRole('checkbox', { name: 'The schema argument backs Disagree openly' }).check()
    await page.getByRole('checkbox', { name: 'Onboarding rewrite backs Raise the bar' }).check()
    await poll(() => page.getByTestId('coverage-summary').innerText()).toBe('1 of 4 values have no story yet: Customers first.')
    expect(await seriousA11yViolations(page), 'axe on the story bank').toEqual([])
    await page.getByRole('table', { name: /Values of Acme/ }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'story-bank.png'), fullPage: true })
    // A reload reads the bank back from IndexedDB.
    await page.reload()
    await poll(() => page.getByTestId('coverage-summary').innerText()).toBe('1 of 4 values have no story yet: Customers first.')
  })

  await step('2b. export, a bad import that changes nothing, and the export imported back', async () => {
    const { page } = bankPage
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download JSON' }).click()])
    const exported = readFileSync((await download.path())!, 'utf8')
    expect(JSON.parse(exported).stories).toHaveLength(3)
    const file = page.locator('input[type=file]')
    await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "stories": [') })
    await page.getByRole('alert').getByText(/broken\.json: This is not valid JSON/).waitFor()
    expect(await page.getByRole('button', { name: /STAR 4\/4/ }).count(), 'the bank is unchanged').toBe(3)
    page.once('dialog', (d) => void d.accept())
    await file.setInputFiles({ name: 'story-bank.json', mimeType: 'application/json', buffer: Buffer.from(exported) })
    await page.getByText('Imported 3 stories and 1 company from story-bank.json.').waitFor()
    await poll(() => page.getByTestId('coverage-summary').innerText()).toBe('1 of 4 values have no story yet: Customers first.')
  })

  const room = await server.createRoom({ title: 'Behavioral mock' })
  const url = (role: 'candidate' | 'interviewer' | 'observer') => `${server.url}/r/${room.id}#token=${room.tokens[role]}`
  const [ada, ivy, olu] = await step('3. three people join; the interviewer picks a behavioral question', async () => {
    const people = await Promise.all([joinIn(adaContext, url('candidate'), 'Ada'), joinRoom(browser, url('interviewer'), 'Ivy'), joinRoom(browser, url('observer'), 'Olu')])
    const ip = people[1].page
    await ip.getByLabel('Kind').selectOption('behavioral')
    await ip.getByRole('button', { name: 'A mistake that reached production' }).click()
    await ip.getByRole('button', { name: 'Pick this question' }).click()
    // No code editor and no language selector by default; the scratchpad is one click away.
    for (const p of people) {
      await stage(p.page).getByRole('heading', { name: 'A mistake that reached production' }).waitFor()
      expect(await p.page.getByLabel('Language').count()).toBe(0)
      expect(await p.page.getByTestId('code-editor').count()).toBe(0)
    }
    await people[0].page.getByRole('button', { name: 'Open the shared scratchpad' }).click()
    await people[0].page.getByTestId('code-editor').locator('.view-lines').waitFor()
    await people[0].page.getByRole('button', { name: 'Hide the shared scratchpad' }).click()
    return people
  })

  await step('4. answer 1: the candidate brings her bank (titles only); the interviewer ticks S/T/A and scores', async () => {
    await ivy.page.getByRole('button', { name: 'Start clock' }).click()
    await ivy.page.getByRole('button', { name: 'Ask “A mistake that reached production”' }).click()
    await ada.page.getByTestId('answer-clock').waitFor()
    await ada.page.getByLabel('Target company').selectOption({ label: 'Acme' })
    await ada.page.getByRole('button', { name: 'Bring my story bank' }).click()
    await ivy.page.getByRole('heading', { name: /The candidate’s stories/ }).waitFor()
    await ivy.page.getByText('The schema argument').waitFor()
    await ada.page.getByLabel('Story I told').selectOption({ label: 'The Friday outage' })
    await ivy.page.getByText('telling now').waitFor()
    for (const part of ['Situation', 'Task', 'Action']) {
      await pressed(ivy.page, part).click()
      await poll(() => pressed(ivy.page, part).getAttribute('aria-pressed')).toBe('true')
    }
    await ivy.page.getByRole('button', { name: 'no metric' }).click()
    await ivy.page.getByRole('group', { name: 'Ownership' }).getByText('3', { exact: true }).click()
    await poll(() => ivy.page.getByText(/^3 · /).count()).toBe(1)
    await tallShot(ivy.page, 'behavioral-interviewer.png')
    await ivy.page.getByRole('button', { name: 'Move to follow-ups' }).click()
    await ivy.page.getByRole('button', { name: 'End this answer' }).click()
  })

  await step('5. after the answer, the candidate shares that story; it reaches the interviewer and the observer', async () => {
    await ada.page.getByRole('button', { name: 'Share “The Friday outage” with the room' }).click()
    for (const p of [ivy, olu]) await p.page.getByText(SHARED_PHRASE, { exact: false }).waitFor()
  })

  await step('6. answer 2 from the question bank: all four parts heard, scored', async () => {
    await ivy.page.getByLabel('Next question').selectOption({ label: 'Cutting scope to hit a date' })
    await ivy.page.getByRole('button', { name: 'Ask', exact: true }).click()
    await stage(ada.page).getByRole('heading', { name: 'Cutting scope to hit a date', exact: true }).waitFor()
    for (const part of ['Situation', 'Task', 'Action', 'Result']) await pressed(ivy.page, part).click()
    await poll(() => ivy.page.getByText('4/4 heard').count()).toBe(1)
    await ivy.page.getByRole('group', { name: 'Prioritization' }).getByText('2', { exact: true }).click()
    await ada.page.getByLabel('Story I told').nth(1).selectOption({ label: 'Onboarding rewrite' })
    await ada.page.getByRole('group', { name: 'My STAR for answer 2' }).getByText('Result').click()
    await tallShot(ada.page, 'behavioral-candidate.png')
    expect(await seriousA11yViolations(ivy.page), 'axe on the interviewer’s behavioral room').toEqual([])
    expect(await seriousA11yViolations(ada.page), 'axe on the candidate’s behavioral room').toEqual([])
    await ivy.page.getByRole('button', { name: 'End round' }).click()
    await ivy.page.getByRole('button', { name: 'Yes, end round' }).click()
  })

  await step('7. the debrief shows the answers, the heatmap and the value no story backs', async () => {
    await ivy.page.getByRole('button', { name: 'Open debrief', exact: true }).click()
    const heat = ivy.page.getByTestId('heatmap')
    await heat.waitFor()
    expect(await heat.getByRole('row', { name: /^Ownership/ }).innerText()).toMatch(/Ownership\s+3/)
    expect(await heat.getByRole('row', { name: /Value: Own the outcome/ }).innerText()).toMatch(/Own the outcome\s+3/)
    await ivy.page.getByTestId('value-gaps').getByText(/without a story in your bank:.*Customers first/).waitFor()
    await ivy.page.getByText('No story in the bank backs this Acme value: Customers first.').waitFor()
    await ivy.page.getByText('STAR complete in 1 of 2 answers.').waitFor()
    expect(await ivy.page.getByRole('table', { name: 'Answers' }).innerText()).toMatch(/STA· 3\/4/)
    await ivy.page.screenshot({ path: join(SHOTS, 'debrief-behavioral.png'), fullPage: true })
    expect(await seriousA11yViolations(ivy.page), 'axe on the behavioral debrief').toEqual([])
    await ada.page.getByRole('button', { name: 'Open debrief', exact: true }).click()
    await ada.page.getByTestId('value-gaps').getByText(/Customers first/).first().waitFor()
    // Her self-review sits beside the interviewer's; the interviewer's review is not hers to see until shared.
    expect(await ada.page.getByRole('table', { name: 'Answers' }).innerText()).toMatch(/···R 1\/4/)
    expect(await ada.page.getByRole('table', { name: 'Answers' }).innerText()).not.toContain('no metric')
  })

  await step('8. unshared story text never left the candidate’s browser', async () => {
    for (const secret of UNSHARED_PHRASES) {
      expect(bankPage.traffic.findSent(secret), 'sent by the story bank page').toEqual([])
      expect(ada.traffic.findSent(secret), 'sent by the candidate’s room').toEqual([])
      for (const p of [ivy, olu]) expect(await p.traffic.find(secret), `received by ${p.name}`).toEqual([])
    }
    // The capture works: the shared story's text was sent once shared, and unshared titles reached the interviewer only.
    expect(ada.traffic.findSent(SHARED_PHRASE).length).toBeGreaterThan(0)
    expect((await ivy.traffic.find('The schema argument')).length).toBeGreaterThan(0)
    expect(await olu.traffic.find('The schema argument')).toEqual([])
  })
})
