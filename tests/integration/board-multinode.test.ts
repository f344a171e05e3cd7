import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createPostgresStore } from '@nudge/server/store/postgres.ts'
import { boardClient, yjsClient } from '../utils/clients.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { waitFor } from '../utils/wait.ts'
import { nudgeMessages, storedDoc, svCovers } from '../utils/yjs.ts'

const rect = (id: string, x = 10) => ({ id, type: 'rectangle', x, y: 20, width: 100, height: 60, version: 1, isDeleted: false })

/** The board over several nodes: the same relay, durable acks and adoption as the code document. */
describe('scaled mode: the board', () => {
  it('board edits through node A reach a client of node B, durable on both, each node storing its own', async () => {
    const cluster = await startCluster(2)
    const [a, b] = cluster.nodes
    const room = await createRoom(a!.url)
    const ca = boardClient(a!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const cb = boardClient(b!.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const code = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    const ma = nudgeMessages(ca)
    const mb = nudgeMessages(cb)
    await Promise.all([ca.synced(), cb.synced(), code.synced()])
    ca.elements.set('from-a', rect('from-a'))
    await waitFor(() => cb.elements.has('from-a'), 'node B client sees node A’s element')
    cb.elements.set('from-a', { ...rect('from-a'), x: 300, version: 2 })
    cb.elements.set('from-b', rect('from-b'))
    await waitFor(() => (ca.elements.get('from-a') as { x: number }).x === 300 && ca.elements.has('from-b'), 'and back')
    // Pointers (awareness) cross too.
    ca.provider.awareness.setLocalStateField('pointer', { x: 1, y: 2 })
    await waitFor(() => (cb.provider.awareness.getStates().get(ca.doc.clientID) as { pointer?: unknown } | undefined)?.pointer, 'pointer crosses nodes')
    await waitFor(() => ma.covers(ca.doc) && mb.covers(cb.doc), 'both clients see the board durable')
    const stored = await storedDoc(cluster.databaseUrl, room.id, 'board')
    expect(stored.getMap('elements').toJSON()).toEqual(ca.elements.toJSON())
    const store = createPostgresStore(cluster.databaseUrl, { max: 1 })
    const authors = (await store.listUpdates(room.id, 'board')).map((u) => u.author).sort()
    await store.close()
    // Each node stored its own client's edits once (the interviewer's two may share a batch row);
    // no node stored the other's ('recovered' would mean an adoption).
    expect([...new Set(authors)]).toEqual(['api-candidate', 'api-interviewer'])
    expect(authors.filter((a) => a === 'api-candidate')).toHaveLength(1)
    // The code document of the room saw none of it.
    expect(code.doc.getMap('elements').size).toBe(0)
    expect((await storedDoc(cluster.databaseUrl, room.id, 'code')).getMap('elements').size).toBe(0)
  })

  it('kill -9 of a node holding relayed, unstored board edits loses nothing durable', async () => {
    const cluster = await startCluster(1)
    const b = cluster.nodes[0]
    // Node A stores in slow batches, so it dies holding board edits it relayed but never stored.
    const a = await cluster.add({ PERSIST_BATCH_MS: '300' })
    const room = await createRoom(a!.url)
    const doc = new Y.Doc()
    const ca = boardClient(a!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' }, { doc })
    const cb = boardClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    const ma = nudgeMessages(ca)
    await ca.synced()
    await cb.synced()
    let i = 0
    const draw = (n: number) => {
      for (let k = 0; k < n; k++, i++) {
        ca.elements.set(`a${i}`, rect(`a${i}`, i))
        cb.elements.set(`b${i}`, rect(`b${i}`, i))
      }
    }
    draw(20)
    await waitFor(() => ma.durable().get(doc.clientID), 'some node A board edits are durable')
    draw(5)
    await waitFor(() => cb.elements.has(`a${i - 1}`), 'node B has node A’s latest elements')
    expect(ma.covers()).toBe(false)
    a!.child.kill('SIGKILL')
    await a!.exited
    const ackedBeforeCrash = ma.durable()
    ca.provider.destroy()
    const moved = boardClient(b!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' }, { doc })
    const mm = nudgeMessages(moved)
    await moved.synced()
    await waitFor(() => moved.elements.size === cb.elements.size && cb.elements.size === 2 * i, 'converged on node B')
    await waitFor(() => mm.covers(), 'everything durable on node B', 15_000)
    const stored = await storedDoc(cluster.databaseUrl, room.id, 'board')
    expect(svCovers(Y.decodeStateVector(Y.encodeStateVector(stored)), ackedBeforeCrash)).toBe(true)
    expect(stored.getMap('elements').toJSON()).toEqual(cb.elements.toJSON())
  })
})
