import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { CLOSE } from '@nudge/shared'
import { createSqliteStore } from '@nudge/server/store/sqlite.ts'
import { boardClient, command, roomSocket, yjsClient } from '../utils/clients.ts'
import type { Debrief } from '@nudge/shared'
import { getWithToken, interviewRoom } from '../utils/interview.ts'
import { rawYjs, syncMessage, upgradeStatus } from '../utils/raw.ts'
import { spawnServer } from '../utils/process.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { docFrom, nudgeMessages } from '../utils/yjs.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'

/** An Excalidraw-like element as the board client stores it: plain JSON under its id. */
const rect = (id: string, x = 10) => ({ id, type: 'rectangle', x, y: 20, width: 100, height: 60, version: 1, isDeleted: false })

/** An update that puts one element into a fresh board document. */
function boardUpdate(id: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('elements').set(id, rect(id))
  const u = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return u
}

let s: TestServer
beforeAll(async () => {
  s = await startServer({ shared: true })
})
afterAll(() => s.stop())

describe('the room’s board document over the y-websocket protocol', () => {
  it('two stock WebsocketProvider clients on /yjs/<roomId>/board converge', async () => {
    const room = await s.createRoom()
    const a = boardClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    const b = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await a.synced()
    await b.synced()
    a.elements.set('box-a', rect('box-a'))
    b.elements.set('box-b', rect('box-b', 200))
    await waitFor(() => a.elements.size === 2 && b.elements.size === 2, 'both see both boxes')
    expect(a.elements.toJSON()).toEqual(b.elements.toJSON())
    b.elements.set('box-a', { ...rect('box-a'), x: 400, version: 2 })
    await waitFor(() => (a.elements.get('box-a') as { x: number }).x === 400, 'the move arrives')
  })

  it('never mixes a room’s two documents, live or stored', async () => {
    const room = await s.createRoom({ language: 'python' })
    const code = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    const board = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const boardAcks = nudgeMessages(board)
    await code.synced()
    await board.synced()
    // The board starts empty: the code document's starter content is not in it.
    expect(board.doc.getMap('meta').size).toBe(0)
    expect(board.doc.getText('code').toString()).toBe('')
    code.text.insert(0, 'def solve():\n')
    board.elements.set('box', rect('box'))
    // A probe in each document proves the other's edit had every chance to arrive first.
    const codeProbe = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    const boardProbe = boardClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await codeProbe.synced()
    await boardProbe.synced()
    await waitFor(() => codeProbe.text.toString() === 'def solve():\n' && boardProbe.elements.has('box'), 'each edit reached its own document')
    expect(code.doc.getMap('elements').size).toBe(0)
    expect(codeProbe.doc.getMap('elements').size).toBe(0)
    expect(board.doc.getText('code').toString()).toBe('')
    expect(boardProbe.doc.getText('code').toString()).toBe('')
    expect(s.app.collab.get(room.id, 'code')!.doc.getMap('elements').size).toBe(0)
    expect(s.app.collab.get(room.id, 'board')!.doc.getText('code').toString()).toBe('')
    // Durable acks of the board cover the board's own edits, from the board's own log rows.
    await waitFor(() => boardAcks.covers(board.doc), 'board edit durable')
    await s.app.collab.log.flush()
    const storedCode = docFrom((await s.app.store.listUpdates(room.id, 'code')).map((u) => u.data))
    const storedBoard = docFrom((await s.app.store.listUpdates(room.id, 'board')).map((u) => u.data))
    expect(storedCode.getText('code').toString()).toBe('def solve():\n')
    expect(storedCode.getMap('elements').size).toBe(0)
    expect(storedBoard.getMap('elements').toJSON()).toEqual({ box: rect('box') })
    expect(storedBoard.getText('code').toString()).toBe('')
    expect(storedBoard.getMap('meta').size).toBe(0)
  })

  it('authenticates like the code document: tickets, tokens, other rooms, unknown documents', async () => {
    const room = await s.createRoom()
    const other = await s.createRoom()
    const board = `${s.wsUrl}/yjs/${room.id}/board`
    expect(await upgradeStatus(board)).toBe(401)
    expect(await upgradeStatus(`${board}?token=wrong-secret-wrong-secret`)).toBe(401)
    expect(await upgradeStatus(`${board}?token=${other.tokens.candidate}`)).toBe(403)
    expect(await upgradeStatus(`${board}?token=${room.tokens.candidate}`, { Origin: 'https://evil.example' })).toBe(403)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}/notes?token=${room.tokens.candidate}`)).toBe(404)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}/board/x?token=${room.tokens.candidate}`)).toBe(404)
    expect(await upgradeStatus(`${board}?token=${room.tokens.observer}`)).toBe(101)
    const sock = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    const ack = await command(sock, 'collab:ticket', {})
    if (!ack.ok) throw new Error('no ticket')
    expect(await upgradeStatus(`${board}?ticket=${ack.data.ticket}`)).toBe(101)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${other.id}/board?ticket=${ack.data.ticket}`)).toBe(403)
  })

  it('drops an observer’s board writes (SyncStep2 and Update) and tells the observer', async () => {
    const room = await s.createRoom()
    const writer = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await writer.synced()
    writer.elements.set('base', rect('base'))
    const obs = rawYjs(s.wsUrl, `${room.id}/board`, `token=${room.tokens.observer}&nudge=1`)
    await obs.opened
    obs.ws.send(syncMessage(1, boardUpdate('observer-step2')))
    obs.ws.send(syncMessage(2, boardUpdate('observer-update')))
    await waitFor(() => obs.types().includes(2) && obs.types().includes(101), 'observer told it is read-only')
    const probe = boardClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await probe.synced()
    probe.elements.set('after', rect('after'))
    await waitFor(() => writer.elements.has('after'), 'a later edit arrives')
    expect([...writer.elements.keys()].sort()).toEqual(['after', 'base'])
    await s.app.collab.log.flush()
    const stored = await s.app.store.listUpdates(room.id, 'board')
    expect([...docFrom(stored.map((u) => u.data)).getMap('elements').keys()].sort()).toEqual(['after', 'base'])
    expect(stored.some((u) => u.author.includes('observer'))).toBe(false)
  })
})

describe('the board in the debrief', () => {
  const debrief = async (roomId: string, token: string) => {
    const res = await getWithToken(`${s.url}/api/rooms/${roomId}/rounds/1/debrief`, token)
    expect(res.status).toBe(200)
    return JSON.parse(res.text) as Debrief
  }

  it('is null when nothing was drawn, and the live elements in z-order once something was', async () => {
    const room = await s.createRoom()
    // Joining the room opens its first round.
    await nextEvent(roomSocket(s.url, room.id, room.tokens.interviewer, 'Ivy'), 'room:state')
    expect((await debrief(room.id, room.tokens.candidate)).board).toBeNull()
    const c = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await c.synced()
    c.elements.set('top', { ...rect('top'), index: 'a2' })
    c.elements.set('bottom', { ...rect('bottom'), index: 'a0' })
    c.elements.set('gone', { ...rect('gone'), index: 'a1', isDeleted: true })
    ;(c.elements as Y.Map<unknown>).set('junk', 'not an element')
    await waitFor(() => s.app.collab.get(room.id, 'board')?.doc.getMap('elements').size === 4, 'the server has the board')
    const d = await debrief(room.id, room.tokens.observer)
    expect(d.board).toEqual({ elements: [{ ...rect('bottom'), index: 'a0' }, { ...rect('top'), index: 'a2' }], files: {} })
    // The code document is untouched by the board.
    expect(d.finalCode.text).toBe('')
  })
})

describe('the board of each round in its debrief', () => {
  const debrief = async (roomId: string, n: number, token: string) => {
    const res = await getWithToken(`${s.url}/api/rooms/${roomId}/rounds/${n}/debrief`, token)
    expect(res.status).toBe(200)
    return JSON.parse(res.text) as Debrief
  }
  const ids = (d: Debrief) => d.board?.elements.map((e) => e.id) ?? null

  it("round 1's debrief shows round 1's board, kept when round 2 began; older rounds say they show the room's", async () => {
    const { room, ivy } = await interviewRoom(s)
    const c = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await c.synced()
    const serverHas = (pred: (m: Y.Map<unknown>) => boolean, what: string) =>
      waitFor(() => pred(s.app.collab.get(room.id, 'board')!.doc.getMap('elements')), what)
    c.elements.set('first', { ...rect('first'), index: 'a0' })
    await serverHas((m) => m.has('first'), 'round 1 drawn')
    // The current round shows the board as it is now, and says so.
    expect(await debrief(room.id, 1, room.tokens.candidate)).toMatchObject({ board: { elements: [{ id: 'first' }] }, boardCapture: { kind: 'live', capturedAt: null } })
    await ivy.ok('clock:end', {})
    // Drawing after the end still belongs to round 1 (the final code is kept the same way).
    c.elements.set('late', { ...rect('late'), index: 'a1' })
    await serverHas((m) => m.has('late'), 'late drawing stored')
    const before = Date.now()
    await ivy.ok('round:next', {})

    // Round 2 wipes round 1's drawing and draws its own.
    c.doc.transact(() => {
      c.elements.set('first', { ...rect('first'), index: 'a0', isDeleted: true, version: 2 })
      c.elements.set('late', { ...rect('late'), index: 'a1', isDeleted: true, version: 2 })
      c.elements.set('second', { ...rect('second'), index: 'a2' })
    })
    await serverHas((m) => m.has('second'), 'round 2 drawn')

    for (const token of [room.tokens.interviewer, room.tokens.candidate, room.tokens.observer]) {
      const d1 = await debrief(room.id, 1, token)
      expect(ids(d1)).toEqual(['first', 'late'])
      expect(d1.boardCapture.kind).toBe('round')
      expect(d1.boardCapture.capturedAt).toBeGreaterThanOrEqual(before)
      const d2 = await debrief(room.id, 2, token)
      expect(ids(d2)).toEqual(['second'])
      expect(d2.boardCapture).toEqual({ kind: 'live', capturedAt: null })
    }

    // A round stored before boards were captured per round has no capture: it falls back to the
    // room's board as it is now, and the debrief says which board it is.
    await s.app.store.setState(room.id, 'board:1', null, Date.now())
    const old = await debrief(room.id, 1, room.tokens.candidate)
    expect(ids(old)).toEqual(['second'])
    expect(old.boardCapture).toEqual({ kind: 'room', capturedAt: null })
  })

  it('answers debriefs asked at the same time while nobody has the board open (no UNAVAILABLE)', async () => {
    // Each debrief reads the board document, loading it when no one has it open and unloading it
    // after; a page that reloads at a debrief's address asks twice at once. The first read used to
    // unload the document under the second, which then failed with "cannot reach its storage".
    const { room } = await interviewRoom(s)
    const all = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/debrief`, i % 2 ? room.tokens.candidate : room.tokens.interviewer)))
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
  })

  it('a round that ends with nothing drawn keeps an empty board, not the next round\'s', async () => {
    const { room, ivy } = await interviewRoom(s)
    await ivy.ok('clock:end', {})
    await ivy.ok('round:next', {})
    const c = boardClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await c.synced()
    c.elements.set('later', rect('later'))
    await waitFor(() => s.app.collab.get(room.id, 'board')!.doc.getMap('elements').has('later'), 'round 2 drawn')
    const d1 = await debrief(room.id, 1, room.tokens.interviewer)
    expect(d1.board).toBeNull()
    expect(d1.boardCapture.kind).toBe('round')
  })
})

