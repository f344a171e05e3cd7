/**
 * Cohort figures (docs/cohorts.md): a cohort of N students on one node (SQLite): time to create a
 * session's rooms, the dashboard's response time and size while every student of the round is
 * connected and every room's candidate types (one keystroke per `--type-ms` per room over the Yjs
 * WebSocket), the clock of every room started together, and the export's time. Smoke size by
 * default (40 students); `--students 200` for the size.
 *
 *   pnpm bench:cohort [--students 40] [--rounds 3] [--samples 30] [--type-ms 1000] [--out docs/cohorts.md]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AddressInfo } from 'node:net'
import { io as ioClient, type Socket } from 'socket.io-client'
import * as Y from 'yjs'
import { RawClient } from './clients/raw.ts'
import { buildApp } from '@nudge/server'
import { loadConfig } from '@nudge/server/config.ts'
import { PROTOCOL_VERSION, type Dashboard, type Session, type Student } from '@nudge/shared'
import { renderCohortReport } from './cohort-report.ts'

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '3' },
    samples: { type: 'string', default: '30' },
    'type-ms': { type: 'string', default: '1000' },
    out: { type: 'string', default: 'docs/cohorts.md' },
  },
})
const students = Number(values.students)
const rounds = Number(values.rounds)
const samples = Number(values.samples)
const typeMs = Number(values['type-ms'])
const ADMIN = 'bench-admin-token-0123456789'

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

const dataDir = mkdtempSync(join(tmpdir(), 'nudge-bench-cohort-'))
const app = await buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN }), { logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
const sockets: Socket[] = []
const typists: RawClient[] = []
const timers: ReturnType<typeof setInterval>[] = []
let keystrokes = 0
let typingErrors = 0
try {
  const created = await (await fetch(`${base}/api/cohorts`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ name: 'Bench' }),
  })).json() as { id: string; organizer: string }
  const key = new URL(created.organizer).hash.replace('#key=', '')
  const call = (method: string, path: string, body?: string, type = 'application/json') =>
    fetch(`${base}/api/cohorts/${created.id}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': type } : {}) }, body })

  const csv = 'name,email\n' + Array.from({ length: students }, (_, i) => `Student ${i + 1},s${i + 1}@example.org`).join('\n')
  let t0 = process.hrtime.bigint()
  const imported = await call('POST', '/students', csv, 'text/csv')
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${await imported.text()}`)
  const importMs = ms(t0)
  const roster = ((await imported.json()) as { students: Student[] }).students

  t0 = process.hrtime.bigint()
  const res = await call('POST', '/sessions', JSON.stringify({ rounds }))
  const session = (await res.json()) as Session
  const createMs = ms(t0)
  const rooms = session.rounds.flat().length

  // Everyone seated in round 1 connects to their room, as they would in the morning.
  const byId = new Map(roster.map((s) => [s.id, s]))
  const ready: Promise<void>[] = []
  for (const seat of session.rounds[0]!) {
    for (const id of [seat.interviewer, seat.candidate, seat.observer].filter(Boolean) as string[]) {
      const me = await (await fetch(`${base}/api/cohorts/${created.id}/me`, { headers: { authorization: `Bearer ${new URL(byId.get(id)!.link).hash.replace('#key=', '')}` } })).json() as { roomUrl: string }
      const u = new URL(me.roomUrl)
      if (id === seat.candidate) {
        // The candidate types in the room's document: modest, steady load in every room.
        const doc = new Y.Doc()
        const ws = `${base.replace('http', 'ws')}/yjs/${u.pathname.split('/').pop()}?token=${u.hash.replace('#token=', '')}`
        const c = new RawClient(ws, doc, { error: () => void typingErrors++ })
        c.connect()
        typists.push(c)
        ready.push(c.synced())
      }
      const socket = ioClient(base, {
        transports: ['websocket'], forceNew: true, reconnection: false,
        auth: { roomId: u.pathname.split('/').pop(), token: u.hash.replace('#token=', ''), participantId: `bench${id}`.slice(0, 40), name: byId.get(id)!.name, protocol: PROTOCOL_VERSION },
      })
      sockets.push(socket)
      // Listen at once: the state can arrive while the next student's link is being resolved.
      ready.push(new Promise<void>((resolve, reject) => {
        socket.once('interview:state', () => resolve())
        socket.once('connect_error', reject)
      }))
    }
  }
  await Promise.all(ready)
  for (const [i, c] of typists.entries()) {
    // Spread over the interval so the keystrokes do not all land at once.
    setTimeout(() => timers.push(setInterval(() => {
      c.doc!.getText('code').insert(0, 'x')
      keystrokes++
    }, typeMs)), (i * typeMs) / typists.length)
  }
  // Start every room's clock together, as the organizer would.
  t0 = process.hrtime.bigint()
  const clocks = (await (await call('POST', '/clock', JSON.stringify({ action: 'start' }))).json()) as { changed: number }
  const clockAllMs = ms(t0)
  await new Promise((r) => setTimeout(r, typeMs))
  const typingFrom = keystrokes
  const typingT0 = process.hrtime.bigint()

  const times: number[] = []
  let bytes = 0
  let online = 0
  for (let i = 0; i < samples; i++) {
    t0 = process.hrtime.bigint()
    const r = await call('GET', '/dashboard')
    const text = await r.text()
    times.push(ms(t0))
    bytes = Buffer.byteLength(text)
    online = (JSON.parse(text) as Dashboard).rooms.reduce((n, x) => n + Number(x.interviewer.online) + Number(x.candidate.online) + Number(x.observer?.online ?? 0), 0)
    // Spaced like a page refreshing (faster than its 2 s), so the typing window is several seconds long.
    await new Promise((r) => setTimeout(r, 200))
  }

  const typingRate = (keystrokes - typingFrom) / (ms(typingT0) / 1000)
  for (const t of timers) clearInterval(t)

  t0 = process.hrtime.bigint()
  const exp = await call('GET', '/export.csv')
  const exportBytes = Buffer.byteLength(await exp.text())
  const exportMs = ms(t0)

  const result = {
    students, rounds, rooms, roomsPerRound: session.rounds[0]!.length, connected: sockets.length, online, samples,
    typing: typists.length, typeMs, typingRate, typingErrors, clockAllMs, clocksStarted: clocks.changed,
    importMs, createMs, dashboardP50: pct(times, 50), dashboardP95: pct(times, 95), dashboardBytes: bytes, exportMs, exportBytes,
    node: process.version, date: new Date().toISOString().slice(0, 10),
  }
  console.log(result)
  writeFileSync(values.out!, renderCohortReport(result))
  console.log(`wrote ${values.out}`)
} finally {
  for (const t of timers) clearInterval(t)
  for (const c of typists) c.destroy()
  for (const s of sockets) s.disconnect()
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })
}
