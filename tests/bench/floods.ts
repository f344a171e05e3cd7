import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { awarenessMessage, syncMessage } from '../utils/raw.ts'
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { freePort } from '../utils/process.ts'

/**
 * `pnpm bench:floods` (issue #15's figures): for each flood of the issue's findings, a fresh Nudge
 * process (SQLite in its own temporary DATA_DIR) with a victim room whose typist times each edit
 * from insert to arrival on a second client; then the flood runs for a fixed time in another
 * room. Records the server's RSS (before, peak during, after), DATA_DIR's growth during the
 * flood and the victim's p99 edit latency before and during.
 *
 *   pnpm bench:floods                                  this checkout's server
 *   pnpm bench:floods --server /work/wt/floods-before  also a checkout from before #15 ("before" column)
 *   --flood-s 10 --base-s 5 --only pending-bomb,awareness-flood --out ../docs/hostile-figures.md
 */
const { values: args } = parseArgs({
  options: {
    server: { type: 'string' },
    'flood-s': { type: 'string', default: '8' },
    'base-s': { type: 'string', default: '4' },
    'settle-s': { type: 'string', default: '2' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
})
const FLOOD_MS = Number(args['flood-s']) * 1000
const BASE_MS = Number(args['base-s']) * 1000
const SETTLE_MS = Number(args['settle-s']) * 1000
const PROBE_MS = 50

const here = fileURLToPath(new URL('../..', import.meta.url))
const builds: { label: string; dir: string }[] = []
if (args.server) builds.push({ label: 'before', dir: resolve(args.server) })
builds.push({ label: 'after', dir: here })

// ---------------------------------------------------------------------------------------------
// A server process
interface Server {
  url: string
  wsUrl: string
  pid: number
  dataDir: string
  child: ChildProcess
  exited: () => string | null
  stop: () => void
}
async function startServer(dir: string): Promise<Server> {
  const serverDir = join(dir, 'server')
  const start = (JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const [, ...nodeArgs] = start.trim().split(/\s+/)
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'nudge-floods-'))
  const url = `http://127.0.0.1:${port}`
  let exit: string | null = null
  let log = ''
  const child = spawn(process.execPath, nodeArgs, {
    cwd: serverDir, stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', ROOM_CREATE_MAX: '100000' },
  })
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-2000)))
  child.on('exit', (code, signal) => (exit = `exited (${signal ?? `code ${code}`})${/heap out of memory/i.test(log) ? ': out of memory' : ''}`))
  const stop = () => {
    child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.setMaxListeners(0)
  process.once('exit', stop)
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break
    if (exit || i > 600) throw new Error(`server in ${dir} did not start: ${exit ?? 'timeout'} ${log}`)
    await sleep(100)
  }
  return { url, wsUrl: url.replace(/^http/, 'ws'), pid: child.pid!, dataDir, child, exited: () => exit, stop }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rssOf = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024
  } catch {
    return Number.NaN
  }
}
function diskOf(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    try {
      total += e.isDirectory() ? diskOf(p) : statSync(p).size
    } catch {
      /* removed meanwhile */
    }
  }
  return total
}

// ---------------------------------------------------------------------------------------------
// Rooms and clients
type Role = 'interviewer' | 'candidate' | 'observer'
interface Room {
  id: string
  tokens: Record<Role, string>
}
async function createRoom(s: Server): Promise<Room> {
  const res = await fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  const json = (await res.json()) as { id: string; invites: Record<string, string> }
  const token = (u: string) => new URL(u).hash.replace('#token=', '')
  return { id: json.id, tokens: { interviewer: token(json.invites.interviewer!), candidate: token(json.invites.candidate!), observer: token(json.invites.observer!) } }
}
function provider(s: Server, room: Room, role: Role) {
  const doc = new Y.Doc()
  const p = new WebsocketProvider(`${s.wsUrl}/yjs`, room.id, doc, {
    params: { token: room.tokens[role] }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 500,
  })
  return { doc, p, text: doc.getText('code'), close: () => (p.destroy(), doc.destroy()) }
}
type Provider = ReturnType<typeof provider>
const synced = (c: Provider) => new Promise<void>((r) => (c.p.synced ? r() : c.p.once('sync', () => r())))