describe('the board survives the server', () => {
  it('a restart keeps the board; an old client reconnecting duplicates nothing', async () => {
    const first = await startServer({ keepData: true })
    const room = await first.createRoom()
    const c = boardClient(first.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const acks = nudgeMessages(c)
    await c.synced()
    for (let i = 0; i < 5; i++) c.elements.set(`box${i}`, rect(`box${i}`, i * 50))
    await waitFor(() => acks.covers(c.doc), 'board durable')
    const port = first.port
    c.provider.disconnect()
    await first.stop()
    const second = await startServer({ dataDir: first.dataDir, port })
    const fresh = boardClient(second.wsUrl, room.id, { token: room.tokens.interviewer })
    await fresh.synced()
    expect(fresh.elements.toJSON()).toEqual(c.elements.toJSON())
    // The old client comes back with its copy: the server's document does not grow.
    c.provider.connect()
    await c.synced()
    c.elements.set('later', rect('later'))
    await waitFor(() => fresh.elements.has('later'), 'the later element arrives')
    expect(fresh.elements.size).toBe(6)
    expect(fresh.doc.getText('code').toString()).toBe('')
  })

  it('kill -9 keeps every board edit acknowledged as durable', async () => {
    const p = await spawnServer()
    const res = await fetch(`${p.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const body = (await res.json()) as { id: string; invites: Record<string, string> }
    const token = new URL(body.invites.interviewer!).hash.replace('#token=', '')
    const c = boardClient(p.wsUrl, body.id, { token, nudge: '1' })
    const acks = nudgeMessages(c)
    await c.synced()
    for (let i = 0; i < 20; i++) c.elements.set(`el${i}`, rect(`el${i}`, i))
    await waitFor(() => acks.covers(c.doc), 'board durable')
    const acked = c.elements.toJSON()
    p.child.kill('SIGKILL')
    await p.exited
    expect(p.child.signalCode).toBe('SIGKILL')
    const store = createSqliteStore(join(p.dataDir, 'nudge.db'))
    const loaded = await store.loadDocument(body.id, 'board')
    await store.close()
    const stored = docFrom([...(loaded.snapshot ? [loaded.snapshot.data] : []), ...loaded.updates.map((u) => u.data)])
    expect(stored.getMap('elements').toJSON()).toEqual(acked)
    // And a server started on the same data serves it.
    const again = await spawnServer({ DATA_DIR: p.dataDir })
    const reader = boardClient(again.wsUrl, body.id, { token })
    await reader.synced()
    expect(reader.elements.toJSON()).toEqual(acked)
  })
})

/** Updates of board elements whose first update is withheld: they stay pending forever. */
function pendingBoardBomb(structs: number, bytes: number): Uint8Array[] {
  const d = new Y.Doc()
  const updates: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => updates.push(u))
  const elements = d.getMap('elements')
  elements.set('first', rect('first'))
  for (let i = 0; i < structs; i++) elements.set(`el${i}`, { ...rect(`el${i}`), pad: 'p'.repeat(bytes) })
  d.destroy()
  return updates.slice(1)
}

/** An awareness frame for one client id with the given clock (a pointer position). */
function pointerFrame(clientId: number, clock: number, x: number): Uint8Array {
  const u = encoding.createEncoder()
  encoding.writeVarUint(u, 1)
  encoding.writeVarUint(u, clientId)
  encoding.writeVarUint(u, clock)
  encoding.writeVarString(u, JSON.stringify({ pointer: { x, y: 0 } }))
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
  return encoding.toUint8Array(e)
}

describe('hostile input on the board: the code document’s limits, same code', () => {
  it('closes an oversize board frame with 1009; the server stays healthy', async () => {
    const room = await s.createRoom()
    const big = rawYjs(s.wsUrl, `${room.id}/board`, `token=${room.tokens.candidate}`)
    await big.opened
    big.ws.send(new Uint8Array(2 * 1024 * 1024))
    expect((await big.closed).code).toBe(1009)
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  })

  it('refuses board edits past the document size cap with TOO_LARGE; the code document is unaffected', async () => {
    const capped = await startServer({ env: { DOC_MAX_BYTES: String(64 * 1024) } })
    const room = await capped.createRoom()
    const c = boardClient(capped.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const notices = nudgeMessages(c)
    await c.synced()
    for (let i = 0; i < 12; i++) c.elements.set(`big${i}`, { ...rect(`big${i}`), text: 'x'.repeat(8 * 1024) })
    await waitFor(() => notices.notices.some((n) => n.code === 'TOO_LARGE'), 'TOO_LARGE notice')
    await capped.app.collab.log.flush()
    const stored = docFrom((await capped.app.store.listUpdates(room.id, 'board')).map((u) => u.data))
    expect(stored.getMap('elements').size).toBeLessThan(12)
    const code = yjsClient(capped.wsUrl, room.id, { token: room.tokens.interviewer })
    await code.synced()
    code.text.insert(0, 'still editable')
    await waitFor(() => capped.app.collab.get(room.id, 'code')?.doc.getText('code').toString() === 'still editable', 'code edit applied')
  })

  it('bounds pending board state and closes the sender with 4422; other board clients keep syncing', async () => {
    const bounded = await startServer({ env: { DOC_MAX_PENDING_BYTES: String(16 * 1024) } })
    const room = await bounded.createRoom()
    const honest = boardClient(bounded.wsUrl, room.id, { token: room.tokens.interviewer })
    await honest.synced()
    const bomb = rawYjs(bounded.wsUrl, `${room.id}/board`, `token=${room.tokens.candidate}`)
    await bomb.opened
    for (const u of pendingBoardBomb(100, 512)) {
      if (bomb.ws.readyState !== bomb.ws.OPEN) break
      bomb.ws.send(syncMessage(2, u), () => {})
    }
    expect((await bomb.closed).code).toBe(CLOSE.unresolvable)
    const live = bounded.app.collab.get(room.id, 'board')!
    expect(live.doc.store.pendingStructs).toBeNull()
    honest.elements.set('ok', rect('ok'))
    const reader = boardClient(bounded.wsUrl, room.id, { token: room.tokens.observer })
    await reader.synced()
    await waitFor(() => reader.elements.has('ok'), 'the board still syncs')
    expect(reader.elements.has('first')).toBe(false)
  })

  it('rate-limits a flood of pointer (awareness) updates per connection, and the last position still arrives', async () => {
    const room = await s.createRoom()
    const watcher = rawYjs(s.wsUrl, `${room.id}/board`, `token=${room.tokens.interviewer}`)
    await watcher.opened
    const flood = rawYjs(s.wsUrl, `${room.id}/board`, `token=${room.tokens.candidate}`)
    await flood.opened
    const clientId = 424242
    const started = Date.now()
    for (let clock = 1; clock <= 500; clock++) flood.ws.send(pointerFrame(clientId, clock, clock))
    // Coalesced, not lost: the final position reaches the other connection.
    const doc = s.app.collab.get(room.id, 'board')!
    await waitFor(() => (doc.awareness.getStates().get(clientId) as { pointer?: { x: number } } | undefined)?.pointer?.x === 500, 'the last pointer position applied')
    const elapsed = (Date.now() - started) / 1000
    const forwarded = watcher.types().filter((t) => t === 1).length
    // Default limit: a burst of 20, then 20 a second (limits.ts); 500 were sent.
    expect(forwarded).toBeLessThanOrEqual(20 + Math.ceil(20 * elapsed) + 1)
    expect(forwarded).toBeLessThan(100)
  })
})
