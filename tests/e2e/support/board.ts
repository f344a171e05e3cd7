import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import type { Page } from 'playwright-core'

/** An element as Excalidraw keeps it (the fields the browser test reads). */
export interface SceneElement {
  id: string
  type: string
  x: number
  y: number
  width: number
  height: number
  version: number
  isDeleted: boolean
  text?: string
  fontFamily?: number
  containerId?: string | null
  boundElements?: { id: string; type: string }[] | null
}

/** The board's canvas that receives pointer events (Excalidraw draws the scene below it). */
export const boardCanvas = (page: Page) => page.getByTestId('whiteboard').locator('canvas.interactive')

/** Opens the Board tab (a no-op when it is already shown) and waits until Excalidraw is ready. */
export async function openBoard(page: Page): Promise<void> {
  const tab = page.getByRole('tab', { name: 'Board', exact: true })
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click()
  await boardCanvas(page).waitFor()
}

/** Drags on the board from one point to another, in coordinates relative to the canvas. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const box = (await boardCanvas(page).boundingBox())!
  await page.mouse.move(box.x + from.x, box.y + from.y)
  await page.mouse.down()
  // Several steps: Excalidraw tells a click from a drag by the moves in between.
  await page.mouse.move(box.x + (from.x + to.x) / 2, box.y + (from.y + to.y) / 2, { steps: 4 })
  await page.mouse.move(box.x + to.x, box.y + to.y, { steps: 4 })
  await page.mouse.up()
}

/** Draws one shape with a toolbar tool: rectangle, ellipse, diamond, arrow. */
export async function drawShape(page: Page, tool: 'rectangle' | 'ellipse' | 'diamond' | 'arrow', from: { x: number; y: number }, to: { x: number; y: number }) {
  // The tool is a radio input under its icon: the click lands on the icon, as a user's would.
  await page.getByTestId(`toolbar-${tool}`).click({ force: true })
  await drag(page, from, to)
}

/**
 * What the page's board holds, read the way a user gets it out: the "Export SVG" button's file,
 * whose embedded scene (Excalidraw's payload: base64 → JSON → deflated bytes) lists every element.
 */
export async function exportedScene(page: Page): Promise<{ svg: string; elements: SceneElement[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('whiteboard').getByRole('button', { name: 'Export SVG' }).click(),
  ])
  const svg = readFileSync((await download.path())!, 'utf8')
  const m = /<!-- payload-start -->\s*(.+?)\s*<!-- payload-end -->/s.exec(svg)
  if (!m) throw new Error('The exported SVG has no embedded scene')
  const wrapper = JSON.parse(Buffer.from(m[1]!, 'base64').toString('latin1')) as { compressed: boolean; encoded: string }
  const bytes = Buffer.from(wrapper.encoded, 'latin1')
  const json = wrapper.compressed ? inflateSync(bytes).toString('utf8') : bytes.toString('utf8')
  const scene = JSON.parse(json) as { elements: SceneElement[] }
  return { svg, elements: scene.elements.filter((e) => !e.isDeleted) }
}
