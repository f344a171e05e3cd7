/**
 * `pnpm bench:replay`: session replay (issue #18) on a long round. A seeded typist writes a
 * 60-minute round of about 15,000 stored updates (two authors, bursts and pauses) straight into
 * the store of a real server (buildApp on SQLite, in this process) with the round's times; then
 * headless Chromium opens the replay page and we measure
 *   - the replay payload: bytes of the timeline and of every page of updates (and gzipped),
 *   - time to open: navigation → the code on screen, all pages applied,
 *   - seek: scrubber input → the next frame, at random times (p50/p95),
 *   - the page's JS heap after a GC.
 * Writes docs/replay-figures.md. REPLAY_BENCH_UPDATES (default 15000), REPLAY_BENCH_SEEKS (default 100).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'
import * as Y from 'yjs'
import { DOC, type CreateRoomResponse } from '@nudge/shared'
import { buildApp } from '@nudge/server'
import { loadConfig } from '@nudge/server/config.ts'
import type { UpdateRecord } from '@nudge/server/store/types.ts'
import { replayFiguresReport } from './replay-report.ts'
import * as prng from 'lib0/prng'

const UPDATES = Number(process.env.REPLAY_BENCH_UPDATES ?? 15_000)
const SEEKS = Number(process.env.REPLAY_BENCH_SEEKS ?? 100)
const MINUTES = 60
const OUT = fileURLToPath(new URL('../../docs/replay-figures.md', import.meta.url))

/** lib0's seeded PRNG: the same round on every run. */
const rng = (seed: number) => {
  const gen = prng.create(seed)
  return () => prng.real53(gen)
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

/**
 * The typist: `n` updates over `minutes`, mostly the candidate typing words and newlines in
 * bursts, some deletions, now and then the interviewer; pauses of up to a few minutes between
 * bursts. Both authors' docs stay in sync, as the room's would.
 */
function typist(n: number, startAt: number, minutes: number, base: Uint8Array, authors: [string, string]) {
  const r = rng(18)
  // What each edit sends, as a browser's provider would: the transaction's own update.
  let sent: Uint8Array | null = null
  const docs = authors.map(() => {
    const d = new Y.Doc()
    Y.applyUpdate(d, base)
    d.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') sent = u
    })
    return d
  })
  const span = minutes * 60_000
  // Bursts: gaps drawn so that n updates fill the span with pauses between bursts.
  const times: number[] = []
  let t = 0
  while (times.length < n) {
    const burst = 20 + Math.floor(r() * 120)
    for (let i = 0; i < burst && times.length < n; i++) {
      t += 60 + Math.floor(r() * 240)
      times.push(t)
    }
    t += Math.floor(r() * 90_000)
  }
  const scale = (span - 5_000) / t
  const words = ['const ', 'let ', 'return ', 'for ', 'if ', 'total', ' += ', 'n', ';', '\n', '  ', '(', ')', 'items', '.length', ' = ', '0', '{', '}', '\n']
  const rows: UpdateRecord[] = []
  for (let i = 0; i < n; i++) {
    const who = r() < 0.05 ? 1 : 0
    const doc = docs[who]!
    const text = doc.getText(DOC.text)
    if (text.length > 40 && r() < 0.12) text.delete(Math.floor(r() * (text.length - 4)), 1 + Math.floor(r() * 3))
    else if (r() < 0.003) text.insert(text.length, `${'// pasted\n'.repeat(12)}`)
    else {
      // Typing happens near a moving cursor, mostly at the end of the current area.
      const at = Math.max(0, text.length - Math.floor(r() * Math.min(200, text.length)))
      text.insert(at, words[Math.floor(r() * words.length)]!)
    }
    const update = sent!
    Y.applyUpdate(docs[1 - who]!, update, 'remote')
    rows.push({ roomId: '', doc: 'code', data: update, author: authors[who]!, createdAt: startAt + Math.round(times[i]! * scale) })
  }
  return { rows, finalText: docs[0]!.getText(DOC.text).toString() }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'nudge-bench-replay-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' })
  const app = await buildApp(config, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const res = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Replay bench', language: 'javascript' }) })
    const room = (await res.json()) as CreateRoomResponse
    const token = new URL(room.invites.candidate).hash.replace('#token=', '')
    // The round: it starts after the room's first document row (the starter) and lasts an hour.
    const startAt = Date.now() + 1000
    const round = await app.interview.repo.current(room.id, startAt)
    const endAt = startAt + MINUTES * 60_000
    await app.interview.repo.write(room.id, { rounds: [{ ...round, clock: { ...round.clock, status: 'ended', endedAt: endAt } }] }, startAt)
    const people = [{ id: 'bench-ada', name: 'Ada', role: 'candidate' as const, color: '#4ade80' }, { id: 'bench-ivy', name: 'Ivy', role: 'interviewer' as const, color: '#c4b5fd' }]
    for (const p of people) await app.store.upsertParticipant({ ...p, roomId: room.id, createdAt: startAt, lastSeenAt: startAt })
    const loaded = await app.store.loadDocument(room.id, 'code')
    const base = Y.mergeUpdates([...(loaded.snapshot ? [loaded.snapshot.data] : []), ...loaded.updates.map((u) => u.data)])
    const gen = typist(UPDATES, startAt, MINUTES, base, ['bench-ada', 'bench-ivy'])
    for (let i = 0; i < gen.rows.length; i += 1000) await app.store.appendUpdates(gen.rows.slice(i, i + 1000).map((r) => ({ ...r, roomId: room.id })))

    // Payload, as the page fetches it.
    const auth = { authorization: `Bearer ${token}` }
    const metaText = await (await fetch(`${url}/api/rooms/${room.id}/rounds/1/replay`, { headers: auth })).text()
    const meta = JSON.parse(metaText) as { code: { after: number; updates: number } }
    let pages = 0
    let pageBytes = 0
    let pageGzip = 0
    for (let after: number | null = meta.code.after; after !== null; pages++) {
      const text = await (await fetch(`${url}/api/rooms/${room.id}/rounds/1/replay/updates?doc=code&after=${after}`, { headers: auth })).text()
      pageBytes += Buffer.byteLength(text)
      pageGzip += gzipSync(text).byteLength
      after = (JSON.parse(text) as { next: number | null }).next
    }
    const storedBytes = gen.rows.reduce((n, r) => n + r.data.byteLength, 0)

    // Open the player: navigation → code on screen after every page was applied.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const opens: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await page.goto(`${url}/r/${room.id}/replay/1#token=${token}`)
      await page.getByTestId('replay-code').waitFor({ timeout: 300_000 })
      opens.push(performance.now() - t0)
    }
    const endText = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('.replay-scrubber')!
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
      set.call(input, input.max)
      input.dispatchEvent(new Event('input', { bubbles: true }))
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
      return document.querySelector('.replay-text')!.textContent
    })
    // The view draws the lines in view (from the top here): they must be the typist's final text's.
    const shownLines = endText!.split('\n').slice(0, -1)
    if (shownLines.length === 0 || shownLines.join('\n') !== gen.finalText.split('\n').slice(0, shownLines.length).join('\n')) {
      throw new Error('the replayed end of the round is not the typist’s final text')
    }

    // Seeks: random times; input event → the frame after React rendered the code at that time.
    const seeks = await page.evaluate(async (n) => {
      const input = document.querySelector<HTMLInputElement>('.replay-scrubber')!
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
      const max = Number(input.max)
      const frame: number[] = []
      const work: number[] = []
      const code = document.querySelector<HTMLElement>('.replay-text')!
      let seed = 7
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        const t0 = performance.now()
        set.call(input, String(Math.floor((seed / 2147483648) * max)))
        input.dispatchEvent(new Event('input', { bubbles: true }))
        // React renders a discrete input synchronously; reading the layout forces style and layout.
        void code.offsetHeight
        work.push(performance.now() - t0)
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
        frame.push(performance.now() - t0)
      }
      return { frame, work }
    }, SEEKS)

    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    const { metrics } = await cdp.send('Performance.getMetrics')
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN

    const report = replayFiguresReport({
      date: new Date().toISOString().slice(0, 10),
      cpus: cpus().length,
      updates: gen.rows.length,
      minutes: MINUTES,
      storedBytes,
      metaBytes: Buffer.byteLength(metaText),
      metaGzip: gzipSync(metaText).byteLength,
      pages,
      pageBytes,
      pageGzip,
      open: { first: opens[0]!, p50: pct(opens, 50) },
      seek: { p50: pct(seeks.frame, 50), p95: pct(seeks.frame, 95), n: seeks.frame.length },
      seekWork: { p50: pct(seeks.work, 50), p95: pct(seeks.work, 95) },
      load: loadavg()[0]!,
      heapBytes: heap,
    })
    writeFileSync(OUT, report)
    console.log(report)
  } finally {
    await browser.close()
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
