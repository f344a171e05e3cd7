import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { command, roomSocket, yjsClient } from '../utils/clients.ts'
import { insertUpdate, rawYjs, syncMessage, upgradeStatus } from '../utils/raw.ts'
import { startServer } from '../utils/server.ts'
import { docFrom, nudgeMessages } from '../utils/yjs.ts'
import { waitFor } from '../utils/wait.ts'

describe('collaborative document over the y-websocket protocol', () => {
  it('two stock WebsocketProvider clients converge', async () => {
    const s = await startServer()
    const room = await s.createRoom({ language: 'python' })
    const a = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    const b = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await a.synced()
    await b.synced()
    expect(a.doc.getMap('meta').get('language')).toBe('python')
    a.text.insert(0, 'def solve():\n')
    b.text.insert(0, '# notes\n')
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length > 15, 'convergence')
    expect(a.text.toString()).toContain('def solve():')
    expect(a.text.toString()).toContain('# notes')
  })

  it('a browser ticket from Socket.IO opens the document; a forged one does not', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const sock = roomSocket(s.url, room.id, room.tokens.candidate, 'Ada')
    const ack = await command(sock, 'collab:ticket', {})
    expect(ack.ok).toBe(true)
    if (!ack.ok) return
    const c = yjsClient(s.wsUrl, room.id, { ticket: ack.data.ticket })
    await c.synced()
    const forged = ack.data.ticket.slice(0, -4) + 'AAAA'
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}?ticket=${forged}`)).toBe(401)
    const other = await s.createRoom()
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${other.id}?ticket=${ack.data.ticket}`)).toBe(403)
  })

  it('refuses missing, wrong and cross-room secrets and unknown rooms at the upgrade', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const other = await s.createRoom()
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}`)).toBe(401)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}?token=wrong-secret-wrong-secret`)).toBe(401)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}?token=${other.tokens.candidate}`)).toBe(403)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/not*a*room?token=${room.tokens.candidate}`)).toBe(404)
    expect(await upgradeStatus(`${s.wsUrl}/elsewhere`)).toBe(404)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}?token=${room.tokens.candidate}`, { Origin: 'https://evil.example' })).toBe(403)
    expect(await upgradeStatus(`${s.wsUrl}/yjs/${room.id}?token=${room.tokens.candidate}`)).toBe(101)
  })

  it('drops observer writes sent as SyncStep2 and as Update, and tells the observer', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const writer = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await writer.synced()
    writer.text.insert(0, 'base')
    const obs = rawYjs(s.wsUrl, room.id, `token=${room.tokens.observer}&nudge=1`)
    await obs.opened
    obs.ws.send(syncMessage(1, insertUpdate('OBSERVER-STEP2')))
    obs.ws.send(syncMessage(2, insertUpdate('OBSERVER-UPDATE')))
    // Permission denied (type 2) and a notice (101) reach the observer.
    await waitFor(() => obs.types().includes(2) && obs.types().includes(101), 'observer told it is read-only')
    // A later write by the interviewer arrives, proving the channel is live and nothing else came first.
    const probe = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await probe.synced()
    probe.text.insert(0, 'after ')
    await waitFor(() => writer.text.toString() === 'after base', 'later edit arrives')
    expect(writer.text.toString()).not.toContain('OBSERVER')
    await s.app.collab.log.flush()
    const stored = await s.app.store.listUpdates(room.id, 'code')
    const replay = docFrom(stored.map((u) => u.data))
    expect(replay.getText('code').toString()).toBe('after base')
    expect(stored.some((u) => u.author.includes('observer'))).toBe(false)
  })

  it('tells clients when their edits are durable, with the stored state vector', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const c = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const acks = nudgeMessages(c)
    await c.synced()
    c.text.insert(0, 'hello')
    const local = Y.encodeStateVector(c.doc)
    await waitFor(() => (acks.durable().get(c.doc.clientID) ?? 0) >= (Y.decodeStateVector(local).get(c.doc.clientID) ?? 1), 'durable ack covering the edit')
    const stored = await s.app.store.listUpdates(room.id, 'code')
    const replay = docFrom(stored.map((u) => u.data))
    expect(replay.getText('code').toString()).toBe('hello')
  })

  it('survives a restart: the document is intact and an old client reconnecting duplicates nothing', async () => {
    const first = await startServer({ keepData: true })
    const room = await first.createRoom()
    const old = yjsClient(first.wsUrl, room.id, { token: room.tokens.candidate })
    await old.synced()
    old.text.insert(0, 'function twoSum() {}\n')
    await first.stop() // graceful: flushes, closes sockets with 1001
    await waitFor(() => !old.provider.wsconnected, 'client notices the restart')
    old.text.insert(old.text.length, '// typed while the server was down\n')
    const second = await startServer({ dataDir: first.dataDir, port: first.port })
    await waitFor(() => old.provider.synced, 'old client reconnects and syncs', 10_000)
    const fresh = yjsClient(second.wsUrl, room.id, { token: room.tokens.interviewer })
    await fresh.synced()
    const expected = 'function twoSum() {}\n// typed while the server was down\n'
    await waitFor(() => fresh.text.toString() === expected, 'offline edit merged once')
    expect(old.text.toString()).toBe(expected)
  })

  it('closes a connection that sends a malformed message; the room stays healthy', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const good = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await good.synced()
    const bad = rawYjs(s.wsUrl, room.id, `token=${room.tokens.interviewer}`)
    await bad.opened
    bad.ws.send(new Uint8Array([0, 2, 200, 1, 7, 7, 7])) // update claiming 200 bytes, has 3
    expect((await bad.closed).code).toBe(4400)
    const bad2 = rawYjs(s.wsUrl, room.id, `token=${room.tokens.interviewer}`)
    await bad2.opened
    bad2.ws.send(new Uint8Array([77]))
    expect((await bad2.closed).code).toBe(4400)
    good.text.insert(0, 'still fine')
    const other = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await other.synced()
    await waitFor(() => other.text.toString() === 'still fine', 'room still syncs')
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200)
  })

  it('closes an oversize frame with 1009', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const big = rawYjs(s.wsUrl, room.id, `token=${room.tokens.candidate}`)
    await big.opened
    big.ws.send(new Uint8Array(2 * 1024 * 1024))
    expect((await big.closed).code).toBe(1009)
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  })

  it('removes a connection’s awareness state when it disconnects, and refuses spoofing others', async () => {
    const s = await startServer()
    const room = await s.createRoom()
    const a = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    const b = yjsClient(s.wsUrl, room.id, { token: room.tokens.interviewer })
    await a.synced()
    await b.synced()
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID), 'b sees a’s cursor')
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'ghost cursor removed')
  })
})
