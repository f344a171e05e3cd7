import { describe, expect, it } from 'vitest'
import type { Participant } from '@nudge/shared'
import { roomSocket, yjsClient } from '../utils/clients.ts'
import { startNginx } from '../utils/nginx.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'

const yjsConnections = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text()
  return Number(/^nudge_yjs_connections\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? NaN)
}

describe('behind nginx (deploy/nginx.conf)', () => {
  it('clients through the load balancer converge across nodes and survive one node being killed', async () => {
    const cluster = await startCluster(2)
    const [a, b] = cluster.nodes
    const lb = await startNginx([a!.port, b!.port])
    const room = await createRoom(lb.url)
    const c1 = yjsClient(lb.wsUrl, room.id, { token: room.tokens.candidate })
    await c1.synced()
    const c2 = yjsClient(lb.wsUrl, room.id, { token: room.tokens.interviewer })
    await c2.synced()
    // least_conn spreads the two WebSockets over both nodes: the relay is really in play.
    expect([await yjsConnections(a!.url), await yjsConnections(b!.url)]).toEqual([1, 1])
    c1.text.insert(0, 'one;')
    c2.text.insert(0, 'two;')
    await waitFor(() => c1.text.toString() === c2.text.toString() && c1.text.length === 8, 'converged through the LB')

    // Room events through the LB cross nodes as well.
    const ada = roomSocket(lb.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    const seen: Participant[] = []
    ada.on('presence:updated', (p) => seen.push(p))
    const bea = roomSocket(lb.url, room.id, room.tokens.interviewer, 'Bea')
    await nextEvent(bea, 'room:state')
    await waitFor(() => seen.find((p) => p.name === 'Bea' && p.online), 'presence through the LB')

    a!.child.kill('SIGKILL')
    await a!.exited
    // The client that was on node 1 reconnects through nginx, which fails over to node 2.
    c1.text.insert(c1.text.length, 'while-down;')
    c2.text.insert(c2.text.length, 'other;')
    await waitFor(() => c1.text.toString() === c2.text.toString() && c1.text.length === 25, 'converged after failover', 15_000)
    expect(await yjsConnections(b!.url)).toBe(2)
    expect((await fetch(`${lb.url}/readyz`)).status).toBe(200)
    expect((await fetch(`${lb.url}/metrics`)).status).toBe(404) // scraped per node, not via the LB
  })
})
