import { describe, expect, it } from 'vitest'
import { CHAT_CALL_LIMITS } from '@nudge/shared'
import { interviewRoom, join, type Participant } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { createRoom, startCluster } from '../utils/scale.ts'

const idOf = (p: Participant) => (p.events.find((e) => e.event === 'room:state')!.arg as { you: { id: string } }).you.id
const offer = (sdp = 'v=0\r\na=sendrecv\r\n') => ({ kind: 'description' as const, description: { type: 'offer' as const, sdp } })

describe('call signalling', () => {
  it('relays only to the addressed participant in the call, from the server’s record of the sender', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    // A second room whose members must never hear anything of the first.
    const other = await interviewRoom(s)

    expect(await ivy.cmd('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: offer() })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const first = await ivy.ok('call:join', {})
    expect(first.members).toEqual([])
    const adaJoin = await ada.ok('call:join', {})
    expect(adaJoin.members).toMatchObject([{ id: idOf(ivy), role: 'interviewer' }])
    await ivy.waitEvent('call:joined', (m) => m.id === idOf(ada))
    await olu.ok('call:join', {})

    await ivy.ok('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: offer() })
    const got = await ada.waitEvent('call:signalled')
    expect(got.from).toMatchObject({ id: idOf(ivy), name: 'Ivy', role: 'interviewer', session: ivy.socket.id })
    // The same participant id in another room reaches nobody there: rooms are from the sender's record.
    await other.ivy.ok('call:join', {})
    await other.ivy.ok('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: offer() })
    await ivy.ok('call:signal', { to: idOf(olu), session: olu.socket.id!, signal: { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } } })
    await olu.waitEvent('call:signalled')
    expect(ada.count('call:signalled')).toBe(1)
    expect(olu.count('call:signalled')).toBe(1)
    expect(ivy.count('call:signalled') + other.ada.count('call:signalled') + other.olu.count('call:signalled')).toBe(0)
    expect(other.ivy.count('call:joined')).toBe(0)

    // Oversize SDP and an observer trying to send media are refused; nothing is relayed.
    expect(await ada.cmd('call:signal', { to: idOf(ivy), session: ivy.socket.id!, signal: offer('x'.repeat(CHAT_CALL_LIMITS.sdpBytes + 1)) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await olu.cmd('call:signal', { to: idOf(ivy), session: ivy.socket.id!, signal: offer() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // A receive-only answer from the observer is fine.
    await olu.ok('call:signal', { to: idOf(ivy), session: ivy.socket.id!, signal: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\na=recvonly\r\n' } } })
    await ivy.waitEvent('call:signalled')
    expect(ivy.count('call:signalled')).toBe(1)

    // Leaving (or disconnecting) tells the others; the departed get no more signals.
    await ada.ok('call:leave', {})
    await ivy.waitEvent('call:left', (l) => l.id === idOf(ada))
    await ivy.ok('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: offer() })
    olu.socket.disconnect()
    await ivy.waitEvent('call:left', (l) => l.id === idOf(olu))
    await ivy.ok('call:join', {})
    expect(ada.count('call:signalled')).toBe(1)
  })

  it('lets an observer send media only while the interviewer allows it', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    for (const p of [ivy, ada, olu]) await p.ok('call:join', {})
    const toIvy = { to: idOf(ivy), session: ivy.socket.id! }
    expect(await olu.cmd('call:signal', { ...toIvy, signal: offer() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Only the interviewer decides, and only for an observer.
    expect(await ada.cmd('call:speaker', { participantId: idOf(olu), allowed: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('call:speaker', { participantId: idOf(olu), allowed: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('call:speaker', { participantId: idOf(ada), allowed: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ivy.cmd('call:speaker', { participantId: 'nobody-here-000', allowed: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    expect(await ivy.ok('call:speaker', { participantId: idOf(olu), allowed: true })).toEqual({ speakers: [idOf(olu)] })
    for (const p of [ada, olu]) await p.waitEvent('call:speakers', (e) => e.speakers.includes(idOf(olu)))
    expect((await ada.ok('call:state', {})).speakers).toEqual([idOf(olu)])
    await olu.ok('call:signal', { ...toIvy, signal: offer() })
    await ivy.waitEvent('call:signalled', (e) => e.from.id === idOf(olu))

    // Taken back: refused again, and the list survives as the room's state (a late joiner sees it).
    expect(await ivy.ok('call:speaker', { participantId: idOf(olu), allowed: false })).toEqual({ speakers: [] })
    await olu.waitEvent('call:speakers', (e) => e.speakers.length === 0)
    expect(await olu.cmd('call:signal', { ...toIvy, signal: offer() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(ivy.count('call:signalled')).toBe(1)
  })

  it('refuses a flood of ICE candidates with RATE_LIMITED and keeps the room working', async () => {
    const s = await startServer()
    const { ivy, ada } = await interviewRoom(s)
    await ivy.ok('call:join', {})
    await ada.ok('call:join', {})
    const cand = { kind: 'candidate' as const, candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } }
    // The per-connection command bucket (60) answers first for one socket; the seat bucket is
    // larger, so flood from the limit of what one connection may send, then check both bounds hold.
    const acks = await Promise.all(Array.from({ length: CHAT_CALL_LIMITS.signalBurst + 20 }, () => ivy.cmd('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: cand })))
    const refused = acks.filter((a) => !a.ok)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true)
    const relayed = acks.length - refused.length
    await ada.waitEvent('call:signalled')
    await ada.ok('chat:send', { text: 'still here' })
    expect(ada.count('call:signalled')).toBeLessThanOrEqual(relayed)
    expect(relayed).toBeLessThanOrEqual(CHAT_CALL_LIMITS.signalBurst)
  })

  it('gives TURN credentials only to participants, and the meeting link must be http(s)', async () => {
    const s = await startServer({ env: { TURN_URLS: 'stun:127.0.0.1:3478,turn:127.0.0.1:3478', TURN_SECRET: 'a-turn-secret-for-tests', TURN_TTL: '600' } })
    const { ivy, ada, olu } = await interviewRoom(s)
    const cfg = await olu.ok('call:config', {})
    expect(cfg.relay).toBe(true)
    expect(cfg.iceServers[1]!.username).toMatch(new RegExp(`^\\d+:${idOf(olu)}$`))
    expect(cfg.expiresAt! - Date.now()).toBeGreaterThan(590_000)

    expect(await ivy.cmd('call:mode', { mode: 'external', link: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ada.cmd('call:mode', { mode: 'external', link: 'https://meet.example.org/abc' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('call:mode', { mode: 'external', link: 'https://meet.example.org/abc' })
    expect(await ada.waitEvent('call:mode-changed')).toEqual({ mode: 'external', link: 'https://meet.example.org/abc' })
    expect((await olu.ok('call:state', {})).mode).toEqual({ mode: 'external', link: 'https://meet.example.org/abc' })
  })
})

describe('call signalling in scaled mode', () => {
  it('crosses nodes through the Redis adapter, and stays in its room', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const other = await createRoom(b!.url)
    const ivy = join(a!, room, 'interviewer', 'Ivy')
    const ada = join(b!, room, 'candidate', 'Ada')
    const eve = join(b!, other, 'interviewer', 'Eve')
    // Each participant's id comes with its room:state, which may arrive after interview:state.
    await Promise.all([ivy, ada, eve].flatMap((p) => [p.waitEvent('interview:state'), p.waitEvent('room:state')]))
    await ivy.ok('call:join', {})
    const joined = await ada.ok('call:join', {})
    expect(joined.members.map((m) => m.id)).toEqual([idOf(ivy)])
    await eve.ok('call:join', {})
    await ivy.waitEvent('call:joined', (m) => m.id === idOf(ada))

    await ada.ok('call:signal', { to: idOf(ivy), session: ivy.socket.id!, signal: offer() })
    expect((await ivy.waitEvent('call:signalled')).from.id).toBe(idOf(ada))
    await eve.ok('call:signal', { to: idOf(ivy), session: ivy.socket.id!, signal: offer() })
    const m = await ivy.ok('chat:send', { text: 'across nodes' })
    await ada.waitEvent('chat:sent', (x) => x.id === m.id)
    await ivy.ok('call:signal', { to: idOf(ada), session: ada.socket.id!, signal: offer() })
    await ada.waitEvent('call:signalled')
    expect(ivy.count('call:signalled')).toBe(1)
    expect(ivy.count('call:joined')).toBe(1)
  }, 120_000)
})