/** A bare Yjs WebSocket that records how it was closed. */
function rawSocket(s: Server, room: Room, role: Role, closes: Map<string, number>): Promise<WebSocket | null> {
  const ws = new WebSocket(`${s.wsUrl}/yjs/${room.id}?token=${room.tokens[role]}`)
  ws.on('error', () => {})
  ws.on('close', (code) => closed(closes, `closed ${code}`))
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_q, res) => (count(closes, `refused HTTP ${res.statusCode}`), resolve(null)))
    ws.once('error', () => resolve(null))
  })
}
const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
/** Closes are recorded while the flood runs (not the attacker's own teardown). */
let recording = () => false
const closed = (m: Map<string, number>, k: string) => recording() && count(m, k)

function socket(s: Server, room: Room, role: Role, name: string, participantId: string, closes: Map<string, number>): Promise<Socket | null> {
  const sock = io(s.url, { transports: ['websocket'], auth: { roomId: room.id, token: room.tokens[role], participantId, name, protocol: 1 }, reconnection: false, forceNew: true })
  sock.on('disconnect', (reason) => closed(closes, `disconnected (${reason})`))
  return new Promise((resolve) => {
    sock.once('connect', () => resolve(sock))
    sock.once('connect_error', (err) => (count(closes, `refused: ${err.message.slice(0, 40)}`), resolve(null)))
  })
}
const participant = () => Math.random().toString(36).slice(2).padEnd(16, 'x')
type Ack = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }
const emit = (sock: Socket, ev: string, payload: unknown) =>
  (sock.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<Ack>).call(sock.timeout(5000), ev, payload).catch(() => ({ ok: false, error: { code: 'TIMEOUT', message: '' } }) as Ack)

/** Sends `buf` as fast as the socket drains, for as long as `live()`. */
const pump = async (live: () => boolean, step: () => Promise<void> | void, gapMs = 0) => {
  while (live()) {
    await step()
    await sleep(gapMs)
  }
}

// ---------------------------------------------------------------------------------------------
// Floods: each prepares (before the baseline), then runs until `live()` is false, and describes
// what the attacker saw.
interface Ctx {
  s: Server
  room: Room
  live: () => boolean
  closes: Map<string, number>
  notes: string[]
}
interface Flood {
  finding: string
  what: string
  prepare?: (c: Ctx) => Promise<unknown>
  run: (c: Ctx, prepared: unknown) => Promise<void>
}

/** One bomb: `n` inserts of `chunk` characters from a fresh client whose first insert is withheld. */
function pendingBomb(n: number, chunk: number): Uint8Array[] {
  const d = new Y.Doc()
  const updates: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => updates.push(u))
  d.getText('code').insert(0, 'x')
  const text = 'y'.repeat(chunk)
  for (let i = 0; i < n; i++) d.getText('code').insert(0, text)
  d.destroy()
  return updates.slice(1)
}
function fragmented(items: number, clientId: number): Uint8Array {
  const d = new Y.Doc()
  d.clientID = clientId
  const t = d.getText('code')
  for (let i = 0; i < items; i++) t.insert(0, 'f')
  return Y.encodeStateAsUpdate(d)
}
/** Fills a room's document with `bytes` of text through an ordinary editor. */
async function fill(c: Ctx, bytes: number) {
  const w = provider(c.s, c.room, 'candidate')
  await synced(w)
  for (let i = 0; i < bytes; i += 200_000) w.text.insert(w.text.length, 'z'.repeat(200_000))
  await sleep(1500)
  w.close()
}

