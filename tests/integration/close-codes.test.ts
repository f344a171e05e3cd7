import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { io } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { CLOSE, HANDSHAKE_REFUSALS, PROTOCOL_VERSION, YJS_REFUSALS, isHandshakeRefusal, isYjsRefusal } from '@nudge/shared'
import { command, newParticipantId, roomSocket } from '../utils/clients.ts'
import { rawYjs } from '../utils/raw.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { nextEvent } from '../utils/wait.ts'

/**
 * Issue #14.20: the server ends or refuses realtime connections only in the ways shared/src/
 * close-codes.ts lists — Yjs close codes, Yjs upgrade refusals (and the same answer to a plain
 * GET of the address, which is how a browser learns why), Socket.IO handshake refusals.
 */

const CLOSE_CODES = new Set<number>(Object.values(CLOSE))

/** The HTTP status and JSON body an upgrade was refused with, or status 101 if it opened. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { code: string; message: string } | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => {
      ws.terminate()
      resolve({ status: 101, body: null })
    })
    ws.once('unexpected-response', (_req, res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    ws.once('error', () => {})
  })
}

async function ticketFor(s: TestServer, roomId: string, token: string): Promise<string> {
  const socket = roomSocket(s.url, roomId, token, 'Ada')
  await nextEvent(socket, 'room:state')
  const ack = await command(socket, 'collab:ticket', {})
  if (!ack.ok) throw new Error(ack.error.message)
  return ack.data.ticket
}

describe('Yjs upgrade refusals (#14.20)', () => {
  it('refuses only with YJS_REFUSALS, and a plain GET of the same address answers the same', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const other = await s.createRoom()
    const ticket = await ticketFor(s, room.id, room.tokens.candidate)
    const cases: Array<[string, string, Record<string, string>, keyof typeof YJS_REFUSALS]> = [
      ['no credentials', `/yjs/${room.id}`, {}, 'UNAUTHORIZED'],
      ['a forged ticket', `/yjs/${room.id}?ticket=forged`, {}, 'UNAUTHORIZED'],
      ['a wrong invite secret', `/yjs/${room.id}?token=not-a-secret`, {}, 'UNAUTHORIZED'],
      ["another room's invite", `/yjs/${room.id}?token=${other.tokens.candidate}`, {}, 'FORBIDDEN'],
      ["another room's ticket", `/yjs/${other.id}?ticket=${ticket}`, {}, 'FORBIDDEN'],
      ['a foreign origin', `/yjs/${room.id}?ticket=${ticket}`, { origin: 'http://evil.example' }, 'FORBIDDEN'],
      ['a malformed room id', `/yjs/not%20a%20room?ticket=${ticket}`, {}, 'NOT_FOUND'],
      ['an unknown document', `/yjs/${room.id}/notes?ticket=${ticket}`, {}, 'NOT_FOUND'],
    ]
    for (const [what, path, headers, code] of cases) {
      const refused = await upgrade(`${s.wsUrl}${path}`, headers)
      expect(refused.body?.code, what).toBe(code)
      expect(refused.status, what).toBe(YJS_REFUSALS[code])
      const checked = await fetch(`${s.url}${path}`, { headers })
      expect(checked.status, `GET: ${what}`).toBe(YJS_REFUSALS[code])
      expect(checked.headers.get('cache-control')).toBe('no-store')
      const body = (await checked.json()) as { code: string; message: string }
      expect(body.code, `GET: ${what}`).toBe(code)
      expect(isYjsRefusal(body.code)).toBe(true)
    }
    // Accepted: the upgrade opens, and the plain GET says 204.
    expect((await upgrade(`${s.wsUrl}/yjs/${room.id}?ticket=${ticket}`)).status).toBe(101)
    expect((await fetch(`${s.url}/yjs/${room.id}?ticket=${ticket}&nudge=1`)).status).toBe(204)
    expect((await fetch(`${s.url}/yjs/${room.id}/board?ticket=${ticket}`)).status).toBe(204)
  })
})

describe('Yjs close codes (#14.20)', () => {
  it('closes open connections only with CLOSE codes: malformed, too big, room deleted, shutdown', async () => {
    const s = await startServer()
    const seen: number[] = []
    const room = await s.createRoom()

    const bad = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await bad.opened
    bad.ws.send(new Uint8Array([250, 1, 2]))
    seen.push((await bad.closed).code)

    const big = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await big.opened
    big.ws.send(new Uint8Array(2 * 1024 * 1024))
    seen.push((await big.closed).code)

    const gone = await s.createRoom()
    const deleted = rawYjs(s.wsUrl, gone.id, `token=${gone.tokens.candidate}`)
    await deleted.opened
    const del = await fetch(`${s.url}/api/rooms/${gone.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gone.tokens.interviewer}` },
      body: JSON.stringify({ confirm: gone.id }),
    })
    expect(del.status).toBe(204)
    seen.push((await deleted.closed).code)

    const last = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await last.opened
    await s.stop()
    seen.push((await last.closed).code)

    expect(seen).toEqual([CLOSE.malformed, CLOSE.messageTooBig, CLOSE.notFound, CLOSE.goingAway])
    for (const code of seen) expect(CLOSE_CODES.has(code)).toBe(true)
  })

  it('the server source closes Yjs connections only through the shared CLOSE list', () => {
    // Types hold Session.close to CloseCode; this catches a literal slipped in around them.
    const root = fileURLToPath(new URL('../../server/src/', import.meta.url))
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []))
    const literal = /\.(close|destroy)\(\s*\d{4}\b/
    const offenders = files(root).filter((f) => literal.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
})

describe('Socket.IO handshake refusals (#14.20)', () => {
  const refusal = (s: TestServer, auth: object) =>
    new Promise<{ code: string; message: string }>((resolve) => {
      const socket = io(s.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true })
      socket.once('connect_error', (err) => {
        socket.disconnect()
        resolve((err as Error & { data: { code: string; message: string } }).data)
      })
    })

  it('refuses only with HANDSHAKE_REFUSALS', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const other = await s.createRoom()
    const base = { roomId: room.id, participantId: newParticipantId(), name: 'Ada', protocol: PROTOCOL_VERSION }
    const cases: Array<[string, object, keyof typeof HANDSHAKE_REFUSALS]> = [
      ['no auth', {}, 'UNAUTHORIZED'],
      ['a wrong invite secret', { ...base, token: 'not-a-secret-0123456789' }, 'UNAUTHORIZED'],
      ["another room's invite", { ...base, token: other.tokens.candidate }, 'FORBIDDEN'],
      ['a protocol too old', { ...base, token: room.tokens.candidate, protocol: 0 }, 'PROTOCOL_TOO_OLD'],
    ]
    for (const [what, auth, code] of cases) {
      const body = await refusal(s, auth)
      expect(body.code, what).toBe(code)
      expect(isHandshakeRefusal(body.code)).toBe(true)
    }
  })
})
