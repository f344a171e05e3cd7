import { describe, expect, it } from 'vitest'
import type { ErrorBody, Participant, RoomState } from '@nudge/shared'
import { command, newParticipantId, roomSocket } from '../utils/clients.ts'
import { startServer } from '../utils/server.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'

describe('rooms over HTTP', () => {
  it('creates a room with three invite links whose secrets are in the fragment', async () => {
    const s = await startServer({ env: { PUBLIC_URL: 'https://nudge.example.org' } })
    const res = await fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Arrays","language":"go"}' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; invites: Record<string, string> }
    expect(Object.keys(body.invites).sort()).toEqual(['candidate', 'interviewer', 'observer'])
    const secrets = new Set<string>()
    for (const url of Object.values(body.invites)) {
      const u = new URL(url)
      expect(u.origin + u.pathname).toBe(`https://nudge.example.org/r/${body.id}`)
      expect(u.search).toBe('')
      const token = u.hash.replace('#token=', '')
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16) // ≥128 bits
      secrets.add(token)
    }
    expect(secrets.size).toBe(3)
    // Stored hashed: no secret appears in the database file.
    await s.app.store.ping()
    const { readFileSync } = await import('node:fs')
    const db = readFileSync(`${s.dataDir}/nudge.db`).toString('latin1') + readFileSync(`${s.dataDir}/nudge.db-wal`).toString('latin1')
    for (const secret of secrets) expect(db).not.toContain(secret)
  })

  it('accepts an empty body and rejects invalid JSON and values with a clear error', async () => {
    const s = await startServer()
    expect((await fetch(`${s.url}/api/rooms`, { method: 'POST' })).status).toBe(201)
    const bad = await fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).code).toBe('BAD_REQUEST')
    const lang = await fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"language":"cobol"}' })
    expect(lang.status).toBe(400)
    expect(((await lang.json()) as ErrorBody).message).toMatch(/language/)
    const huge = await fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(300_000) }) })
    expect(huge.status).toBe(413)
  })

  it('serves health, readiness and OpenAPI', async () => {
    const s = await startServer()
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200)
    const api = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> }
    expect(api.paths['/api/rooms']).toBeDefined()
  })
})

