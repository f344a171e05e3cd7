import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import { PROTOCOL_VERSION } from '@nudge/shared'
import { newParticipantId } from '../utils/clients.ts'
import { upgradeStatus } from '../utils/raw.ts'
import { startServer, type TestServer } from '../utils/server.ts'

/** Resolves 'connected', or the connect_error's message. */
function socketOutcome(s: TestServer, roomId: string, token: string, headers: Record<string, string>): Promise<string> {
  const socket = io(s.url, {
    transports: ['websocket'],
    auth: { roomId, token, participantId: newParticipantId(), name: 'Origin', protocol: PROTOCOL_VERSION },
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  })
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'))
    socket.once('connect_error', (err) => resolve(err.message))
  }).finally(() => socket.disconnect()) as Promise<string>
}

const post = (s: TestServer, headers: Record<string, string>) =>
  fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })

// DNS rebinding: evil.example resolves to the server, so the browser sends Origin and Host both evil.example.
const REBOUND = { Origin: 'http://evil.example', Host: 'evil.example' }

describe('hostile clients: Origin (finding 9), no PUBLIC_URL', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer({ shared: true })
  })
  afterAll(() => s.stop())

  it('links carry the bound port, never port 0', async () => {
    const room = await s.createRoom()
    expect(new URL(room.invites.candidate).origin).toBe(`http://localhost:${s.port}`)
    expect(s.app.site.url).toBe(`http://localhost:${s.port}`)
  })

  it('refuses a rebound Origin on /yjs and /socket.io upgrades, and accepts the loopback origins', async () => {
    const room = await s.createRoom()
    const yjs = `${s.wsUrl}/yjs/${room.id}?token=${room.tokens.candidate}`
    expect(await upgradeStatus(yjs, REBOUND)).toBe(403)
    expect(await upgradeStatus(`${s.wsUrl}/socket.io/?EIO=4&transport=websocket`, REBOUND)).toBe(403)
    expect(await upgradeStatus(yjs, { Origin: `http://localhost:${s.port}` })).toBe(101)
    expect(await upgradeStatus(yjs, { Origin: s.url })).toBe(101)
    expect(await socketOutcome(s, room.id, room.tokens.candidate, REBOUND)).not.toBe('connected')
    expect(await socketOutcome(s, room.id, room.tokens.candidate, { Origin: s.url })).toBe('connected')
    // A loopback name on another port is another site.
    expect(await upgradeStatus(yjs, { Origin: `http://127.0.0.1:${s.port + 1}` })).toBe(403)
  })

  it('refuses state-changing HTTP requests from a foreign origin with 403 FORBIDDEN; reads and non-browsers pass', async () => {
    const refused = await post(s, { Origin: 'http://evil.example' })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('PUBLIC_URL') })
    expect((await post(s, { Origin: s.url })).status).toBe(201)
    expect((await post(s, {})).status).toBe(201)
    expect((await fetch(`${s.url}/healthz`, { headers: { Origin: 'http://evil.example' } })).status).toBe(200)
  })
})

describe('hostile clients: Origin (finding 9), PUBLIC_URL and ALLOWED_ORIGINS', () => {
  it('allows only PUBLIC_URL’s origin and the listed ones', async () => {
    const s = await startServer({ env: { PUBLIC_URL: 'https://nudge.example.org/', ALLOWED_ORIGINS: 'https://staging.example.org, http://127.0.0.1:9' } })
    const room = await s.createRoom()
    const yjs = `${s.wsUrl}/yjs/${room.id}?token=${room.tokens.candidate}`
    expect(await upgradeStatus(yjs, { Origin: 'https://nudge.example.org' })).toBe(101)
    expect(await upgradeStatus(yjs, { Origin: 'https://staging.example.org' })).toBe(101)
    expect(await upgradeStatus(yjs, { Origin: 'http://127.0.0.1:9' })).toBe(101)
    // The server's own address is not trusted once PUBLIC_URL names the site.
    expect(await upgradeStatus(yjs, { Origin: s.url })).toBe(403)
    expect(await upgradeStatus(yjs, { Origin: 'https://nudge.example.org.evil.example', Host: 'nudge.example.org.evil.example' })).toBe(403)
    expect((await post(s, { Origin: 'https://nudge.example.org' })).status).toBe(201)
    expect((await post(s, { Origin: s.url })).status).toBe(403)
  })
})
