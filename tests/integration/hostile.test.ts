import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { CLOSE } from '@nudge/shared'
import { command, roomSocket, yjsClient } from '../utils/clients.ts'
import { rawYjs, syncMessage } from '../utils/raw.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { docFrom, nudgeMessages } from '../utils/yjs.ts'
import { waitFor } from '../utils/wait.ts'

/**
 * Updates whose dependencies never arrive: a doc's first insert is withheld, so every later
 * update of the same client waits for it forever ("pending" in Yjs terms).
 * `structs` chunks of `chunk` characters, each its own struct (inserted at the front, so
 * consecutive inserts never merge into one item).
 */
function pendingBomb(structs: number, chunk: number): Uint8Array[] {
  const d = new Y.Doc()
  const t = d.getText('code')
  const updates: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => updates.push(u))
  t.insert(0, 'x')
  for (let i = 0; i < structs; i++) t.insert(0, 'y'.repeat(chunk))
  d.destroy()
  return updates.slice(1)
}

/** A SyncStep1 frame: "this is my state vector; send me what I lack". */
function syncStep1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, stateVector)
  return encoding.toUint8Array(e)
}

function pendingBytesOf(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0)
}

/** Sends frames until the server closes the socket or they run out. */
function sendAll(ws: import('ws').WebSocket, frames: Uint8Array[]) {
  for (const f of frames) {
    if (ws.readyState !== ws.OPEN) return
    ws.send(f, () => {})
  }
}

async function unloaded(s: TestServer, roomId: string) {
  await waitFor(() => s.app.collab.get(roomId) === undefined, 'room unloaded')
}

describe('hostile clients: Yjs pending state (finding 1)', () => {
  it('bounds pending bytes per document, closes the sender with 4422, and joiners download only the document', async () => {
    const s = await startServer({ env: { DOC_MAX_PENDING_BYTES: String(64 * 1024) } })
    const room = await s.createRoom()
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await writer.synced()
    const bomb = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}&nudge=1`)
    await bomb.opened
    // ~400 KiB of updates that can never be integrated.
    sendAll(bomb.ws, pendingBomb(100, 4000).map((u) => syncMessage(2, u)))
    expect((await bomb.closed).code).toBe(CLOSE.unresolvable)
    const live = s.app.collab.get(room.id)!
    expect(pendingBytesOf(live.doc)).toBeLessThanOrEqual(64 * 1024)

    // The room keeps working, and a joiner gets the document, not the junk.
    writer.text.insert(0, 'still editable')
    const joiner = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}`)
    await joiner.opened
    joiner.ws.send(syncStep1(Y.encodeStateVector(new Y.Doc())))
    await waitFor(() => joiner.received.some((m) => m[0] === 0 && m[1] === 1), 'SyncStep2 for the joiner')
    const step2 = joiner.received.find((m) => m[0] === 0 && m[1] === 1)!
    expect(step2.byteLength).toBeLessThan(8 * 1024)
  })

  it('bounds the number of pending structs as well as their bytes', async () => {
    const s = await startServer({ env: { DOC_MAX_PENDING_STRUCTS: '500' } })
    const room = await s.createRoom()
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await writer.synced()
    const bomb = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await bomb.opened
    // 3,000 one-character structs: tiny in bytes, but each one an object when retried.
    sendAll(bomb.ws, pendingBomb(3000, 1).map((u) => syncMessage(2, u)))
    expect((await bomb.closed).code).toBe(CLOSE.unresolvable)
    const doc = s.app.collab.get(room.id)!.doc
    const structs = doc.store.pendingStructs ? Y.decodeUpdateV2(doc.store.pendingStructs.update).structs.length : 0
    expect(structs).toBeLessThanOrEqual(500)
  })

  it('never stores pending state in a snapshot', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const bomb = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await bomb.opened
    // Under the bound: stays pending in memory, and must not reach storage.
    sendAll(bomb.ws, pendingBomb(4, 2000).map((u) => syncMessage(2, u)))
    const live = s.app.collab.get(room.id)!
    await waitFor(() => pendingBytesOf(live.doc) > 6000, 'junk pending on the server')
    // Enough ordinary typing to make the update log compact into a snapshot.
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    const notes = nudgeMessages(writer)
    await writer.synced()
    for (let i = 0; i < 80; i++) writer.text.insert(writer.text.length, `line ${i} ${'z'.repeat(300)}\n`)
    const snap = await waitFor(async () => (await s.app.store.loadDocument(room.id, 'code')).snapshot ?? undefined, 'a snapshot was written', 10_000)
    const stored = docFrom([snap.data])
    expect(stored.store.pendingStructs).toBeNull()
    expect(snap.data.byteLength).toBeLessThan(40 * 1024)
    expect(notes.notices).toEqual([])
  })

  it('recovers a room whose stored snapshot holds megabytes of pending junk: it loads, syncs small, and edits', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    await unloaded(s, room.id)
    // What an earlier version could write: the document plus 3 MiB of unresolvable updates,
    // over the 2 MiB document cap.
    const base = new Y.Doc()
    base.getText('code').insert(0, 'def solve():\n')
    const before = await s.app.store.loadDocument(room.id, 'code')
    const stored = [...(before.snapshot ? [before.snapshot.data] : []), ...before.updates.map((u) => u.data)]
    const junk = Y.mergeUpdates([...stored, Y.encodeStateAsUpdate(base), ...pendingBomb(800, 4000)])
    expect(junk.byteLength).toBeGreaterThan(3 * 1024 * 1024)
    await s.app.store.writeSnapshot(room.id, 'code', junk, before.updates.at(-1)?.id ?? before.snapshot?.lastUpdateId ?? 0)

    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const notes = nudgeMessages(writer)
    await writer.synced()
    expect(writer.text.toString()).toContain('def solve():')
    expect(Y.encodeStateAsUpdate(writer.doc).byteLength).toBeLessThan(64 * 1024)
    writer.text.insert(0, '# edited after recovery\n')
    const reader = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await reader.synced()
    await waitFor(() => reader.text.toString().startsWith('# edited after recovery'), 'the edit reached another client')
    await waitFor(() => notes.covers(), 'the edit is durable')
    expect(notes.notices.filter((n) => n.code === 'TOO_LARGE')).toEqual([])
  })
})

