/**
 * `pnpm bench:runner`: running code in a room, as the two people in it see it. One Nudge process
 * (SQLite), Debian's Chromium, a candidate's and an interviewer's page in a room on the bank
 * question "activity-streak". Measured (each a fresh room unless said otherwise):
 * - JavaScript "Run tests" click → the result headline on both screens;
 * - Python: the room switches to Python → first run's result (cold: Pyodide loads), then warm runs;
 * - an endless loop times out → the next run's result (JavaScript and Python);
 * - the compressed bytes the candidate's page downloaded before its first Python result.
 * Writes docs/runner-figures.md. RUNNER_BENCH_RUNS (default 5, smoke size) rooms/repetitions.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { io } from 'socket.io-client'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { PROTOCOL_VERSION, type CreateRoomResponse } from '@nudge/shared'
import { pct, startNudge } from './nudge-process.ts'

const RUNS = Number(process.env.RUNNER_BENCH_RUNS ?? 5)
const OUT = fileURLToPath(new URL('../../docs/runner-figures.md', import.meta.url))

const solution = (ext: string) => readFileSync(fileURLToPath(new URL(`../fixtures/solutions/activity-streak.${ext}`, import.meta.url)), 'utf8')
const JS = solution('js')
const PY = solution('py')
const LOOP_JS = 'function longestStreak(days) {\n  while (true) {}\n}\n'
const LOOP_PY = 'def longestStreak(days):\n    while True:\n        pass\n'
const PASSED = '4 / 4 passed'

async function main() {
  const { url } = await startNudge('runner')
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })

  const jsRuns: number[] = []
  const pyCold: number[] = []
  const pyWarm: number[] = []
  const jsAfterTimeout: number[] = []
  const pyAfterTimeout: number[] = []
  const pyBytes: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const room = await openRoom(url, browser)
    // JavaScript: three runs of the tests, click → both headlines.
    room.write(JS, 'javascript')
    await room.codeShown(room.ada, 'Set(days)')
    for (let i = 0; i < 3; i++) jsRuns.push(await room.runTests(room.ada, [room.ada, room.ivy]))
    // An endless loop, then the next run.
    room.write(LOOP_JS)
    await room.codeShown(room.ada, 'while (true)')
    await room.runTests(room.ada, [room.ada], 'timed out')
    room.write(JS)
    await room.codeShown(room.ada, 'Set(days)')
    jsAfterTimeout.push(await room.runTests(room.ada, [room.ada]))

    // Python, cold: the room switches to it; the candidate runs as soon as the code is there.
    const bytesBefore = room.adaBytes()
    const t0 = performance.now()
    room.write(PY, 'python')
    await room.codeShown(room.ada, 'seen = set')
    await room.runTests(room.ada, [room.ada], PASSED, 120_000)
    pyCold.push(performance.now() - t0)
    pyBytes.push(room.adaBytes() - bytesBefore + room.bytesAtJoin)
    for (let i = 0; i < 3; i++) pyWarm.push(await room.runTests(room.ada, [room.ada, room.ivy]))
    room.write(LOOP_PY)
    await room.codeShown(room.ada, 'while True')
    await room.runTests(room.ada, [room.ada], 'timed out', 60_000)
    room.write(PY)
    await room.codeShown(room.ada, 'seen = set')
    pyAfterTimeout.push(await room.runTests(room.ada, [room.ada], PASSED, 60_000))
    await room.close()
    console.log(`room ${run + 1}/${RUNS}: JS ${Math.round(jsRuns.at(-1)!)} ms, Python cold ${Math.round(pyCold.at(-1)!)} ms, warm ${Math.round(pyWarm.at(-1)!)} ms, after timeout JS ${Math.round(jsAfterTimeout.at(-1)!)} / Python ${Math.round(pyAfterTimeout.at(-1)!)} ms`)
  }
  await browser.close()

  const f = (ms: number) => `${Math.round(ms)} ms`
  const row = (what: string, xs: number[]) => `| ${what} | ${xs.length} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} |`
  const report = [
    '# Running code: measured figures',
    '',
    `Produced by \`pnpm bench:runner\` (tests/bench/runner.ts) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}),`,
    `loopback, Debian Chromium (headless), one Nudge process (SQLite); ${RUNS} rooms, each with a candidate's and an interviewer's page,`,
    'the bank question "activity-streak" (4 visible and 2 hidden tests). Both browsers and the server share the machine, so these',
    'are what a user on a small laptop sees rather than a lower bound. Design and safety: [runner.md](runner.md).',
    '',
    '| What | n | p50 | p95 |',
    '|---|---|---|---|',
    row('JavaScript "Run tests" clicked → result on both screens', jsRuns),
    row('Python: the room switches to Python → first result (Pyodide loads, cold)', pyCold),
    row('Python "Run tests", warm → result on both screens', pyWarm),
    row('JavaScript: a run timed out (5 s limit) → the next run\'s result', jsAfterTimeout),
    row('Python: a run timed out (5 s limit) → the next run\'s result (spare interpreter)', pyAfterTimeout),
    '',
    `Bytes the candidate's page downloaded (compressed, on the wire) from opening the invite link to its first Python result: ${(pct(pyBytes, 50) / 1024 / 1024).toFixed(1)} MiB (median). The page fetches Pyodide's large files itself (cached, immutable) and hands them to the runner frame, so a second visit downloads about 30 KB (docs/page-weight.md).`,
    '',
  ].join('\n')
  writeFileSync(OUT, report)
  console.log(report)
  process.exit(0)
}

/** A fresh room with the question picked, the candidate's and the interviewer's pages joined, and a Yjs client to write the code. */
async function openRoom(url: string, browser: Browser) {
  const room = (await (await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as CreateRoomResponse
  const token = (role: 'candidate' | 'interviewer') => new URL(room.invites[role]).hash.replace('#token=', '')
  const setup = io(url, { transports: ['websocket'], auth: { roomId: room.id, token: token('interviewer'), participantId: `bench-setup-${Date.now()}`, name: 'Setup', protocol: PROTOCOL_VERSION } })
  await new Promise((r) => setup.once('interview:state', r))
  const picked = (await setup.timeout(5000).emitWithAck('question:pick', { questionId: 'activity-streak' })) as { ok: boolean; error?: string }
  if (!picked.ok) throw new Error(`question:pick refused: ${picked.error}`)
  setup.disconnect()

  let adaBytes = 0
  const join = async (invite: string, name: string, count: boolean) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    if (count) {
      // Compressed bytes on the wire (headers and encoded bodies) of every request of this page,
      // its runner frame and the frame's workers.
      context.on('requestfinished', (req) => void req.sizes().then((z) => (adaBytes += z.responseHeadersSize + z.responseBodySize), () => {}))
    }
    await page.goto(invite)
    await page.getByLabel('Display name').fill(name)
    await page.getByRole('button', { name: 'Join room' }).click()
    await page.getByTestId('code-editor').locator('.view-lines').waitFor({ timeout: 60_000 })
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'Connected', undefined, { timeout: 60_000 })
    return page
  }
  const ada = await join(room.invites.candidate, 'Ada', true)
  const ivy = await join(room.invites.interviewer, 'Ivy', false)
  const bytesAtJoin = adaBytes

  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/yjs`, room.id, doc, {
    params: { token: token('interviewer') }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  })
  await new Promise<void>((r) => (provider.synced ? r() : provider.once('sync', () => r())))
  const text = doc.getText('code')

  return {
    ada, ivy, bytesAtJoin,
    adaBytes: () => adaBytes - bytesAtJoin,
    write(code: string, language?: string) {
      doc.transact(() => {
        if (language) doc.getMap('meta').set('language', language)
        text.delete(0, text.length)
        text.insert(0, code)
      })
    },
    async codeShown(page: Page, needle: string) {
      await page.getByTestId('code-editor').getByText(needle).first().waitFor({ timeout: 30_000 })
    },
    /** Clicks "Run tests" on `by`; resolves with ms until every page in `on` shows `expect` in a new run's headline. */
    async runTests(by: Page, on: Page[], expect = PASSED, timeout = 30_000): Promise<number> {
      const idOf = (p: Page) => p.evaluate(() => document.querySelector('.run-detail')?.getAttribute('data-run-id') ?? null)
      const before = await Promise.all(on.map(idOf))
      const t0 = performance.now()
      await by.locator('.run-panel').getByRole('button', { name: /^Run tests/ }).click()
      // A new run is shown (another id) and its headline reads `expect`.
      await Promise.all(on.map((p, i) => p.waitForFunction(([old, want]) => {
        const shown = document.querySelector('.run-detail')
        return !!shown && shown.getAttribute('data-run-id') !== old && !!shown.querySelector('.run-head')?.textContent?.includes(want!)
      }, [before[i], expect] as const, { timeout, polling: 20 }).catch(async (err: Error) => {
        const panel = await p.locator('.run-panel').innerText().catch(() => '')
        throw new Error(`${err.message}\nwaiting for "${expect}"; the run panel shows:\n${panel}`)
      })))
      return performance.now() - t0
    },
    async close() {
      provider.destroy()
      doc.destroy()
      await ada.context().close()
      await ivy.context().close()
    },
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
