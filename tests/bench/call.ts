/**
 * `pnpm bench:call`: the call and chat on loopback, as a user sees them. For each run, a fresh
 * room, two browser contexts (fake camera and microphone) press "Join call"; we time until the
 * first remote video frame is decoded on both pages. Then chat round trips over Socket.IO, and
 * the server's CPU time and the signalling bytes and messages per call (Socket.IO frames naming a
 * call event, counted on both pages).
 * Writes docs/call.md. CALL_BENCH_RUNS (default 3, smoke size) and CHAT_BENCH_MESSAGES (50).
 */
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { io } from 'socket.io-client'
import { PROTOCOL_VERSION, type CreateRoomResponse } from '@nudge/shared'
import { cpuMs, pct, startNudge } from './nudge-process.ts'

const RUNS = Number(process.env.CALL_BENCH_RUNS ?? 3)
const MESSAGES = Number(process.env.CHAT_BENCH_MESSAGES ?? 50)
const OUT = fileURLToPath(new URL('../../docs/call.md', import.meta.url))

/** How a connection is negotiated (kept with the figures, since the bench rewrites this file). */
const HOW = [
  '## How a connection comes up',
  '',
  '- One RTCPeerConnection per pair ("perfect negotiation"); which side is polite is decided from the two',
  '  participant ids. For a new connection (join, reload, reconnect) only the impolite side makes the first',
  '  offer and the polite side adds its media when that offer arrives, so two first offers never cross.',
  '  (When they did, the polite side rolled its offer back during Chrome\'s first ICE gathering and answered',
  '  without a single candidate: after a reload the interviewer and the candidate stayed `new`/`stable`.)',
  '- ICE candidates that arrive before their description is set are held (≤ 100 per connection) and applied',
  '  after it. A page whose socket changed rebuilds its connections; the others replace theirs on `call:joined`.',
  '- Observers receive only. The interviewer can let one speak (`call:speaker`); the server refuses an',
  '  observer\'s description that sends media unless it is allowed, and the other pages stop playing it.',
  '- TURN credentials are fetched again after 4/5 of their lifetime; relayed connections restart ICE with them.',
  '- Debugging: `localStorage[\'nudge:debug-call\'] = \'1\'` logs each side\'s negotiation to the console.',
  '',
]

