import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { expect, onTestFailed, onTestFinished, test } from 'vitest'
import { launchBrowser } from '../utils/browser.ts'
import { freePort } from '../utils/process.ts'
import { startServer } from '../utils/server.ts'
import { startTurn } from '../utils/turn.ts'
import { openTab } from './support/interview.ts'
import { screenshotDir } from './support/screenshots.ts'
import { joinRoom, poll, waitConnected, type RoomPage } from './support/room.ts'

const CLIENT_BUILD = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url))
const SECRET = 'e2e-turn-shared-secret-0123456789'

/**
 * Records every RTCPeerConnection the page makes (for getStats) and, when asked, forces it to
 * relay through TURN, as a participant behind a strict NAT would. Runs before the app's code.
 */
function instrument(forceRelay: boolean) {
  const w = window as unknown as { __pcs: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection; __nudgeCallDebug: boolean }
  const Original = w.RTCPeerConnection
  w.__pcs = []
  // The engine's negotiation trace goes to the console, collected below and printed on failure.
  w.__nudgeCallDebug = true
  w.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(forceRelay ? { ...config, iceTransportPolicy: 'relay' } : config)
      w.__pcs.push(this)
    }
  } as typeof RTCPeerConnection
}

interface Totals { inAudio: number; inVideo: number; frames: number; outAudio: number; outVideo: number; relay: boolean; connected: number }

/** Sums the stats of the page's open peer connections (those created from index `since` on). */
const totals = (page: Page, since = 0): Promise<Totals> =>
  page.evaluate(async (since) => {
    const t = { inAudio: 0, inVideo: 0, frames: 0, outAudio: 0, outVideo: 0, relay: false, connected: 0 }
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.slice(since)) {
      if (pc.connectionState === 'closed') continue
      if (pc.connectionState === 'connected') t.connected++
      const stats = await pc.getStats()
      const byId = new Map<string, Record<string, unknown>>()
      stats.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s))
      for (const s of byId.values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') t.inAudio += Number(s.bytesReceived ?? 0)
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          t.inVideo += Number(s.bytesReceived ?? 0)
          t.frames += Number(s.framesDecoded ?? 0)
        }
        if (s.type === 'outbound-rtp' && s.kind === 'audio') t.outAudio += Number(s.bytesSent ?? 0)
        if (s.type === 'outbound-rtp' && s.kind === 'video') t.outVideo += Number(s.bytesSent ?? 0)
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          const local = byId.get(s.localCandidateId as string)
          if (local?.candidateType === 'relay') t.relay = true
        }
      }
    }
    return t
  }, since)
const pcCount = (page: Page) => page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length)

/** Waits until the page receives more audio bytes, video bytes and decoded frames than in `before`. */
async function receivesMedia(page: Page, since = 0) {
  const b = await totals(page, since)
  await poll(async () => {
    const t = await totals(page, since)
    return t.inAudio > b.inAudio && t.inVideo > b.inVideo && t.frames > b.frames
  }, 'inbound audio, video and frames increase', 60_000).toBe(true)
}

async function joinCall(p: RoomPage) {
  await p.page.getByRole('button', { name: 'Join call' }).click()
  await p.page.getByTestId('call-panel').waitFor()
}

