import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Participant, RoomState } from '@nudge/shared'
import { roomSocket, yjsClient } from '../utils/clients.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'
import { nudgeMessages, storedDoc } from '../utils/yjs.ts'

/** Several real server processes sharing one PostgreSQL schema and one Redis prefix. */
describe('scaled mode: several nodes', () => {
  it('clients of one room on different nodes converge within milliseconds', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url, { language: 'python' })
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    await ca.synced()
    await cb.synced()
    expect(cb.doc.getMap('meta').get('language')).toBe('python')
    // Cross-node propagation latency, one edit at a time, both directions.
    const latencies: number[] = []
    for (let i = 0; i < 20; i++) {
      const [from, to] = i % 2 ? [cb, ca] : [ca, cb]
      const mark = `<${i}>`
      // Timed by the receiving doc's own event, not by polling.
      const arrived = new Promise<number>((resolve) => {
        const seen = () => {
          if (!to.text.toString().includes(mark)) return
          to.text.unobserve(seen)
          resolve(performance.now())
        }
        to.text.observe(seen)
      })
      const t0 = performance.now()
      from.text.insert(from.text.length, mark)
      await waitFor(() => to.text.toString().includes(mark), `edit ${i} crosses nodes`)
      latencies.push((await arrived) - t0)
    }
    latencies.sort((x, y) => x - y)
    console.info(`cross-node propagation: median ${latencies[10]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`)
    expect(latencies[10]).toBeLessThan(100)
    expect(ca.text.toString()).toBe(cb.text.toString())
  })

  it('a node that loads the room while another node\'s client types misses nothing', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate })
    await ca.synced()
    // Keep typing on node 1, one edit per macrotask, while node 2 loads the room from storage
    // and subscribes: edits published between its storage read and its subscription must arrive.
    let n = 0
    const typing = new Promise<void>((resolve) => {
      const tick = () => {
        ca.text.insert(ca.text.length, `${n++};`)
        if (n < 300) setImmediate(tick)
        else resolve()
      }
      tick()
    })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    await cb.synced()
    await typing
    const expected = Array.from({ length: 300 }, (_, i) => `${i};`).join('')
    await waitFor(() => cb.text.toString() === expected, 'node 2 has every edit, in order')
  })

  it('relays cursors (awareness) across nodes, and removes them when their client leaves', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    await ca.synced()
    await cb.synced()
    const remote = () => cb.provider.awareness.getStates().get(ca.doc.clientID) as { user?: { name: string; role: string; color: string } } | undefined
    ca.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#ff0000' })
    await waitFor(() => remote()?.user?.color === '#ff0000', 'node 2 client sees the node 1 cursor')
    // The name and role on a cursor are the server's (node 1 stamped them), not the client's.
    expect(remote()?.user).toMatchObject({ name: 'API client', role: 'candidate' })
    ca.provider.awareness.setLocalStateField('user', { name: 'Ada L.', color: '#00ff00' })
    await waitFor(() => remote()?.user?.color === '#00ff00', 'and its changes')
    ca.provider.disconnect()
    await waitFor(() => remote() === undefined, 'the cursor goes when its client leaves')
  })

  it('broadcasts room events through one node to clients on another (presence)', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ada = roomSocket(a!.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    const seen: Participant[] = []
    ada.on('presence:updated', (p) => seen.push(p))
    const bea = roomSocket(b!.url, room.id, room.tokens.interviewer, 'Bea')
    const state = await nextEvent<RoomState>(bea, 'room:state')
    // fetchSockets across nodes: Bea, on node 2, sees Ada (node 1) online.
    expect(state.participants.map((p) => [p.name, p.online]).sort()).toEqual([['Ada', true], ['Bea', true]])
    await waitFor(() => seen.find((p) => p.name === 'Bea' && p.online), 'node 1 client sees node 2 arrival')
    bea.disconnect()
    await waitFor(() => seen.find((p) => p.name === 'Bea' && !p.online), 'node 1 client sees node 2 departure')
    expect(seen.filter((p) => p.name === 'Bea' && p.online)).toHaveLength(1)
  })

  it('acks edits as durable on every node, each node storing only its own clients\' edits', async () => {
    const cluster = await startCluster(2)
    const [a, b] = cluster.nodes
    const room = await createRoom(a!.url)
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const ma = nudgeMessages(ca)
    const mb = nudgeMessages(cb)
    await ca.synced()
    await cb.synced()
    ca.text.insert(0, 'from node one. ')
    cb.text.insert(0, 'from node two. ')
    await waitFor(() => ca.text.length === 30 && cb.text.length === 30, 'both edits everywhere')
    await waitFor(() => ma.covers() && mb.covers(), 'both clients see everything durable')
    const stored = await storedDoc(cluster.databaseUrl, room.id)
    expect(stored.getText('code').toString()).toBe(ca.text.toString())
    // Each update was written once (by its own node), not once per node.
    const { createPostgresStore } = await import('@nudge/server/store/postgres.ts')
    const store = createPostgresStore(cluster.databaseUrl, { max: 1 })
    const authors = (await store.listUpdates(room.id, 'code')).map((u) => u.author).sort()
    await store.close()
    expect(authors).toEqual(['api-candidate', 'api-interviewer', 'server'])
  })

  it('three nodes typing at once end with the same, complete document: nothing truncated or duplicated', async () => {
    const cluster = await startCluster(3)
    const room = await createRoom(cluster.nodes[0]!.url)
    const clients = cluster.nodes.map((n, i) => yjsClient(n.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' }, { doc: new Y.Doc({ gc: true }) }))
    const msgs = clients.map(nudgeMessages)
    await Promise.all(clients.map((c) => c.synced()))
    const words: string[] = []
    for (let round = 0; round < 40; round++) {
      clients.forEach((c, i) => {
        const w = `n${i}r${round};`
        words.push(w)
        c.text.insert(round % 3 === 0 ? 0 : c.text.length, w)
      })
      if (round % 10 === 9) await waitFor(() => clients.every((c) => c.text.length === words.join('').length), `round ${round} converged`)
    }
    const total = words.join('').length
    await waitFor(() => clients.every((c) => c.text.toString() === clients[0]!.text.toString() && c.text.length === total), 'three nodes converge')
    const text = clients[0]!.text.toString()
    for (const w of words) expect(text.split(w).length - 1).toBe(1)
    await waitFor(() => msgs.every((m) => m.covers()), 'all durable on all nodes', 10_000)
    expect((await storedDoc(cluster.databaseUrl, room.id)).getText('code').toString()).toBe(text)
    // A client arriving later, on any node, gets the same document.
    const late = yjsClient(cluster.nodes[2]!.wsUrl, room.id, { token: room.tokens.observer })
    await late.synced()
    expect(late.text.toString()).toBe(text)
  })
})