describe('room events over Socket.IO', () => {
  it('authenticates in the handshake and tells each socket its role from the secret', async () => {
    const s = await startServer()
    const room = await s.createRoom({ title: 'Graphs' })
    const cand = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    const state = await nextEvent<RoomState>(cand, 'room:state')
    expect(state.room).toMatchObject({ id: room.id, title: 'Graphs' })
    expect(state.you).toMatchObject({ name: 'Ada', role: 'candidate', online: true })
    const obs = roomSocket(s.url, room.id, room.tokens.observer, 'Olu')
    expect((await nextEvent<RoomState>(obs, 'room:state')).you.role).toBe('observer')
  })

  it('refuses a wrong secret, a secret of another room and an old protocol', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const other = await s.createRoom()
    const err = async (token: string, extra: object = {}) => {
      const { io } = await import('socket.io-client')
      const sock = io(s.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { roomId: room.id, token, participantId: newParticipantId(), name: 'X', protocol: 1, ...extra } })
      try {
        const e = await nextEvent<Error & { data: ErrorBody }>(sock, 'connect_error')
        return e.data.code
      } finally {
        sock.disconnect()
      }
    }
    expect(await err('not-the-secret-at-all-no')).toBe('UNAUTHORIZED')
    expect(await err(other.tokens.candidate)).toBe('FORBIDDEN')
    expect(await err(room.tokens.candidate, { protocol: 0 })).toBe('PROTOCOL_TOO_OLD')
    expect(await err(room.tokens.candidate, { name: '' })).toBe('UNAUTHORIZED')
  })

  it('shows who is there, online or not, and renames', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const a = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(a, 'room:state')
    const seen: Participant[] = []
    a.on('presence:updated', (p) => seen.push(p))
    const b = roomSocket(s.url, room.id, room.tokens.interviewer, 'Bea')
    const bState = await nextEvent<RoomState>(b, 'room:state')
    expect(bState.participants.map((p) => [p.name, p.role, p.online]).sort()).toEqual([['Ada', 'candidate', true], ['Bea', 'interviewer', true]])
    await waitFor(() => seen.find((p) => p.name === 'Bea' && p.online), 'a sees b arrive')
    const renamed = await command(b, 'presence:rename', { name: 'Beatrice' })
    expect(renamed).toMatchObject({ ok: true, data: { name: 'Beatrice', role: 'interviewer' } })
    await waitFor(() => seen.find((p) => p.name === 'Beatrice'), 'a sees the rename')
    b.disconnect()
    await waitFor(() => seen.find((p) => p.name === 'Beatrice' && !p.online), 'a sees b leave')
    // Each distinct participant got a distinct colour.
    expect(new Set(bState.participants.map((p) => p.color)).size).toBe(2)
  })

  it('answers an invalid payload with BAD_REQUEST and survives junk and oversize packets', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const a = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(a, 'room:state')
    const bad = await command(a, 'presence:rename', { name: 42 } as never)
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const empty = await command(a, 'presence:rename', { name: '   ' })
    expect(empty.ok).toBe(false)
    // No ack callback, unknown events: ignored, connection stays.
    ;(a.emit as (ev: string, ...args: unknown[]) => void)('presence:rename', { name: 'x' })
    ;(a.emit as (ev: string, ...args: unknown[]) => void)('no:such:event', 1, 2, 3)
    expect((await command(a, 'clock:ping', { clientSentAt: 1 })).ok).toBe(true)
    // An oversize packet closes only that connection.
    const big = roomSocket(s.url, room.id, room.tokens.interviewer, 'Big')
    await nextEvent(big, 'room:state')
    const gone = nextEvent(big, 'disconnect')
    ;(big.emit as (ev: string, ...args: unknown[]) => void)('presence:rename', { name: 'x'.repeat(200_000) }, () => {})
    await gone
    expect((await command(a, 'clock:ping', { clientSentAt: 2 })).ok).toBe(true)
  })

  it('answers a flood of commands from one connection with RATE_LIMITED, keeping the connection and others', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const flood = roomSocket(s.url, room.id, room.tokens.candidate, 'Flood')
    const calm = roomSocket(s.url, room.id, room.tokens.interviewer, 'Calm')
    await Promise.all([nextEvent(flood, 'room:state'), nextEvent(calm, 'room:state')])
    const replies = await Promise.all(Array.from({ length: 150 }, (_, i) => command(flood, 'clock:ping', { clientSentAt: i })))
    const limited = replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length
    expect(limited).toBeGreaterThan(50)
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(60)
    // Other connections are unaffected; the flooding one recovers once it slows down.
    expect((await command(calm, 'clock:ping', { clientSentAt: 1 })).ok).toBe(true)
    await waitFor(async () => (await command(flood, 'clock:ping', { clientSentAt: 1 })).ok, 'flooding connection served again')
    expect(flood.connected).toBe(true)
  })
})

describe('participants', () => {
  it('are one per browser and invite: two links opened in one browser are two people', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const browser = newParticipantId()
    const a = roomSocket(s.url, room.id, room.tokens.candidate, 'Me as candidate', browser)
    await nextEvent(a, 'room:state')
    const b = roomSocket(s.url, room.id, room.tokens.interviewer, 'Me as interviewer', browser)
    const state = await nextEvent<RoomState>(b, 'room:state')
    expect(state.participants.map((p) => p.role).sort()).toEqual(['candidate', 'interviewer'])
    // The same browser on the same link again is the same participant.
    const again = roomSocket(s.url, room.id, room.tokens.candidate, 'Me as candidate', browser)
    const third = await nextEvent<RoomState>(again, 'room:state')
    expect(third.participants).toHaveLength(2)
    expect(third.you.id).toBe(state.participants.find((p) => p.role === 'candidate')!.id)
  })
})
