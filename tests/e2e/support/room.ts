import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { recordTraffic } from './traffic.ts'

export const VIEWPORT = { width: 1280, height: 800 }

/** Polls a page read until it passes; the timeout is generous for a 2-core CI machine. */
export const poll = <T>(read: () => Promise<T> | T, message?: string, timeout = 15_000) => expect.poll(read, { timeout, interval: 50, message })

export interface RoomPage {
  context: BrowserContext
  page: Page
  traffic: ReturnType<typeof recordTraffic>
  name: string
}

/**
 * Opens an invite link in a fresh browser context (its own storage, so its own participant id),
 * enters a display name and waits until the room is connected and the editor is on screen.
 * Network traffic is recorded from before the first request. The page is in the dark theme
 * (Playwright would emulate a light system) unless `colorScheme` says otherwise.
 */
export async function joinRoom(
  browser: Browser, inviteUrl: string, name: string, setup?: (context: BrowserContext) => Promise<void>, colorScheme: 'light' | 'dark' = 'dark',
): Promise<RoomPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme })
  await setup?.(context)
  const page = await context.newPage()
  const traffic = recordTraffic(page)
  await page.goto(inviteUrl)
  await page.getByLabel('Display name').fill(name)
  await page.getByRole('button', { name: 'Join room' }).click()
  await waitConnected(page)
  await page.getByTestId('code-editor').locator('.view-lines').waitFor()
  return { context, page, traffic, name }
}

export const connectionStatus = (page: Page) => page.getByTestId('connection-status').innerText()
export const saveStatus = (page: Page) => page.getByTestId('save-status').innerText()

export async function waitConnected(page: Page, timeout = 15_000) {
  await poll(() => connectionStatus(page), 'connection status', timeout).toBe('Connected')
}
