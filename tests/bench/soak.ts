import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { awarenessMessage, syncMessage } from '../utils/raw.ts'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { pct, startNudge } from './nudge-process.ts'

/**
 * `pnpm soak`: one Nudge process (SQLite) with N rooms typing for a while, and every few seconds
 * a hostile client from issue #15 (pending-update bomb, fragmented document, awareness flood,
 * a connection that never reads, room churn). Prints the server's RSS and a victim room's edit
 * latency over time, and exits 1 when the RSS of the last quarter grew past the bound over the
 * first quarter after warm-up. Not in CI: `pnpm soak --minutes 30 --out ../docs/soak.md`.
 */
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rooms: { type: 'string', default: '10' },
    'sample-s': { type: 'string', default: '10' },
    'hostile-s': { type: 'string', default: '15' },
    out: { type: 'string' },
  },
})
const MINUTES = Number(args.minutes)
const ROOMS = Number(args.rooms)
const SAMPLE_MS = Number(args['sample-s']) * 1000
const HOSTILE_MS = Number(args['hostile-s']) * 1000
/** The RSS of the last quarter may exceed the first quarter's (after warm-up) by this much. */
const GROWTH_LIMIT = { ratio: 1.3, bytes: 64 * 1024 * 1024 }

process.env.ROOM_CREATE_MAX = '100000'
const server = await startNudge('soak')
const wsUrl = server.url.replace(/^http/, 'ws')

interface Room {
  id: string
  tokens: Record<'interviewer' | 'candidate' | 'observer', string>
}
async function createRoom(): Promise<Room> {
  const res = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  const json = (await res.json()) as { id: string; invites: Record<string, string> }
  const token = (u: string) => new URL(u).hash.replace('#token=', '')
  return { id: json.id, tokens: { interviewer: token(json.invites.interviewer!), candidate: token(json.invites.candidate!), observer: token(json.invites.observer!) } }
}
async function deleteRoom(room: Room): Promise<void> {
  await fetch(`${server.url}/api/rooms/${room.id}`, {
    method: 'DELETE', headers: { authorization: `Bearer ${room.tokens.interviewer}`, 'content-type': 'application/json' }, body: JSON.stringify({ confirm: room.id }),
  })
}

function provider(room: Room, role: keyof Room['tokens']) {
  const doc = new Y.Doc()
  const p = new WebsocketProvider(`${wsUrl}/yjs`, room.id, doc, {
    params: { token: room.tokens[role] }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 500,
  })
  return { doc, p, text: doc.getText('code'), close: () => (p.destroy(), doc.destroy()) }
}
const synced = (c: ReturnType<typeof provider>) => new Promise<void>((r) => (c.p.synced ? r() : c.p.once('sync', () => r())))

// Ordinary rooms: two typists each, a few characters a second, lines deleted now and then.
const typists: ReturnType<typeof provider>[] = []
for (let i = 0; i < ROOMS; i++) {
  const room = await createRoom()
  for (const role of ['interviewer', 'candidate'] as const) {
    const c = provider(room, role)
    await synced(c)
    typists.push(c)
  }
}
const typing = setInterval(() => {
  for (const c of typists) {
    if (c.text.length > 4000) c.text.delete(0, 200)
    c.text.insert(c.text.length, Math.random() < 0.1 ? '\n' : 'x')
  }
}, 250)

// The victim room: one edit a second, timed from insert to arrival on the other client.
const victimRoom = await createRoom()
const writer = provider(victimRoom, 'interviewer')
const reader = provider(victimRoom, 'candidate')
await Promise.all([synced(writer), synced(reader)])
let latencies: number[] = []
let probe = 0
const probing = setInterval(() => {
  const mark = `#${++probe};`
  const at = performance.now()
  const check = () => {
    if (reader.text.toString().includes(mark)) {
      latencies.push(performance.now() - at)
      reader.text.unobserve(check)
    }
  }
  reader.text.observe(check)
  if (writer.text.length > 2000) writer.text.delete(0, 1000)
  writer.text.insert(writer.text.length, mark)
}, 1000)

// Hostile clients, one kind after another.
function rawSocket(room: Room, role: keyof Room['tokens']): Promise<WebSocket> {
  const ws = new WebSocket(`${wsUrl}/yjs/${room.id}?token=${room.tokens[role]}`)
  ws.on('error', () => {})
  return new Promise((resolve) => ws.once('open', () => resolve(ws)))
}
function pendingBomb(structs: number, chunk: number): Uint8Array[] {
  const d = new Y.Doc()
  const updates: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => updates.push(u))
  d.getText('code').insert(0, 'x')
  for (let i = 0; i < structs; i++) d.getText('code').insert(0, 'y'.repeat(chunk))
  return updates.slice(1)
}
function fragmented(items: number): Uint8Array {
  const d = new Y.Doc()
  for (let i = 0; i < items; i++) d.getText('code').insert(0, 'f')
  return Y.encodeStateAsUpdate(d)
}

