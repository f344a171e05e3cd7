import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { io } from 'socket.io-client'
import { PROTOCOL_VERSION } from '@nudge/shared'
import { command, newParticipantId, roomSocket, type ClientSocket } from '../utils/clients.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'

/** Resolves 'connected' or the connect_error's message; the socket stays open until the test ends. */
function outcome(socket: ClientSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('neither connected nor refused')), 5000)
    socket.once('connect', () => (clearTimeout(t), resolve('connected')))
    socket.once('connect_error', (err) => (clearTimeout(t), resolve(err.message)))
  })
}

describe('hostile clients: Socket.IO connections and budgets (finding 6)', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer({ shared: true, env: { SEAT_MAX_CONNECTIONS: '12', ROOM_MAX_PARTICIPANTS: '14' } })
  })
  afterAll(() => s.stop())

  it('caps connections per invite link, with a clear error; a closed one frees its slot', async () => {
    const room = await s.createRoom()
    const olu = newParticipantId()
    const sockets = Array.from({ length: 12 }, () => roomSocket(s.url, room.id, room.tokens.observer, 'Olu', olu))
    expect(await Promise.all(sockets.map(outcome))).toEqual(Array(12).fill('connected'))
    const extra = roomSocket(s.url, room.id, room.tokens.observer, 'Olu', olu)
    expect(await outcome(extra)).toMatch(/too many tabs/)
    // Other links of the room are not affected.
    expect(await outcome(roomSocket(s.url, room.id, room.tokens.candidate, 'Ada'))).toBe('connected')
    sockets[0]!.disconnect()
    await waitFor(async () => (await outcome(roomSocket(s.url, room.id, room.tokens.observer, 'Olu', olu))) === 'connected', 'a freed slot')
  })

  it('shares one command budget among all connections of a link', async () => {
    const room = await s.createRoom()
    const olu = newParticipantId()
    const sockets = Array.from({ length: 10 }, () => roomSocket(s.url, room.id, room.tokens.observer, 'Olu', olu))
    await Promise.all(sockets.map(outcome))
    const t0 = Date.now()
    // 10 × 50 commands: each connection stays inside its own burst (60), the link does not.
    const acks = await Promise.all(sockets.flatMap((c) => Array.from({ length: 50 }, () => command(c, 'call:config', {}))))
    const seconds = (Date.now() - t0) / 1000
    const accepted = acks.filter((a) => a.ok).length
    expect(acks.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true)
    // The link's burst (90) plus what refills (30/s) while the commands are answered.
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThanOrEqual(90 + Math.ceil(30 * seconds) + 1)
  })

  it('caps the participants a room records; a known participant still gets in', async () => {
    const room = await s.createRoom()
    const ids = Array.from({ length: 14 }, () => newParticipantId())
    for (const id of ids) {
      const c = roomSocket(s.url, room.id, room.tokens.observer, 'Olu', id)
      await nextEvent(c, 'room:state')
      c.disconnect()
    }
    const stranger = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada', newParticipantId())
    expect(await outcome(stranger)).toMatch(/limit of 14 participants/)
    expect(await outcome(roomSocket(s.url, room.id, room.tokens.observer, 'Olu', ids[0]))).toBe('connected')
  })

  it('closes a transport that never authenticates, or only fails to', async () => {
    const s = await startServer({ env: { SOCKET_CONNECT_TIMEOUT_MS: '500' } })
    const silent = new WebSocket(`${s.wsUrl}/socket.io/?EIO=4&transport=websocket`)
    const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()))
    const t0 = Date.now()
    await silentClosed
    expect(Date.now() - t0).toBeLessThan(3000)

    const room = await s.createRoom()
    const wrong = io(s.url, {
      transports: ['websocket'],
      auth: { roomId: room.id, token: 'wrong-secret-wrong-secret', participantId: newParticipantId(), name: 'X', protocol: PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
    })
    expect(await outcome(wrong as ClientSocket)).toMatch(/not valid/)
    // The engine.io transport stays open after a refused CONNECT until the timeout closes it.
    await waitFor(() => wrong.io.engine?.readyState === 'closed' || wrong.io.engine === undefined, 'transport closed', 3000)
    wrong.close()
  })
})