const FLOODS: Record<string, Flood> = {
  'pending-bomb': {
    finding: '1',
    what: 'Yjs updates whose dependency never arrives, 1 MiB every 200 ms (candidate link; reconnects when closed)',
    prepare: async () => Array.from({ length: Math.ceil(FLOOD_MS / 200) }, () => pendingBomb(256, 4000)),
    run: async (c, prepared) => {
      const bombs = prepared as Uint8Array[][]
      let ws: WebSocket | null = null
      let sent = 0
      await pump(c.live, async () => {
        if (!ws || ws.readyState !== ws.OPEN) ws = await rawSocket(c.s, c.room, 'candidate', c.closes)
        const bomb = bombs[sent++ % bombs.length]!
        for (const u of bomb) if (ws?.readyState === WebSocket.OPEN) ws.send(syncMessage(2, u))
      }, 200)
      c.notes.push(`${sent} MiB sent`)
      ;(ws as WebSocket | null)?.terminate()
    },
  },
  'yjs-never-reads': {
    finding: '2',
    what: 'an observer that never reads sends 300 SyncStep1 (1.2 kB) for a 1 MiB document, a new one every 2 s',
    prepare: (c) => fill(c, 1024 * 1024),
    run: async (c) => {
      const sockets: WebSocket[] = []
      const step1 = syncMessage(0, new Uint8Array([0]))
      await pump(c.live, async () => {
        const ws = await rawSocket(c.s, c.room, 'observer', c.closes)
        if (!ws) return
        ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
        sockets.push(ws)
        for (let i = 0; i < 300; i++) ws.send(step1)
      }, 2000)
      for (const ws of sockets) ws.terminate()
    },
  },
  'sync-never-reads': {
    finding: '2',
    what: 'the interviewer link, never reading, calls interview:sync as fast as answered (state: 100 notes of 4,000 characters)',
    prepare: async (c) => {
      const ivy = await socket(c.s, c.room, 'interviewer', 'Ivy', participant(), new Map())
      if (!ivy) throw new Error('interviewer could not join')
      let added = 0
      for (let i = 0; i < 100; i++) {
        const a = await emit(ivy, 'note:add', { text: `${i} ${'n'.repeat(3990)}` })
        if (a.ok) added++
        else await sleep(100)
      }
      ivy.disconnect()
      c.notes.push(`${added} notes`)
    },
    run: async (c) => {
      const sock = await socket(c.s, c.room, 'interviewer', 'Ivy', participant(), c.closes)
      if (!sock) return
      ;(sock.io.engine as unknown as { transport: { ws: WebSocket } }).transport.ws.pause()
      let calls = 0
      await pump(() => c.live() && sock.connected, () => {
        for (let i = 0; i < 30; i++, calls++) sock.emit('interview:sync', {}, () => {})
      }, 1000)
      c.notes.push(`${calls} calls`)
      sock.disconnect()
    },
  },
  'insert-delete-loop': {
    finding: '3',
    what: 'an editor inserts and deletes 900 KiB in a loop on an empty document',
    run: async (c) => {
      const w = provider(c.s, c.room, 'candidate')
      await synced(w)
      const big = 'd'.repeat(900 * 1024)
      let rounds = 0
      let stops = 0
      w.p.on('status', ({ status }: { status: string }) => status === 'disconnected' && stops++)
      await pump(c.live, () => {
        w.text.insert(0, big)
        w.text.delete(0, big.length)
        rounds++
      }, 100)
      c.notes.push(`${rounds} rounds, disconnected ${stops}×`)
      w.close()
    },
  },
  'self-assessment-loop': {
    finding: '3',
    what: 'the candidate saves a 4,000-character self-assessment as fast as answered',
    prepare: async (c) => {
      const ivy = await socket(c.s, c.room, 'interviewer', 'Ivy', participant(), new Map())
      if (!ivy) throw new Error('interviewer could not join')
      const qs = (await (await fetch(`${c.s.url}/api/questions?kind=coding`)).json()) as { id: string }[]
      const picked = await emit(ivy, 'question:pick', { questionId: qs[0]!.id })
      const started = await emit(ivy, 'clock:start', {})
      if (!picked.ok || !started.ok) c.notes.push(`setup: ${JSON.stringify([picked, started]).slice(0, 120)}`)
      ivy.disconnect()
    },
    run: async (c) => {
      const ada = await socket(c.s, c.room, 'candidate', 'Ada', participant(), c.closes)
      if (!ada) return
      const results = new Map<string, number>()
      let i = 0
      await pump(c.live, async () => {
        const acks = await Promise.all(Array.from({ length: 10 }, () => emit(ada, 'selfassessment:save', { entries: {}, summary: `${i++} ${'s'.repeat(3990)}` })))
        for (const a of acks) count(results, a.ok ? 'saved' : a.error.code)
      })
      c.notes.push([...results].map(([k, v]) => `${v} ${k}`).join(', '))
      ada.disconnect()
    },
  },
  fragmented: {
    finding: '4',
    what: 'a candidate sends documents of 60,000 one-character items (each under the frame and byte caps), one every 500 ms',
    prepare: async () => Array.from({ length: 4 }, (_, i) => syncMessage(2, fragmented(60_000, 1000 + i))),
    run: async (c, prepared) => {
      const frames = prepared as Uint8Array[]
      let ws: WebSocket | null = null
      let sent = 0
      await pump(() => c.live() && sent < frames.length, async () => {
        if (!ws || ws.readyState !== ws.OPEN) ws = await rawSocket(c.s, c.room, 'candidate', c.closes)
        ws?.send(frames[sent++]!)
      }, 500)
      // Then joiners: each downloads (and makes the server encode) whatever the room holds.
      const joins: number[] = []
      for (let i = 0; i < 3 && c.live(); i++) {
        const t = performance.now()
        const j = provider(c.s, c.room, 'observer')
        await Promise.race([synced(j), sleep(10_000)])
        joins.push(Math.round(performance.now() - t))
        c.notes.push(`joiner ${i + 1}: ${j.text.length.toLocaleString('en')} characters in ${joins.at(-1)} ms`)
        j.close()
      }
      ;(ws as WebSocket | null)?.terminate()
    },
  },
  'awareness-flood': {
    finding: '6',
    what: 'an observer sends 3 KB awareness updates (under the 4 KiB state cap) as fast as it can, 10 listeners in the room',
    run: async (c) => {
      const listeners: WebSocket[] = []
      let received = 0
      for (let i = 0; i < 10; i++) {
        const l = await rawSocket(c.s, c.room, 'observer', new Map())
        if (!l) continue
        l.on('message', (d: Buffer) => (received += d.length))
        listeners.push(l)
      }
      let ws: WebSocket | null = null
      let clock = 0
      const name = 'x'.repeat(3000)
      await pump(c.live, async () => {
        if (!ws || ws.readyState !== ws.OPEN) ws = await rawSocket(c.s, c.room, 'observer', c.closes)
        for (let i = 0; i < 50 && ws?.readyState === WebSocket.OPEN; i++) ws.send(awarenessMessage(999, ++clock, { user: { name } }))
      }, 10)
      c.notes.push(`${clock} updates sent, ${listeners.length} listeners received ${(received / 1024 / listeners.length).toFixed(0)} KiB each`)
      ;(ws as WebSocket | null)?.terminate()
      for (const l of listeners) l.terminate()
    },
  },
  'many-connections': {
    finding: '6',
    what: '40 Socket.IO connections on one observer link, each sending clock:ping as fast as answered',
    run: async (c) => {
      const pid = participant()
      const sockets = (await Promise.all(Array.from({ length: 40 }, () => socket(c.s, c.room, 'observer', 'Olu', pid, c.closes)))).filter((x): x is Socket => !!x)
      const results = new Map<string, number>()
      await pump(c.live, async () => {
        const acks = await Promise.all(sockets.filter((x) => x.connected).map((x) => emit(x, 'clock:ping', { clientSentAt: Date.now() })))
        for (const a of acks) count(results, a.ok ? 'accepted' : a.error.code)
        if (acks.length === 0) await sleep(100)
      })
      const secs = FLOOD_MS / 1000
      c.notes.push(`${sockets.length} connected; ${[...results].map(([k, v]) => `${k} ${Math.round(v / secs)}/s`).join(', ')}`)
      for (const x of sockets) x.disconnect()
    },
  },
  'awareness-slots': {
    finding: '7',
    what: 'an observer announces 64 cursors (client ids 1..64) under the interviewer\'s name, refreshed every second',
    run: async (c) => {
      const watcher = provider(c.s, c.room, 'interviewer')
      await synced(watcher)
      let ws: WebSocket | null = null
      let clock = 0
      await pump(c.live, async () => {
        if (!ws || ws.readyState !== ws.OPEN) ws = await rawSocket(c.s, c.room, 'observer', c.closes)
        clock++
        for (let id = 1; id <= 64 && ws?.readyState === WebSocket.OPEN; id++) ws.send(awarenessMessage(id, clock, { user: { name: 'Grace', role: 'interviewer' } }))
      }, 1000)
      const states = [...watcher.p.awareness.getStates().entries()].filter(([id]) => id !== watcher.doc.clientID)
      const asGrace = states.filter(([, st]) => (st as { user?: { name?: string } }).user?.name === 'Grace').length
      c.notes.push(`the interviewer sees ${states.length} other cursors, ${asGrace} named Grace`)
      ;(ws as WebSocket | null)?.terminate()
      watcher.close()
    },
  },
}

