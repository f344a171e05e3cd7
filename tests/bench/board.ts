/**
 * `pnpm bench:board`: the whiteboard as two people use it, in headless Chromium against the real
 * server (spawned as `pnpm start` would). Page A draws a rectangle, then moves it one pixel at a
 * time with the arrow key; for each move we time
 *   - key press on A → the update frame arrives on B's board WebSocket (what a partner waits
 *     for, including the binding's 40 ms batching), and
 *   - A's frame sent → B's frame received (the server's share),
 * both on this Node process's clock (Playwright reports both pages' frames here), and count the
 * bytes A sends per move (Yjs update frames; awareness frames excluded). Then a third page joins
 * a room and never opens the board: the JavaScript it downloads, and what opening the board adds.
 * Writes docs/whiteboard-figures.md. BOARD_BENCH_MOVES (default 60).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { CreateRoomResponse } from '@nudge/shared'
import { freePort, serverStartArgs } from '../utils/process.ts'
import { boardFiguresReport, type BoardFigures } from './board-report.ts'

const MOVES = Number(process.env.BOARD_BENCH_MOVES ?? 60)
const serverDir = fileURLToPath(new URL('../../server', import.meta.url))
const OUT = fileURLToPath(new URL('../../docs/whiteboard-figures.md', import.meta.url))

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

async function joinRoom(context: BrowserContext, invite: string, name: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(invite)
  await page.getByLabel('Display name').fill(name)
  await page.getByRole('button', { name: 'Join room' }).click()
  await page.locator('.monaco-editor').first().waitFor({ timeout: 120_000 })
  return page
}

async function openBoard(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Board', exact: true }).click()
  await page.getByTestId('whiteboard').locator('canvas.interactive').waitFor({ timeout: 120_000 })
}

/** JavaScript bytes on the wire (compressed body + headers) of the requests finished during `action`. */
async function jsBytes(context: BrowserContext, action: () => Promise<void>): Promise<{ bytes: number; board: boolean }> {
  const seen: Request[] = []
  const onFinished = (r: Request) => void seen.push(r)
  context.on('requestfinished', onFinished)
  await action()
  // Let lazily requested chunks finish.
  await new Promise((r) => setTimeout(r, 3000))
  context.off('requestfinished', onFinished)
  let bytes = 0
  let board = false
  for (const r of seen) {
    const path = new URL(r.url()).pathname
    if (!/\.m?js$/.test(path)) continue
    const sizes = await r.sizes()
    bytes += sizes.responseBodySize + sizes.responseHeadersSize
    if (/\/Whiteboard-[\w-]+\.js$/.test(path)) board = true
  }
  return { bytes, board }
}