/**
 * A fragmented document: `items` one-character inserts at the front, each its own item (they
 * never merge), encoded as one update: ~10 bytes per item, well under the byte cap.
 */
function fragmented(items: number): Uint8Array {
  const d = new Y.Doc()
  const t = d.getText('code')
  for (let i = 0; i < items; i++) t.insert(0, 'f')
  const u = Y.encodeStateAsUpdate(d)
  d.destroy()
  return u
}

const structsOf = (doc: Y.Doc) => [...doc.store.clients.values()].reduce((n, a) => n + a.length, 0)

describe('hostile clients: fragmented documents (finding 4)', () => {
  it('caps the structs a document holds, not only its bytes: TOO_LARGE, and the room stays usable', async () => {
    const s = await startServer({ env: { DOC_MAX_STRUCTS: '2000' } })
    const room = await s.createRoom()
    const bomber = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const notes = nudgeMessages(bomber)
    await bomber.synced()
    // 8,000 items in ~80 KiB: a small part of the byte cap, four times the struct cap.
    const bomb = fragmented(8_000)
    expect(bomb.byteLength).toBeLessThan(256 * 1024)
    Y.applyUpdate(bomber.doc, bomb)
    await waitFor(() => notes.notices.some((n) => n.code === 'TOO_LARGE'), 'TOO_LARGE notice')
    const live = s.app.collab.get(room.id)!
    expect(structsOf(live.doc)).toBeLessThanOrEqual(2000)
    expect(live.doc.getText('code').toString()).not.toContain('f')

    // Small fragmented batches stop at the cap as well, never past it.
    const other = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const otherNotes = nudgeMessages(other)
    await other.synced()
    for (let i = 0; i < 2400; i++) other.text.insert(0, 'g')
    // The server runs in this process: while it works through the batches, this wait's clock runs too.
    await waitFor(() => otherNotes.notices.some((n) => n.code === 'TOO_LARGE'), 'TOO_LARGE for small batches', 20_000)
    expect(structsOf(live.doc)).toBeLessThanOrEqual(2000)
    expect(structsOf(live.doc)).toBeGreaterThan(1600)

    // A joiner still gets the document, which the room kept (the refused edits are not in it).
    const joiner = yjsClient(s.wsUrl, room.id, { token: room.tokens.observer })
    await joiner.synced()
    expect(joiner.text.toString()).toBe(live.doc.getText('code').toString())
  })
})