test('candidate and interviewer talk through TURN, the observer only watches, chat, mute and reload', async () => {
  if (!existsSync(CLIENT_BUILD)) throw new Error(`${CLIENT_BUILD} is missing: run \`pnpm build\` first`)
  const turn = await startTurn(SECRET)
  // A fixed port so the invite links (PUBLIC_URL) point at this server.
  const port = await freePort()
  const server = await startServer({ port, env: { PUBLIC_URL: `http://127.0.0.1:${port}`, TURN_URLS: turn.url, TURN_SECRET: SECRET, TURN_TTL: '600' } })
  const room = await server.createRoom({ title: 'Call check' })
  // One browser, one context per person: fake camera and microphone, no permission prompt.
  const browser = await launchBrowser({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'] })
  const SCREENSHOTS = screenshotDir()

  const trace: string[] = []
  const open = async (url: string, name: string, relay: boolean) => {
    const p = await joinRoom(browser, url, name, async (ctx) => void (await ctx.addInitScript(instrument, relay)))
    p.page.on('console', (m) => {
      if (m.text().startsWith('[call]')) trace.push(`${new Date().toISOString().slice(14, 23)} ${name}: ${m.text()}`)
    })
    return p
  }
  // The negotiation trace of every page, printed when the test fails.
  const printTrace = () => console.log(`call trace:\n${trace.join('\n')}`)
  if (process.env.CALL_TRACE) onTestFinished(printTrace)
  else onTestFailed(printTrace)
  const ivy = await open(room.invites.interviewer, 'Ivy', true)
  const ada = await open(room.invites.candidate, 'Ada', true)
  const olu = await open(room.invites.observer, 'Olu', false)

  // The call's code is not loaded until someone joins.
  const callChunk = (p: RoomPage) => p.traffic.sent.some((r) => /CallPanel-[^/\s]*\.js/.test(r))
  expect(callChunk(ivy)).toBe(false)

  const t0 = Date.now()
  await joinCall(ivy)
  await joinCall(ada)
  await joinCall(olu)
  await Promise.all([receivesMedia(ivy.page), receivesMedia(ada.page), receivesMedia(olu.page)])
  console.log(`call: join → media flowing both ways in ${Date.now() - t0} ms`)
  expect(callChunk(ivy)).toBe(true)

  // Forced to relay, the call connected with Nudge's TURN credentials.
  expect((await totals(ivy.page)).relay).toBe(true)
  expect((await totals(ada.page)).relay).toBe(true)
  // The observer receives and sends nothing.
  const o = await totals(olu.page)
  expect(o.outAudio + o.outVideo).toBe(0)
  expect(await olu.page.getByRole('button', { name: 'Mute' }).count()).toBe(0)
  // Ivy's own tile, Ada's video and Olu's (no video: an initial).
  await poll(() => ivy.page.getByTestId('call-tile').count()).toBe(3)
  // A generous timeout: on a loaded machine Chromium may take long to paint a frame with video.
  await ivy.page.screenshot({ path: join(SCREENSHOTS, 'call.png'), timeout: 120_000 })

  // Wrong credentials: coturn refuses the allocation, so no relay candidate is ever gathered.
  const wrong = await ivy.page.evaluate(async (url) => {
    const pc = new RTCPeerConnection({ iceServers: [{ urls: url, username: `${Math.floor(Date.now() / 1000) + 600}:someone`, credential: 'not-the-secret' }], iceTransportPolicy: 'relay' })
    let relays = 0
    const done = new Promise<void>((resolve) => {
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve()
      pc.onicecandidate = (e) => {
        if (e.candidate?.type === 'relay') relays++
        if (!e.candidate) resolve()
      }
    })
    pc.createDataChannel('probe')
    await pc.setLocalDescription(await pc.createOffer())
    await done
    pc.close()
    return relays
  }, turn.url)
  expect(wrong).toBe(0)

  // Mute stops the candidate's outbound audio (while video keeps flowing).
  await ada.page.getByRole('button', { name: 'Mute' }).click()
  await poll(async () => {
    const a = await totals(ada.page)
    await poll(async () => (await totals(ada.page)).outVideo > a.outVideo + 20_000, 'video keeps flowing', 15_000).toBe(true)
    return (await totals(ada.page)).outAudio === a.outAudio
  }, 'no audio bytes sent while muted', 20_000).toBe(true)
  await ada.page.getByRole('button', { name: 'Unmute' }).click()

  // Chat: a message from the candidate reaches the interviewer, and a link is a link.
  await openTab(ada.page, 'Chat')
  await openTab(ivy.page, 'Chat')
  await ada.page.getByLabel('Message', { exact: true }).fill('Can you hear me? https://example.org/notes')
  await ada.page.keyboard.press('Enter')
  await ivy.page.getByTestId('chat-message').filter({ hasText: 'Can you hear me?' }).waitFor()
  expect(await ivy.page.getByRole('link', { name: 'https://example.org/notes' }).count()).toBe(1)

  // A reload re-joins the call without asking, and media flows both ways again: the interviewer
  // and the observer receive the candidate's new connection, the candidate receives the
  // interviewer. Only connections made after the reload count.
  const [ivySince, oluSince] = [await pcCount(ivy.page), await pcCount(olu.page)]
  await ada.page.reload()
  await waitConnected(ada.page)
  await ada.page.getByTestId('call-panel').waitFor()
  await Promise.all([receivesMedia(ada.page), receivesMedia(ivy.page, ivySince), receivesMedia(olu.page, oluSince)])
  // The chat is still there after the reload (history for a (re)joining page).
  await openTab(ada.page, 'Chat')
  await ada.page.getByTestId('chat-message').filter({ hasText: 'Can you hear me?' }).waitFor()

  // The interviewer lets the observer speak: the observer's microphone goes out (its description
  // is accepted by the server now), and stops again when taken back.
  await ivy.page.getByRole('button', { name: 'Let Olu speak' }).click()
  await olu.page.getByRole('button', { name: 'Mute' }).waitFor()
  await poll(async () => (await totals(olu.page, oluSince)).outAudio > 0, 'the observer sends audio', 60_000).toBe(true)
  await ivy.page.getByRole('button', { name: 'Mute Olu' }).click()
  await poll(() => olu.page.getByRole('button', { name: 'Mute' }).count()).toBe(0)
  await poll(async () => {
    const before = (await totals(olu.page, oluSince)).outAudio
    // Time passes for certain while the candidate's video keeps arriving.
    const seen = (await totals(olu.page, oluSince)).inVideo
    await poll(async () => (await totals(olu.page, oluSince)).inVideo > seen + 20_000, 'video keeps flowing', 15_000).toBe(true)
    return (await totals(olu.page, oluSince)).outAudio === before
  }, 'the observer no longer sends audio', 30_000).toBe(true)

  // The call panel moves out of the editor's way (its handle; arrow keys as well as dragging).
  const panel = ivy.page.getByTestId('call-panel')
  const box = (await panel.boundingBox())!
  await ivy.page.getByRole('button', { name: 'Move the call panel' }).press('ArrowUp')
  await poll(async () => (await panel.boundingBox())!.y).toBeLessThan(box.y)
}, 600_000)
