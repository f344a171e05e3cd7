import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect, onTestFinished, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { freePort } from '../utils/process.ts'
import { startServer } from '../utils/server.ts'
import { boardCanvas, drag, drawShape, exportedScene, openBoard, type SceneElement } from './support/board.ts'
import { openTab } from './support/interview.ts'
import { joinRoom, poll, saveStatus, VIEWPORT, type RoomPage } from './support/room.ts'
import { screenshotDir } from './support/screenshots.ts'
import { step } from './support/step.ts'

/**
 * The whiteboard of a system-design round in three browsers: the interviewer draws three shapes
 * and a labelled arrow, the candidate sees them (in Excalidraw's hand-drawn font, served by
 * Nudge) and moves one, the interviewer sees the move, and the observer cannot draw. No page
 * ever asks another origin for anything, and pages that never show a board never download it.
 */

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const QUESTION_TITLE = 'A collaborative code editor'
/** Excalidraw's FONT_FAMILY.Excalifont, the default for new text. */
const EXCALIFONT = 5
const LABEL = 'WebSocket'
/** The lazily loaded whiteboard module (Excalidraw and the binding). */
const BOARD_CHUNK = /\/assets\/Whiteboard-[\w-]+\.js$/


const shapes = (els: SceneElement[]) => els.filter((e) => ['rectangle', 'ellipse', 'diamond'].includes(e.type))
const kinds = (els: SceneElement[]) => els.map((e) => e.type).sort()