// ---------------------------------------------------------------------------------------------
// One measurement: a fresh server, the victim room, baseline, flood, settle.
interface Result {
  rssBefore: number
  rssPeak: number
  rssAfter: number
  disk: number
  p99Before: number
  p99During: number
  notes: string[]
  closes: Map<string, number>
  failure?: string
}
const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]! : Number.NaN
}

async function measure(dir: string, name: string): Promise<Result> {
  const flood = FLOODS[name]!
  const s = await startServer(dir)
  const victimRoom = await createRoom(s)
  const writer = provider(s, victimRoom, 'interviewer')
  const reader = provider(s, victimRoom, 'candidate')
  await Promise.all([synced(writer), synced(reader)])
  // The typist: one edit every PROBE_MS; an edit still on its way when a window ends counts
  // with the time it has waited so far.
  let window: number[] = []
  const pending = new Map<string, number>()
  reader.text.observe(() => {
    const t = reader.text.toString()
    for (const [mark, at] of pending) if (t.includes(mark)) (window.push(performance.now() - at), pending.delete(mark))
  })
  let probe = 0
  const probing = setInterval(() => {
    const mark = `#${++probe};`
    pending.set(mark, performance.now())
    if (writer.text.length > 2000) writer.text.delete(0, 1000)
    writer.text.insert(writer.text.length, mark)
  }, PROBE_MS)
  const closeWindow = () => {
    const now = performance.now()
    const xs = [...window, ...[...pending.values()].map((at) => now - at)]
    window = []
    return xs
  }
  const ctx: Ctx = { s, room: await createRoom(s), live: () => false, closes: new Map(), notes: [] }
  const result: Result = { rssBefore: 0, rssPeak: 0, rssAfter: 0, disk: 0, p99Before: 0, p99During: 0, notes: ctx.notes, closes: ctx.closes }
  try {
    const prepared = await flood.prepare?.(ctx)
    await sleep(1000)
    closeWindow()
    await sleep(BASE_MS)
    result.p99Before = p99(closeWindow())
    result.rssBefore = rssOf(s.pid)
    const disk0 = diskOf(s.dataDir)
    const until = Date.now() + FLOOD_MS
    ctx.live = () => Date.now() < until && !s.exited()
    recording = ctx.live
    let peak = result.rssBefore
    const sampling = setInterval(() => (peak = Math.max(peak, rssOf(s.pid) || 0)), 100)
    await Promise.race([flood.run(ctx, prepared), sleep(FLOOD_MS + 15_000)])
    await sleep(Math.max(0, until - Date.now()))
    result.p99During = p99(closeWindow())
    result.disk = diskOf(s.dataDir) - disk0
    await sleep(SETTLE_MS)
    clearInterval(sampling)
    result.rssPeak = peak
    result.rssAfter = rssOf(s.pid)
    if (s.exited()) result.failure = `server ${s.exited()}`
  } catch (err) {
    result.failure = s.exited() ? `server ${s.exited()}` : `flood could not run: ${(err as Error).message}`
  } finally {
    clearInterval(probing)
    writer.close()
    reader.close()
    s.stop()
  }
  return result
}