/** An awareness frame setting the states of the given client ids (clock 1, small JSON). */
function awarenessFrame(clientIds: number[], name = 'x'): Uint8Array {
  const u = encoding.createEncoder()
  encoding.writeVarUint(u, clientIds.length)
  for (const id of clientIds) {
    encoding.writeVarUint(u, id)
    encoding.writeVarUint(u, 1)
    encoding.writeVarString(u, JSON.stringify({ user: { name } }))
  }
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
  return encoding.toUint8Array(e)
}

describe('hostile clients: clients that never read (finding 2)', () => {
  it('answers a repeated SyncStep1 for an unchanged document once', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const obs = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}`)
    await obs.opened
    const sv = Y.encodeStateVector(new Y.Doc())
    for (let i = 0; i < 300; i++) obs.ws.send(syncStep1(sv))
    obs.ws.send(new Uint8Array([3])) // query awareness: its answer marks the end of the burst
    await waitFor(() => obs.types().includes(1), 'the awareness answer')
    expect(obs.received.filter((m) => m[0] === 0 && m[1] === 1)).toHaveLength(1)
  })

  it('closes a Yjs connection that stops reading once its queue passes the bound; the writer is unaffected', async () => {
    const s = await startServer({ env: { SEND_QUEUE_MAX_BYTES: String(1024 * 1024) } })
    const room = await s.createRoom()
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await writer.synced()
    const reader = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}`)
    await reader.opened
    const live = s.app.collab.get(room.id)!
    await waitFor(() => live.sessionCount === 2, 'both joined')
    reader.ws.pause() // stops reading: the kernel buffers fill, then the server's queue grows
    for (let i = 0; i < 40 && live.sessionCount === 2; i++) {
      writer.text.insert(0, 'a'.repeat(600_000))
      writer.text.delete(0, 600_000)
      await new Promise((r) => setImmediate(r))
    }
    await waitFor(() => live.sessionCount === 1, 'the slow reader was closed', 15_000)
    writer.text.insert(0, 'still here')
    const other = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await other.synced()
    await waitFor(() => other.text.toString() === 'still here', 'the room still syncs')
  })

  it('disconnects a Socket.IO connection that stops reading once its queue passes the bound', async () => {
    const s = await startServer({ env: { SEND_QUEUE_MAX_BYTES: String(1024 * 1024) } })
    const room = await s.createRoom()
    const sock = roomSocket(s.url, room.id, room.tokens.observer)
    await waitFor(() => sock.connected, 'connected')
    await waitFor(() => s.app.io.sockets.sockets.size === 1, 'server socket')
    const [server] = [...s.app.io.sockets.sockets.values()]
    const engine = sock.io.engine as unknown as { transport: { ws: import('ws').WebSocket } }
    engine.transport.ws.pause()
    const big = 'q'.repeat(200_000)
    for (let i = 0; i < 100 && server!.connected; i++) {
      ;(server!.emit as (ev: string, ...a: unknown[]) => boolean)('flood', big)
      await new Promise((r) => setImmediate(r))
    }
    await waitFor(() => !server!.connected, 'the slow consumer was disconnected', 15_000)
  })
})