test('a shared whiteboard in a system-design round: draw, see, move, observe, offline-safe', async () => {
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  // Invite links are built from PUBLIC_URL: a known free port makes them point at this server.
  const port = await freePort()
  const server = await startServer({ port, env: { PUBLIC_URL: `http://127.0.0.1:${port}` } })
  const browser: Browser = await launchBrowser()
  onTestFinished(() => browser.close())
  const SHOTS = screenshotDir()
  const origin = new URL(server.url).origin

  // Every request of every page, and every attempt to reach another origin (refused: the test
  // machine is offline like a self-hosted Nudge may be, and nothing may depend on a CDN).
  const requests: string[] = []
  const elsewhere: string[] = []
  const guard = async (context: BrowserContext) => {
    // Three browsers drawing on a shared 2-core machine: give waits more room than the default.
    context.setDefaultTimeout(90_000)
    await context.route(
      (url) => url.origin !== origin && (url.protocol === 'http:' || url.protocol === 'https:'),
      (route) => {
        elsewhere.push(route.request().url())
        return route.abort('blockedbyclient')
      },
    )
    context.on('request', (r) => requests.push(r.url()))
    context.on('websocket' as never, (ws: { url(): string }) => requests.push(ws.url()))
  }
  // Uncaught errors of any page (a font path Excalidraw could not resolve once broke every text
  // tool silently: the label editor just never opened).
  const errors: string[] = []
  const watchErrors = (p: RoomPage) => p.page.on('pageerror', (e) => errors.push(`${p.name}: ${e.stack ?? e.message}`))
  const pageRequests = (page: Page) => {
    const urls: string[] = []
    page.on('request', (r) => urls.push(r.url()))
    return urls
  }

  const invites = await step('1. the landing page does not download the whiteboard', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT })
    await guard(context)
    const page = await context.newPage()
    const urls = pageRequests(page)
    await page.goto(server.url)
    await page.getByLabel('Title').fill('Design mock')
    await page.getByRole('button', { name: 'Create room' }).click()
    await page.getByRole('heading', { name: /Room ready/ }).waitFor()
    const link = (role: string) => page.getByLabel(`${role} link`, { exact: true }).inputValue()
    const out = { candidate: await link('Candidate'), interviewer: await link('Interviewer'), observer: await link('Observer') }
    expect(urls.filter((u) => BOARD_CHUNK.test(u))).toEqual([])
    await context.close()
    return out
  })

  const [ivy, ada, olu] = await step('2. three people join; a coding room without the board does not download it', async () => {
    const pages = await Promise.all([
      joinRoom(browser, invites.interviewer, 'Ivy', guard),
      joinRoom(browser, invites.candidate, 'Ada', guard),
      joinRoom(browser, invites.observer, 'Olu', guard),
    ])
    for (const p of pages) {
      expect(await p.page.getByRole('tab', { name: 'Code', exact: true }).getAttribute('aria-selected')).toBe('true')
      expect(p.traffic.sent.filter((r) => BOARD_CHUNK.test(r.split('\n')[0]!.split(' ')[1]!)), `${p.name} fetched the board`).toEqual([])
    }
    pages.forEach(watchErrors)
    return pages as [RoomPage, RoomPage, RoomPage]
  })
  const everyone = [ivy, ada, olu]

  await step('3. a system-design question: every page opens on the board', async () => {
    await ivy.page.getByLabel('Kind').selectOption({ label: 'System design' })
    await ivy.page.getByRole('button', { name: QUESTION_TITLE, exact: true }).click()
    await ivy.page.getByRole('button', { name: 'Pick this question' }).click()
    for (const p of everyone) {
      await poll(() => p.page.getByRole('tab', { name: 'Board', exact: true }).getAttribute('aria-selected'), `${p.name} on the board`).toBe('true')
      await openBoard(p.page)
    }
    for (const p of everyone) expect(p.traffic.sent.some((r) => BOARD_CHUNK.test(r.split('\n')[0]!.split(' ')[1]!)), `${p.name} loaded the board`).toBe(true)
    // The observer's board is in view mode: no drawing tools at all.
    expect(await olu.page.getByTestId('toolbar-rectangle').count()).toBe(0)
    expect(await ivy.page.getByTestId('toolbar-rectangle').count()).toBe(1)
  })

  // Where the interviewer draws, in canvas coordinates (both canvases start unscrolled at zoom 1),
  // right of the tool's style panel that opens on the left.
  const RECT = { from: { x: 260, y: 120 }, to: { x: 400, y: 200 } }
  const ELLIPSE = { from: { x: 600, y: 120 }, to: { x: 740, y: 200 } }
  const DIAMOND = { from: { x: 430, y: 320 }, to: { x: 550, y: 420 } }
  const ARROW = { from: { x: 410, y: 160 }, to: { x: 590, y: 160 } }

  const drawn = await step('4. the interviewer draws three shapes and an arrow with a label', async () => {
    const { page } = ivy
    await drawShape(page, 'rectangle', RECT.from, RECT.to)
    await drawShape(page, 'ellipse', ELLIPSE.from, ELLIPSE.to)
    await drawShape(page, 'diamond', DIAMOND.from, DIAMOND.to)
    await drawShape(page, 'arrow', ARROW.from, ARROW.to)
    // The arrow is still selected: Enter edits its label (as a double-click on it does).
    const editor = page.locator('textarea.excalidraw-wysiwyg')
    await page.keyboard.press('Enter')
    await editor.waitFor()
    await page.keyboard.type(LABEL)
    await page.keyboard.press('Escape')
    await editor.waitFor({ state: 'detached' })
    const { elements } = await exportedScene(page)
    expect(kinds(elements)).toEqual(['arrow', 'diamond', 'ellipse', 'rectangle', 'text'])
    expect(elements.find((e) => e.type === 'text')?.text).toBe(LABEL)
    return elements
  })

  await step('5. the candidate sees them, the label on the arrow in Excalifont served by Nudge', async () => {
    let seen: SceneElement[] = []
    const summary = (els: SceneElement[]) => els.map((e) => `${e.type}:${Math.round(e.x)},${Math.round(e.y)}${e.text ? `:${e.text}` : ''}`).sort()
    await poll(async () => summary((seen = (await exportedScene(ada.page)).elements)), 'Ada sees the drawing', 30_000).toEqual(summary(drawn))
    const arrow = seen.find((e) => e.type === 'arrow')!
    const label = seen.find((e) => e.type === 'text')!
    expect(label).toMatchObject({ text: LABEL, containerId: arrow.id, fontFamily: EXCALIFONT })
    expect(arrow.boundElements).toContainEqual({ id: label.id, type: 'text' })
    // The font is loaded in her page (not a fallback), and it came from Nudge's own assets.
    expect(await ada.page.evaluate((t) => document.fonts.check('20px Excalifont', t), LABEL)).toBe(true)
    expect(ada.traffic.sent.some((r) => /\/assets\/excalidraw-[\d.]+\/fonts\/Excalifont\/[\w-]+\.woff2/.test(r))).toBe(true)
  })

  await step('6. the candidate moves the rectangle; the interviewer sees the move', async () => {
    const before = shapes(drawn).find((e) => e.type === 'rectangle')!
    // An unfilled shape is picked by its outline: drag its left edge down by 150 px.
    const y = (RECT.from.y + RECT.to.y) / 2
    await drag(ada.page, { x: RECT.from.x, y }, { x: RECT.from.x, y: y + 150 })
    const moved = async (p: RoomPage) => (await exportedScene(p.page)).elements.find((e) => e.id === before.id)!.y - before.y
    await poll(() => moved(ada), 'Ada moved it', 30_000).toBeCloseTo(150, -1)
    await poll(() => moved(ivy), 'Ivy sees the move', 30_000).toBeCloseTo(150, -1)
    await poll(() => moved(olu), 'Olu sees the move', 30_000).toBeCloseTo(150, -1)
  })

  await step('7. the observer cannot draw', async () => {
    const { page } = olu
    await boardCanvas(page).click({ position: { x: 700, y: 400 } })
    await page.keyboard.press('r')
    await drag(page, { x: 650, y: 350 }, { x: 760, y: 450 })
    expect(kinds((await exportedScene(page)).elements)).toEqual(kinds(drawn))
    expect(kinds((await exportedScene(ivy.page)).elements)).toEqual(kinds(drawn))
  })

  await step('8. every page saved the board; screenshot of the round', async () => {
    for (const p of everyone) await poll(() => saveStatus(p.page), `${p.name}: saved`).toBe('All changes saved')
    await openTab(ivy.page, 'Question')
    // The picture of a round under way: the clock runs, nothing is selected (Excalidraw's style
    // panel would cover a third of the board), the candidate's pointer shows with her name.
    await ivy.page.getByRole('button', { name: 'Start clock' }).click()
    await boardCanvas(ivy.page).click({ position: { x: 760, y: 420 } })
    await ivy.page.getByText('Stroke width').waitFor({ state: 'hidden' })
    await boardCanvas(ada.page).hover({ position: { x: 470, y: 260 } })
    await ivy.page.screenshot({ path: join(SHOTS, 'board-system-design.png') })
  })

  await step('9. the debrief shows the board beside the code, and its Markdown links the board', async () => {
    const { page } = ivy
    await page.getByRole('button', { name: 'End round' }).click()
    await page.getByRole('button', { name: 'Yes, end round' }).click()
    await page.getByRole('button', { name: 'Open debrief', exact: true }).click()
    await page.getByRole('heading', { name: /^Debrief · round 1/ }).waitFor()
    const picture = page.getByRole('img', { name: 'The whiteboard of Design mock' })
    await picture.waitFor()
    // Excalidraw drew the four shapes (each a rough path) and the label, font embedded, into the SVG.
    const svg = await picture.evaluate((el) => el.outerHTML)
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(4)
    expect(svg).toContain(LABEL)
    expect(svg).toContain('Excalifont')
    const md = page.getByRole('link', { name: 'Download Markdown' })
    const svgLink = page.getByRole('link', { name: 'Download board (SVG)' })
    await svgLink.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), md.click()])
    const markdown = readFileSync((await download.path())!, 'utf8')
    const file = await svgLink.getAttribute('download')
    expect(file).toMatch(/^debrief-[\w-]+-round-1-board\.svg$/)
    expect(markdown).toContain(`## Board`)
    expect(markdown).toContain(`![The whiteboard](${file})`)
    await page.screenshot({ path: join(SHOTS, 'debrief-board.png'), fullPage: true })
  })

  await step('10. no request left the origin, and no page threw', async () => {
    expect(errors).toEqual([])
    expect(elsewhere).toEqual([])
    const foreign = requests.filter((u) => {
      const url = new URL(u)
      return !['data:', 'blob:'].includes(url.protocol) && url.host !== new URL(origin).host
    })
    expect(foreign).toEqual([])
    expect(requests.length).toBeGreaterThan(20)
  })
  // Three browsers each running Excalidraw (and exporting SVGs with embedded fonts) need more
  // than the project's 240 s on a busy 2-core machine.
}, 600_000)