async function main() {
  const { url, pid, stop } = await startNudge('call')
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  })
  const createRoom = async () => (await (await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as CreateRoomResponse

  const connectTimes: number[] = []
  let serverCpu = 0
  /** Call signalling the two pages sent to (up) and received from (down) the server, all runs. */
  const signalling = { up: { bytes: 0, frames: 0 }, down: { bytes: 0, frames: 0 } }
  const callSeconds: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const room = await createRoom()
    const pages: Page[] = []
    for (const [invite, name] of [[room.invites.interviewer, 'Ivy'], [room.invites.candidate, 'Ada']] as const) {
      const context = await browser.newContext()
      await context.addInitScript(() => {
        const w = window as unknown as { __pcs: RTCPeerConnection[] }
        w.__pcs = []
        const Original = window.RTCPeerConnection
        window.RTCPeerConnection = class extends Original {
          constructor(c?: RTCConfiguration) {
            super(c)
            w.__pcs.push(this)
          }
        } as typeof RTCPeerConnection
      })
      const page = await context.newPage()
      // Signalling on the wire: Socket.IO frames naming a call event (offers, answers, ICE
      // candidates, roster), both directions. Acks are left out (a few bytes each).
      page.on('websocket', (ws) => {
        const count = (dir: 'up' | 'down') => ({ payload }: { payload: string | Buffer }) => {
          const text = typeof payload === 'string' ? payload : payload.toString('utf8')
          if (!/^42\d*\["call:/.test(text)) return
          signalling[dir].bytes += Buffer.byteLength(text)
          signalling[dir].frames++
        }
        ws.on('framesent', count('up'))
        ws.on('framereceived', count('down'))
      })
      await page.goto(invite)
      await page.getByLabel('Display name').fill(name)
      await page.getByRole('button', { name: 'Join room' }).click()
      await page.getByRole('button', { name: 'Join call' }).waitFor({ timeout: 60_000 })
      pages.push(page)
    }
    const cpu0 = cpuMs(pid)
    const t0 = performance.now()
    await Promise.all(pages.map((p) => p.getByRole('button', { name: 'Join call' }).click()))
    await Promise.all(pages.map((p) => p.waitForFunction(async () => {
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        let frames = 0
        ;(await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0
        })
        if (frames > 0) return true
      }
      return false
    }, undefined, { polling: 20, timeout: 60_000 })))
    connectTimes.push(performance.now() - t0)
    // Let the call run a while so late candidates are in, then count its whole life so far.
    await new Promise((r) => setTimeout(r, 5000))
    callSeconds.push((performance.now() - t0) / 1000)
    console.log(`call ${run + 1}/${RUNS}: first remote frames on both pages after ${Math.round(connectTimes.at(-1)!)} ms`)
    serverCpu += cpuMs(pid) - cpu0
    for (const p of pages) await p.context().close()
  }
  await browser.close()
  console.log('chat round trips…')

  // Chat round trip: a message sent by one participant, received by the other (ack not awaited).
  const room = await createRoom()
  const token = (u: string) => new URL(u).hash.replace('#token=', '')
  const sock = (t: string, pid: string) => io(url, { transports: ['websocket'], auth: { roomId: room.id, token: t, participantId: pid, name: pid, protocol: PROTOCOL_VERSION } })
  const a = sock(token(room.invites.interviewer), 'bench-ivy-0001')
  const b = sock(token(room.invites.candidate), 'bench-ada-0001')
  await Promise.all([a, b].map((s) => new Promise((r) => s.once('room:state', r))))
  const rtts: number[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const t = performance.now()
    const got = new Promise<void>((r) => b.once('chat:sent', () => r()))
    a.emit('chat:send', { text: `ping ${i}` }, () => {})
    await got
    rtts.push(performance.now() - t)
    // The chat allows a burst of 10 messages, then one a second per seat: stay under it.
    if (i >= 8) await new Promise((r) => setTimeout(r, 1100))
  }
  a.disconnect()
  b.disconnect()

  const f = (ms: number) => `${Math.round(ms)} ms`
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`
  const perCall = (n: number) => n / RUNS
  const avgSeconds = callSeconds.reduce((a, b) => a + b, 0) / Math.max(1, callSeconds.length)
  const signallingLine = `Signalling per two-person call (both pages, the first ${Math.round(avgSeconds)} s from "Join call", set-up included): ` +
    `${kib(perCall(signalling.up.bytes))} in ${Math.round(perCall(signalling.up.frames))} messages to the server, ` +
    `${kib(perCall(signalling.down.bytes))} in ${Math.round(perCall(signalling.down.frames))} messages from it ` +
    `(≈ ${((perCall(signalling.up.bytes + signalling.down.bytes)) / avgSeconds / 1024).toFixed(2)} KiB/s averaged over that window).`
  console.log(signallingLine)
  const report = [
    '# Call and chat: measured figures',
    '',
    `Produced by \`pnpm bench:call\` (tests/bench/call.ts) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}),`,
    `loopback, Debian Chromium with fake camera and microphone, one Nudge process (SQLite). ${RUNS} calls, ${MESSAGES} chat messages.`,
    'Smoke size: the machine was shared with other jobs, so treat the figures as an upper bound.',
    '',
    '| What | p50 | p95 |',
    '|---|---|---|',
    `| "Join call" pressed on both pages → first remote video frame decoded on both | ${f(pct(connectTimes, 50))} | ${f(pct(connectTimes, 95))} |`,
    `| Chat message sent → received by the other participant | ${f(pct(rtts, 50))} | ${f(pct(rtts, 95))} |`,
    '',
    `Server CPU per two-person call set-up (signalling only; media never touches Nudge): ${Math.round(serverCpu / RUNS)} ms.`,
    '',
    signallingLine,
    '',
    'Media flows peer to peer (or through TURN when configured, see docs/deploy.md); Nudge only relays the',
    'signalling (a few offers/answers of ≤ 16 KiB and ICE candidates of ≤ 1 KiB per peer, once per (re)connection).',
    '',
    ...HOW,
  ].join('\n')
  writeFileSync(OUT, report)
  console.log(report)
  stop()
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