describe('hostile clients: awareness (finding 7)', () => {
  it('lets one connection hold at most two cursors, so it cannot fill the room’s slots', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const watcher = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await watcher.synced()
    const hog = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}`)
    await hog.opened
    for (let id = 1000; id < 1010; id++) hog.ws.send(awarenessFrame([id], 'hog'))
    hog.ws.send(awarenessFrame([2000, 2001, 2002], 'hog'))
    const honest = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await honest.synced()
    honest.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(() => watcher.provider.awareness.getStates().get(honest.doc.clientID), 'the honest cursor arrives')
    const hogIds = new Set([...Array.from({ length: 10 }, (_, i) => 1000 + i), 2000, 2001, 2002])
    const hogStates = [...watcher.provider.awareness.getStates().keys()].filter((id) => hogIds.has(id))
    expect(hogStates.length).toBeGreaterThan(0)
    expect(hogStates.length).toBeLessThanOrEqual(2)
  })

  it('labels a cursor with the name and role the server has for its connection, whatever the client says', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const watcher = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await watcher.synced()
    const sock = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    const ack = await command(sock, 'collab:ticket', {})
    if (!ack.ok) throw new Error(ack.error.message)
    const liar = yjsClient(s.wsUrl, room.id, { ticket: ack.data.ticket })
    await liar.synced()
    liar.provider.awareness.setLocalStateField('user', { name: 'Grace (interviewer)', role: 'interviewer', participantId: 'someone-else', color: '#336699' })
    type User = { name?: string; role?: string; color?: string }
    const seen = await waitFor(() => (watcher.provider.awareness.getStates().get(liar.doc.clientID) as { user?: User } | undefined)?.user, 'the cursor arrives')
    expect(seen.name).toBe('Ada')
    expect(seen.role).toBe('candidate')
    expect(seen.color).toBe('#336699')
    // A raw API connection cannot pose as anyone either.
    const raw = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}`)
    await raw.opened
    raw.ws.send(awarenessFrame([4242], 'Grace'))
    const rawSeen = await waitFor(() => (watcher.provider.awareness.getStates().get(4242) as { user?: User } | undefined)?.user, 'the raw cursor arrives')
    expect(rawSeen).toMatchObject({ name: 'API client', role: 'observer' })
  })

  it('closes a connection whose rate-limited awareness update turns out malformed, and the room goes on', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const raw = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}&nudge=1`)
    await raw.opened
    // Past the burst, updates wait for a timer; the broken one is read there.
    for (let i = 0; i < 40; i++) raw.ws.send(awarenessFrame([77], `n${i}`))
    const broken = awarenessFrame([77], 'x')
    broken[broken.length - 2] = 0x7b // '{' in the JSON's place: not JSON any more
    raw.ws.send(broken)
    expect((await raw.closed).code).toBe(CLOSE.malformed)
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await writer.synced()
    writer.text.insert(0, 'still here')
    const reader = yjsClient(s.wsUrl, room.id, { token: room.tokens.observer })
    await reader.synced()
    await waitFor(() => reader.text.toString().includes('still here'), 'the room still syncs')
  })
})

/** Bytes of every file under `dir` (the SQLite database, its WAL and anything else stored). */
function dirBytes(dir: string): number {
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size
  }
  return n
}

describe('hostile clients: the update log (finding 3)', () => {
  it('stops an insert/delete loop at the room’s log quota: TOO_LARGE, the room stays readable, other rooms go on', async () => {
    const quota = 4 * 1024 * 1024
    // One seat may use the whole quota here: this test is about the room's own bound.
    const s = await startServer({ env: { ROOM_MAX_LOG_BYTES: String(quota), ROOM_SEAT_LOG_SHARE: '1' } })
    const room = await s.createRoom()
    const other = await s.createRoom()
    const attacker = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const notes = nudgeMessages(attacker)
    await attacker.synced()
    attacker.text.insert(0, 'def solve():\n')
    await waitFor(() => notes.covers(), 'first edit stored')
    await s.app.collab.log.flush()
    const diskBefore = dirBytes(s.dataDir)

    // 64 rounds of inserting 256 KiB and deleting it again: 16 MiB of log rows without a quota,
    // while the document itself stays a dozen characters.
    const chunk = 'x'.repeat(256 * 1024)
    for (let i = 0; i < 64; i++) {
      const at = attacker.text.length
      attacker.text.insert(at, chunk)
      attacker.text.delete(at, chunk.length)
    }
    await waitFor(() => notes.notices.some((n) => n.code === 'TOO_LARGE' && /history is full/.test(n.message)), 'TOO_LARGE notice', 15_000)
    await s.app.collab.log.flush()

    // The bound: the room's counted log bytes, the rows actually stored, and the disk.
    const usage = await s.app.store.roomUsage(room.id)
    expect(usage!.logBytes).toBeLessThanOrEqual(quota)
    expect(usage!.logBytes).toBeGreaterThan(quota - 2 * chunk.length)
    const rows = await s.app.store.listUpdates(room.id, 'code')
    expect(rows.reduce((n, r) => n + r.data.byteLength, 0)).toBe(usage!.logBytes)
    expect(dirBytes(s.dataDir) - diskBefore).toBeLessThan(2 * quota)

    // Readable: a joiner gets the document the room kept (what was stored, nothing refused).
    const live = s.app.collab.get(room.id)!
    const joiner = yjsClient(s.wsUrl, room.id, { token: room.tokens.observer })
    await joiner.synced()
    expect(joiner.text.toString()).toBe(live.doc.getText('code').toString())
    expect(joiner.text.toString()).toContain('def solve():')

    // The quota is the room's, not the attacker's: an edit that would pass it is refused for
    // everyone with the same clear message, and nothing of it is stored or applied.
    const interviewer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const interviewerNotes = nudgeMessages(interviewer)
    await interviewer.synced()
    interviewer.text.insert(0, 'n'.repeat(quota - usage!.logBytes + 1))
    await waitFor(() => interviewerNotes.notices.some((n) => n.code === 'TOO_LARGE' && /history is full/.test(n.message)), 'TOO_LARGE for the interviewer')
    expect(live.doc.getText('code').toString()).not.toContain('n')
    await s.app.collab.log.flush()
    expect((await s.app.store.roomUsage(room.id))!.logBytes).toBe(usage!.logBytes)

    // Another room is unaffected: its edits are stored and acknowledged as usual.
    const neighbour = yjsClient(s.wsUrl, other.id, { token: other.tokens.candidate, nudge: '1' })
    const neighbourNotes = nudgeMessages(neighbour)
    await neighbour.synced()
    neighbour.text.insert(0, 'print(1)\n')
    await waitFor(() => neighbourNotes.covers(), 'other room stored')
    expect(neighbourNotes.notices).toEqual([])
    await s.app.collab.log.flush()
    expect((await s.app.store.roomUsage(other.id))!.logBytes).toBeLessThan(64 * 1024)
  })

  it('gives each seat half of the log quota: a flooding candidate is refused at hers, the interviewer goes on editing', async () => {
    const quota = 4 * 1024 * 1024
    const s = await startServer({ env: { ROOM_MAX_LOG_BYTES: String(quota) } })
    const room = await s.createRoom()
    const attacker = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const notes = nudgeMessages(attacker)
    const interviewer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const interviewerNotes = nudgeMessages(interviewer)
    await Promise.all([attacker.synced(), interviewer.synced()])

    const chunk = 'x'.repeat(256 * 1024)
    for (let i = 0; i < 32; i++) {
      const at = attacker.text.length
      attacker.text.insert(at, chunk)
      attacker.text.delete(at, chunk.length)
    }
    await waitFor(() => notes.notices.some((n) => n.code === 'TOO_LARGE' && /your share/.test(n.message)), 'the candidate refused at her share', 15_000)
    await s.app.collab.log.flush()
    const usage = (await s.app.store.roomUsage(room.id))!.logBytes
    expect(usage).toBeLessThanOrEqual(quota / 2)
    expect(usage).toBeGreaterThan(quota / 2 - 2 * chunk.length)

    // The room is not broken: the interviewer's edits are stored and reach the candidate.
    interviewer.text.insert(0, 'interviewer was here\n')
    await waitFor(() => interviewerNotes.covers(), 'the interviewer edit stored')
    expect(interviewerNotes.notices).toEqual([])
    await waitFor(() => attacker.text.toString().startsWith('interviewer was here'), 'the edit reaches the candidate')
    await s.app.collab.log.flush()
    expect((await s.app.store.roomUsage(room.id))!.logBytes).toBeGreaterThan(usage)
  })
})

describe('hostile clients: room creation (finding 3)', () => {
  const create = (s: TestServer, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })

  it('limits rooms created per client address with 429 RATE_LIMITED; a forged X-Forwarded-For does not reset it', async () => {
    const s = await startServer({ env: { ROOM_CREATE_MAX: '3' } })
    for (let i = 0; i < 3; i++) expect((await create(s)).status).toBe(201)
    const refused = await create(s)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBeTruthy()
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect((await create(s, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429)
  })

  it('counts by the forwarded address only behind a trusted proxy (TRUST_PROXY)', async () => {
    const s = await startServer({ env: { ROOM_CREATE_MAX: '1', TRUST_PROXY: '127.0.0.1' } })
    expect((await create(s, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201)
    expect((await create(s, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429)
    expect((await create(s, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(201)
  })
})

describe('hostile clients: headers and metrics (findings 8, 10)', () => {
  it('serves the page and the API with a strict CSP, no framing, no referrer and nosniff', async () => {
    const s = await startServer()
    for (const path of ['/', '/api/openapi.json']) {
      const res = await fetch(`${s.url}${path}`)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      // WebAssembly may compile (the whiteboard's SVG export subsets fonts with it); JavaScript eval never.
      const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? ''
      expect(scripts).not.toContain("'unsafe-eval'")
      expect(scripts).not.toContain("'unsafe-inline'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('requires METRICS_TOKEN on /metrics when it is set', async () => {
    const token = 'metrics-token-0123456789'
    const s = await startServer({ env: { METRICS_TOKEN: token } })
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401)
    const ok = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('nudge_rooms_loaded')
  })
})