const HOSTILES: Record<string, (room: Room) => Promise<void>> = {
  'pending bomb': async (room) => {
    const ws = await rawSocket(room, 'candidate')
    for (const u of pendingBomb(100, 4000)) if (ws.readyState === ws.OPEN) ws.send(syncMessage(2, u))
    setTimeout(() => ws.terminate(), 2000)
  },
  'fragmented document': async (room) => {
    // Two frames of 60,000 one-character items (each under the 1 MiB frame limit): together
    // past the 100,000-struct cap, so the second is refused.
    const ws = await rawSocket(room, 'candidate')
    ws.send(syncMessage(2, fragmented(60_000)))
    ws.send(syncMessage(2, fragmented(60_000)))
    setTimeout(() => ws.terminate(), 2000)
  },
  'awareness flood': async (room) => {
    const ws = await rawSocket(room, 'observer')
    for (let i = 1; i <= 500; i++) ws.send(awarenessMessage(999, i, { user: { name: 'x'.repeat(3000) } }))
    setTimeout(() => ws.terminate(), 2000)
  },
  'never reads': async (room) => {
    const ws = await rawSocket(room, 'observer')
    ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const step1 = syncMessage(0, new Uint8Array([0]))
    for (let i = 0; i < 300; i++) ws.send(step1)
    setTimeout(() => ws.terminate(), 5000)
  },
}
const kinds = Object.keys(HOSTILES)
let hostileCount = 0
const hostile = setInterval(() => {
  const kind = kinds[hostileCount++ % kinds.length]!
  void (async () => {
    const room = await createRoom()
    await HOSTILES[kind]!(room)
    // Room churn: each hostile room is deleted a little later.
    setTimeout(() => void deleteRoom(room), 8000)
  })().catch((err: unknown) => console.error(`hostile ${kind}:`, err))
}, HOSTILE_MS)

// Samples.
const rssOf = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) * 1024
const MiB = (b: number) => (b / 1048576).toFixed(1)
const samples: { t: number; rss: number; p50: number; p95: number; hostiles: number }[] = []
const started = Date.now()
console.log('min  rss MiB  victim p50 ms  victim p95 ms  hostile clients so far')
await new Promise<void>((done) => {
  const sampling = setInterval(() => {
    const t = (Date.now() - started) / 60_000
    const s = { t, rss: rssOf(), p50: pct(latencies, 50), p95: pct(latencies, 95), hostiles: hostileCount }
    latencies = []
    samples.push(s)
    console.log(`${t.toFixed(1).padStart(4)}  ${MiB(s.rss).padStart(7)}  ${s.p50.toFixed(1).padStart(13)}  ${s.p95.toFixed(1).padStart(13)}  ${String(s.hostiles).padStart(6)}`)
    if (t >= MINUTES) {
      clearInterval(sampling)
      done()
    }
  }, SAMPLE_MS)
})
for (const t of [typing, probing, hostile]) clearInterval(t)

// Verdict: the first quarter after warm-up (the first fifth) against the last quarter.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
const after = samples.filter((s) => s.t >= MINUTES / 5)
const q = Math.max(1, Math.floor(after.length / 4))
const first = median(after.slice(0, q).map((s) => s.rss))
const last = median(after.slice(-q).map((s) => s.rss))
const grew = last > first * GROWTH_LIMIT.ratio && last - first > GROWTH_LIMIT.bytes
const verdict = `RSS ${MiB(first)} MiB (first quarter after warm-up) → ${MiB(last)} MiB (last quarter): ${grew ? 'GROWTH past the bound' : 'bounded'}`
console.log(verdict)

if (args.out) {
  const every = Math.max(1, Math.floor(samples.length / 30))
  const rows = samples.filter((_, i) => i % every === 0 || i === samples.length - 1)
  writeFileSync(args.out, [
    '# Soak figures (issue #15)',
    '',
    `\`pnpm soak --minutes ${MINUTES} --rooms ${ROOMS}\` on ${new Date().toISOString().slice(0, 10)}: one Nudge process (SQLite), ${ROOMS} rooms with two`,
    'typists each (4 characters a second per typist), a victim room timing one edit a second from insert to arrival,',
    `and every ${HOSTILE_MS / 1000} s a hostile client in a new room, in turn: ${kinds.join(', ')}; each hostile room is deleted 8 s later.`,
    'Generated by tests/bench/soak.ts; the machine is shared (2 cores), so latency figures include other load.',
    '',
    `**${verdict}** (bound: ×${GROWTH_LIMIT.ratio} and +${MiB(GROWTH_LIMIT.bytes)} MiB).`,
    '',
    '| minute | server RSS (MiB) | victim edit p50 (ms) | victim edit p95 (ms) | hostile clients so far |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map((s) => `| ${s.t.toFixed(1)} | ${MiB(s.rss)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.hostiles} |`),
    '',
  ].join('\n'))
}
for (const c of [...typists, writer, reader]) c.close()
server.stop()
process.exit(grew ? 1 : 0)