// ---------------------------------------------------------------------------------------------
const names = args.only ? args.only.split(',') : Object.keys(FLOODS)
for (const n of names) if (!FLOODS[n]) throw new Error(`unknown flood ${n}; known: ${Object.keys(FLOODS).join(', ')}`)
for (const b of builds) if (!existsSync(join(b.dir, 'server', 'package.json'))) throw new Error(`${b.dir} is not a Nudge checkout`)
const load0 = loadavg()
const startedAt = new Date()
const MiB = (b: number) => (Number.isFinite(b) ? (b / 1048576).toFixed(0) : '?')
const ms = (x: number) => (Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`) : '?')
const cell = (r: Result) => {
  if (r.failure && !r.rssBefore) return `**${r.failure}**`
  const closes = [...r.closes].map(([k, v]) => `${k}${v > 1 ? ` ×${v}` : ''}`).join(', ')
  return [
    `RSS ${MiB(r.rssBefore)} → peak ${MiB(r.rssPeak)} (+${MiB(r.rssPeak - r.rssBefore)}) → ${MiB(r.rssAfter)} MiB`,
    `disk +${(r.disk / 1048576).toFixed(1)} MiB`,
    `p99 ${ms(r.p99Before)} → ${ms(r.p99During)}`,
    ...(r.failure ? [`**${r.failure}**`] : []),
  ].join('<br>') + ([...r.notes, closes].filter(Boolean).length ? `<br><small>${[...r.notes, closes].filter(Boolean).join('; ')}</small>` : '')
}

const rows: string[] = []
for (const n of names) {
  const cells: string[] = []
  for (const b of builds) {
    const t = Date.now()
    const r = await measure(b.dir, n)
    console.log(`${n} [${b.label}] ${((Date.now() - t) / 1000).toFixed(0)} s: ${cell(r).replaceAll('<br>', ' | ').replace(/<\/?small>/g, '')}`)
    cells.push(cell(r))
  }
  rows.push(`| ${FLOODS[n]!.finding} | **${n}**: ${FLOODS[n]!.what} | ${cells.join(' | ')} |`)
}
const load1 = loadavg()
const cmd = `pnpm bench:floods${args.server ? ' --server <checkout before #15>' : ''} --flood-s ${FLOOD_MS / 1000} --base-s ${BASE_MS / 1000}${args.only ? ` --only ${args.only}` : ''}`
const table = [
  `| finding | flood | ${builds.map((b) => `${b.label} (${gitHead(b.dir)})`).join(' | ')} |`,
  `|---|---|${builds.map(() => '---').join('|')}|`,
  ...rows,
].join('\n')
console.log(`\n${table}`)
function gitHead(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

if (args.out) {
  writeFileSync(args.out, [
    '# Hostile-client figures (issue #15)',
    '',
    `\`${cmd}\`, run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by tests/bench/floods.ts.`,
    `Machine: 2 cores shared with other work; load average ${load0.map((x) => x.toFixed(2)).join(' / ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min).`,
    '',
    'For each flood a fresh server process (`pnpm start`\'s command line, SQLite in a new temporary DATA_DIR, default limits',
    'except ROOM_CREATE_MAX) holds a victim room in which one client types an edit every',
    `${PROBE_MS} ms and a second client times its arrival; the flood runs in another room for ${FLOOD_MS / 1000} s after a ${BASE_MS / 1000} s baseline.`,
    'Each cell: the server\'s RSS before the flood → its peak during the flood and until ' + `${SETTLE_MS / 1000} s after → after;`,
    'the growth of DATA_DIR during the flood; the victim\'s p99 edit latency (insert → arrival on the other client) in the',
    'baseline and during the flood (an edit still on its way when the window ends counts with its wait so far);',
    'in small type what the attacker saw (closes, refusals, counts).',
    `"before" is the server of the last commit before #15's first fix (91895b5), made with`,
    `\`git worktree add --detach <dir> 91895b5^ && (cd <dir> && pnpm install)\`; "after" is this checkout. The whole run took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} minutes.`,
    '',
    table,
    '',
  ].join('\n'))
  console.log(`wrote ${args.out}`)
}
process.exit(0)
