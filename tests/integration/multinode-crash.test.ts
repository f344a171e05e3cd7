import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { roomSocket, yjsClient } from '../utils/clients.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'
import { nudgeMessages, storedDoc, svCovers } from '../utils/yjs.ts'

describe('scaled mode: a node dies', () => {
  it('kill -9 while clients type loses no durably acknowledged edit; its clients move to another node', async () => {
    const cluster = await startCluster(1)
    const b = cluster.nodes[0]
    // Node 1 stores in slow batches, so it dies holding edits it has relayed but not stored:
    // node 2 must store those ("adopt" them), or they would vanish when the room unloads.
    const a = await cluster.add({ PERSIST_BATCH_MS: '300' })
    const room = await createRoom(a!.url)
    const doc = new Y.Doc()
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' }, { doc })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    const ma = nudgeMessages(ca)
    await ca.synced()
    await cb.synced()
    // Both type; node 1 is killed mid-stream, once some of its client's edits are durable.
    let i = 0
    const typeSome = (n: number) => {
      for (let k = 0; k < n; k++, i++) {
        ca.text.insert(ca.text.length, `a${i} `)
        cb.text.insert(0, `b${i} `)
      }
    }
    typeSome(20)
    await waitFor(() => ma.durable().get(doc.clientID), 'some edits of the node 1 client are durable')
    typeSome(5)
    await waitFor(() => cb.text.toString().includes(`a${i - 1} `), 'node 2 has node 1\'s latest edits')
    expect(ma.covers()).toBe(false) // ...which node 1 has not stored yet
    a!.child.kill('SIGKILL')
    await a!.exited
    expect(a!.child.signalCode).toBe('SIGKILL')
    const ackedBeforeCrash = ma.durable()
    typeSome(5) // these stay in the client until it reconnects
    // The client reconnects to the surviving node with the same document.
    ca.provider.destroy()
    const moved = yjsClient(b!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' }, { doc })
    const mm = nudgeMessages(moved)
    await moved.synced()
    await waitFor(() => moved.text.toString() === cb.text.toString() && cb.text.toString().includes(`a${i - 1} `), 'converged on node 2')
    const text = cb.text.toString()
    for (let k = 0; k < i; k++) {
      expect(text).toContain(`a${k} `)
      expect(text).toContain(`b${k} `)
    }
    // Everything, including what node 1 had relayed but not stored, ends up stored and acked.
    await waitFor(() => mm.covers(), 'everything durable on node 2', 15_000)
    const stored = await storedDoc(cluster.databaseUrl, room.id)
    expect(svCovers(Y.decodeStateVector(Y.encodeStateVector(stored)), ackedBeforeCrash)).toBe(true)
    expect(stored.getText('code').toString()).toBe(text)
  })

  it('presence on the surviving node keeps working after another node is killed', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ada = roomSocket(a!.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    a!.child.kill('SIGKILL')
    await a!.exited
    const t0 = Date.now()
    const bea = roomSocket(b!.url, room.id, room.tokens.interviewer, 'Bea')
    const state = await nextEvent<{ participants: { name: string; online: boolean }[] }>(bea, 'room:state', 10_000)
    // The dead node's sockets are gone: fetchSockets does not wait for it.
    expect(state.participants.find((p) => p.name === 'Ada')?.online).toBe(false)
    expect(Date.now() - t0).toBeLessThan(4000)
  })
})
