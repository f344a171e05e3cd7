import { spawn } from 'node:child_process'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Redis } from 'ioredis'
import type { Participant } from '@nudge/shared'
import { roomSocket, yjsClient } from '../utils/clients.ts'
import { freePort } from '../utils/process.ts'
import { tcpProxy } from '../utils/proxy.ts'
import { createRoom, freshDatabase, startCluster } from '../utils/scale.ts'
import { nextEvent, waitFor } from '../utils/wait.ts'
import { nudgeMessages, storedDoc } from '../utils/yjs.ts'

/** A private, throwaway redis-server (no persistence), so the test can kill and restart it. */
async function privateRedis(port: number) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  probe.on('error', () => {})
  await waitFor(async () => (await probe.connect().then(() => probe.ping(), () => null)) === 'PONG', `redis-server on ${port}`)
  probe.disconnect()
  return { kill: async () => { child.kill('SIGKILL'); await exited } }
}

const ready = async (url: string) => (await fetch(`${url}/readyz`)).status

describe('scaled mode: Redis or PostgreSQL goes away for a while', () => {
  it('a Redis restart heals: edits made meanwhile on each node reach the other, and room events flow again', async () => {
    const port = await freePort()
    let redis = await privateRedis(port)
    const cluster = await startCluster(2, { REDIS_URL: `redis://127.0.0.1:${port}` })
    const [a, b] = cluster.nodes
    const room = await createRoom(a!.url)
    const ca = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate })
    const cb = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer })
    await ca.synced()
    await cb.synced()
    ca.text.insert(0, 'before;')
    await waitFor(() => cb.text.toString() === 'before;', 'relayed before the outage')

    await redis.kill()
    await waitFor(async () => (await ready(a!.url)) === 503, 'node 1 not ready without Redis')
    ca.text.insert(ca.text.length, 'during-a;')
    cb.text.insert(0, 'during-b;')

    redis = await privateRedis(port)
    await waitFor(async () => (await ready(a!.url)) === 200 && (await ready(b!.url)) === 200, 'ready again', 10_000)
    await waitFor(() => ca.text.toString() === cb.text.toString() && ca.text.length === 25, 'nodes resynced after Redis came back', 10_000)
    expect(ca.text.toString()).toContain('during-a;')
    expect(ca.text.toString()).toContain('during-b;')
    ca.text.insert(ca.text.length, 'after;')
    await waitFor(() => cb.text.toString().endsWith('after;'), 'relay works after the restart')
    // Room events cross nodes again.
    const ada = roomSocket(a!.url, room.id, room.tokens.candidate, 'Ada')
    await nextEvent(ada, 'room:state')
    const seen: Participant[] = []
    ada.on('presence:updated', (p) => seen.push(p))
    const bea = roomSocket(b!.url, room.id, room.tokens.interviewer, 'Bea')
    await nextEvent(bea, 'room:state')
    await waitFor(() => seen.find((p) => p.name === 'Bea' && p.online), 'presence crosses nodes after the restart')
    expect((await storedDoc(cluster.databaseUrl, room.id)).getText('code').toString()).toBe(ca.text.toString())
  })

  it('PostgreSQL unreachable: no durable ack, edits kept in memory up to a cap, then refused with a notice; all flushed after', async () => {
    const databaseUrl = await freshDatabase()
    const proxy = await tcpProxy(Number(new URL(databaseUrl).port || 5432))
    const viaProxy = new URL(databaseUrl)
    viaProxy.port = String(proxy.port)
    const cluster = await startCluster(1, { DATABASE_URL: viaProxy.toString(), PERSIST_MAX_PENDING_BYTES: '4096' })
    const node = cluster.nodes[0]!
    const room = await createRoom(node.url)
    const c = yjsClient(node.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const witness = yjsClient(node.wsUrl, room.id, { token: room.tokens.interviewer })
    const m = nudgeMessages(c)
    await c.synced()
    await witness.synced()
    await waitFor(() => m.covers(), 'durable before the outage')

    proxy.cut()
    c.text.insert(0, 'kept in memory;')
    await waitFor(() => witness.text.toString() === 'kept in memory;', 'the server applied the edit')
    await waitFor(async () => (await ready(node.url)) === 503, 'not ready while PostgreSQL is away')
    expect(m.covers()).toBe(false)
    c.text.insert(c.text.length, 'x'.repeat(5000)) // crosses the 4 KiB cap
    await waitFor(() => witness.text.length === 5015, 'the big edit was still accepted')
    c.text.insert(c.text.length, 'refused;')
    await waitFor(() => m.notices.find((n) => n.code === 'UNAVAILABLE'), 'a notice that edits are refused')
    expect(witness.text.toString()).not.toContain('refused;')

    proxy.restore()
    await waitFor(async () => (await ready(node.url)) === 200, 'ready again', 15_000)
    const stored = await storedDoc(cluster.databaseUrl, room.id)
    expect(stored.getText('code').toString()).toBe(witness.text.toString())
    // On reconnect the client sends what was refused; now it is accepted and stored.
    c.provider.disconnect()
    c.provider.connect()
    await waitFor(() => witness.text.toString().endsWith('refused;'), 'the refused edit is accepted after reconnecting')
    await waitFor(() => m.covers(), 'everything durable', 10_000)
  })
})
