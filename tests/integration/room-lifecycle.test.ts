import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE, type CreateLoopResponse } from '@nudge/shared'
import { command, roomSocket } from '../utils/clients.ts'
import { rawYjs } from '../utils/raw.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { fragmentSecret } from '../utils/cohorts.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'

const DAY = 24 * 3600 * 1000

const del = (s: TestServer, roomId: string, secret: string | null, body: unknown) =>
  fetch(`${s.url}/api/rooms/${roomId}`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: JSON.stringify(body),
  })

describe('hostile clients: room storage (finding 3)', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startServer({ shared: true, env: { ROOM_MAX_EVENTS: '100' } })
  })
  afterAll(() => s.stop())

  it('refuses what would take a room’s event log past its quota with a clear TOO_LARGE; the room keeps working', async () => {
    const room = await s.createRoom()
    const filler = Array.from({ length: 100 }, (_, i) => ({ roomId: room.id, type: 'test.filler', actor: 'x', payload: i, createdAt: Date.now() }))
    const before = (await s.app.store.roomUsage(room.id))!.events
    await s.app.store.commit({ events: filler.slice(0, 100 - before) })
    const ada = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    const ack = await command(ada, 'chat:send', { text: 'hello' })
    expect(ack).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('history is full') } })
    expect((await s.app.store.roomUsage(room.id))!.events).toBe(100)
    // Joining, presence and the document still work.
    const ivy = roomSocket(s.url, room.id, room.tokens.interviewer, 'Ivy')
    await nextEvent(ivy, 'room:state')
    const yjs = rawYjs(s.wsUrl, room.id, `token=${room.tokens.interviewer}`)
    await yjs.opened
  })

  it('lets the interviewer delete the room, with the id as confirmation: connections close, links stop working, data is gone', async () => {
    const room = await s.createRoom()
    const ada = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    await command(ada, 'chat:send', { text: 'about to vanish' })
    const yjs = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await yjs.opened

    expect((await del(s, room.id, null, { confirm: room.id })).status).toBe(401)
    expect((await del(s, room.id, room.tokens.candidate, { confirm: room.id })).status).toBe(403)
    expect((await del(s, room.id, room.tokens.observer, { confirm: room.id })).status).toBe(403)
    const unconfirmed = await del(s, room.id, room.tokens.interviewer, { confirm: 'another-room' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('confirm') })
    expect(await s.app.store.getRoom(room.id)).toBeDefined()

    const disconnected = nextEvent(ada, 'disconnect')
    expect((await del(s, room.id, room.tokens.interviewer, { confirm: room.id })).status).toBe(204)
    await disconnected
    expect((await yjs.closed).code).toBe(CLOSE.notFound)
    expect(await s.app.store.getRoom(room.id)).toBeUndefined()
    expect(await s.app.store.listEvents(room.id)).toEqual([])
    await waitFor(async () => (await s.app.store.loadDocument(room.id, 'code')).updates.length === 0 && (await s.app.store.loadDocument(room.id, 'board')).updates.length === 0, 'document rows gone')
    const check = await fetch(`${s.url}/api/rooms/${room.id}/invite`, { headers: { authorization: `Bearer ${room.tokens.interviewer}` } })
    expect(check.status).toBe(401)
  })
})

describe('room retention (finding 3)', () => {
  it('deletes rooms idle for ROOM_RETENTION_DAYS and keeps recent ones and rooms in use', async () => {
    const s = await startServer({ env: { ROOM_RETENTION_DAYS: '30' } })
    const old = await s.createRoom()
    const used = await s.createRoom()
    const ada = roomSocket(s.url, used.id, used.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    expect(await s.app.retention.sweep(Date.now() + 29 * DAY)).toBe(0)
    expect(await s.app.retention.sweep(Date.now() + 31 * DAY)).toBe(1)
    expect(await s.app.store.getRoom(old.id)).toBeUndefined()
    expect(await s.app.store.getRoom(used.id)).toBeDefined()
  })

  it('keeps a loop\'s stage rooms while the loop is open, and deletes them once it has been closed for the period', async () => {
    const s = await startServer({ env: { ROOM_RETENTION_DAYS: '30' } })
    const plain = await s.createRoom()
    const res = await fetch(`${s.url}/api/loops`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Loop', target: 'Acme', candidate: 'Ada', stages: [{ kind: 'coding', questionId: 'activity-streak', interviewer: 'Olu', minutes: 45 }] }),
    })
    expect(res.status).toBe(201)
    const loop = (await res.json()) as CreateLoopResponse
    const stageRoom = (await s.app.store.getLoop(loop.id))!.data.stages[0]!.roomId!
    expect(await s.app.store.getRoom(stageRoom)).toBeDefined()

    // Open loop: its room is kept past the period; the plain room of the same age is not.
    expect(await s.app.retention.sweep(Date.now() + 31 * DAY)).toBe(1)
    expect(await s.app.store.getRoom(plain.id)).toBeUndefined()
    expect(await s.app.store.getRoom(stageRoom)).toBeDefined()

    // Closed: the close is the room's last activity; the period runs from it.
    const closed = await fetch(`${s.url}/api/loops/${loop.id}/close`, { method: 'POST', headers: { authorization: `Bearer ${fragmentSecret(loop.owner)}` } })
    expect(closed.status).toBe(204)
    expect(await s.app.retention.sweep(Date.now() + 29 * DAY)).toBe(0)
    expect(await s.app.retention.sweep(Date.now() + 31 * DAY)).toBe(1)
    expect(await s.app.store.getRoom(stageRoom)).toBeUndefined()
  })

  it('keeps every room when ROOM_RETENTION_DAYS is 0', async () => {
    const s = await startServer({ env: { ROOM_RETENTION_DAYS: '0' } })
    const room = await s.createRoom()
    expect(await s.app.retention.sweep(Date.now() + 10_000 * DAY)).toBe(0)
    expect(await s.app.store.getRoom(room.id)).toBeDefined()
  })
})