async function main() {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'nudge-bench-board-'))
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, serverStartArgs(), {
    cwd: serverDir, stdio: 'ignore',
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn' },
  })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    for (let i = 0; i < 300; i++) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const createRoom = async () => {
      const res = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Board bench', language: 'typescript' }) })
      return (await res.json()) as CreateRoomResponse
    }

    // 1. JavaScript of a room that never opens the board, then of opening it.
    const weightRoom = await createRoom()
    const wctx = await browser.newContext()
    let wpage: Page | null = null
    const room = await jsBytes(wctx, async () => {
      wpage = await joinRoom(wctx, weightRoom.invites.candidate, 'Ada')
    })
    const opened = await jsBytes(wctx, () => openBoard(wpage!))
    await wctx.close()

    // 2. Two people on one board.
    const r = await createRoom()
    const [ctxA, ctxB] = [await browser.newContext(), await browser.newContext()]
    const [a, b] = await Promise.all([joinRoom(ctxA, r.invites.interviewer, 'Ivy'), joinRoom(ctxB, r.invites.candidate, 'Ada')])
    // Mirrors of what A sent and B received, decoded as the provider does (y-websocket: message
    // type 0 = sync, then 1 = step 2 or 2 = update, then the Yjs update).
    const mirrorA = new Y.Doc()
    const mirrorB = new Y.Doc()
    const sentA: { t: number; bytes: number }[] = []
    /** Each time B's copy of the watched element changed x: when, and to what. */
    const seenB: { t: number; x: number }[] = []
    let watched: string | null = null
    const syncUpdate = (payload: string | Buffer): Uint8Array | null => {
      const buf = typeof payload === 'string' ? Buffer.from(payload) : payload
      const d = decoding.createDecoder(new Uint8Array(buf))
      if (decoding.readVarUint(d) !== 0) return null
      const t = decoding.readVarUint(d)
      return t === 1 || t === 2 ? decoding.readVarUint8Array(d) : null
    }
    const xOf = (doc: Y.Doc, id: string) => (doc.getMap('elements').get(id) as { x?: number } | undefined)?.x
    const isBoard = (u: string) => /\/yjs\/[\w-]+\/board\b/.test(u)
    a.on('websocket', (ws) => {
      if (!isBoard(ws.url())) return
      ws.on('framesent', ({ payload }) => {
        const u = syncUpdate(payload)
        if (!u) return
        sentA.push({ t: performance.now(), bytes: typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length })
        Y.applyUpdate(mirrorA, u)
      })
    })
    b.on('websocket', (ws) => {
      if (!isBoard(ws.url())) return
      ws.on('framereceived', ({ payload }) => {
        const u = syncUpdate(payload)
        if (!u) return
        const t = performance.now()
        Y.applyUpdate(mirrorB, u)
        const x = watched ? xOf(mirrorB, watched) : undefined
        if (x !== undefined) seenB.push({ t, x })
      })
    })
    await Promise.all([openBoard(a), openBoard(b)])
    const box = (await a.getByTestId('whiteboard').locator('canvas.interactive').boundingBox())!
    await a.getByTestId('toolbar-rectangle').click({ force: true })
    await a.mouse.move(box.x + 300, box.y + 150)
    await a.mouse.down()
    await a.mouse.move(box.x + 380, box.y + 200, { steps: 5 })
    await a.mouse.move(box.x + 460, box.y + 250, { steps: 5 })
    await a.mouse.up()
    const id = await waitFor(() => {
      for (const [k, v] of mirrorA.getMap('elements')) if ((v as { type?: string }).type === 'rectangle') return k
      return undefined
    })
    await waitFor(() => xOf(mirrorB, id))
    watched = id
    const startX = xOf(mirrorA, id)!

    const keyToRecv: number[] = []
    const sendToRecv: number[] = []
    const bytesPerMove: number[] = []
    for (let i = 1; i <= MOVES; i++) {
      const sentBefore = sentA.length
      const t0 = performance.now()
      await a.keyboard.press('ArrowRight')
      const got = await waitFor(() => seenB.find((f) => f.t > t0 && f.x >= startX + i))
      const frames = sentA.slice(sentBefore)
      keyToRecv.push(got.t - t0)
      if (frames.length) sendToRecv.push(got.t - frames[0]!.t)
      bytesPerMove.push(frames.reduce((n, f) => n + f.bytes, 0))
      // Spread the moves out, as a person would (and so each is its own update).
      await new Promise((r) => setTimeout(r, 60))
    }
    await Promise.all([ctxA.close(), ctxB.close()])

    const figures: BoardFigures = {
      date: new Date().toISOString().slice(0, 10),
      cpus: cpus().length,
      moves: MOVES,
      keyToRecv: { p50: pct(keyToRecv, 50), p95: pct(keyToRecv, 95) },
      sendToRecv: { p50: pct(sendToRecv, 50), p95: pct(sendToRecv, 95), n: sendToRecv.length },
      bytesPerMove: { p50: pct(bytesPerMove, 50), mean: bytesPerMove.reduce((s, n) => s + n, 0) / bytesPerMove.length },
      roomJs: room.bytes,
      roomLoadedBoard: room.board,
      boardJs: opened.bytes,
      boardLoaded: opened.board,
    }
    const md = boardFiguresReport(figures)
    writeFileSync(OUT, md)
    console.log(md)
  } finally {
    await browser.close()
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const start = performance.now()
  for (;;) {
    const v = read()
    if (v !== undefined) return v
    if (performance.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 2))
  }
}

await main()
