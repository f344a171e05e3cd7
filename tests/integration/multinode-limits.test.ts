import { describe, expect, it } from 'vitest'
import { CHAT_CALL_LIMITS } from '@nudge/shared'
import { createPostgresStore } from '@nudge/server/store/postgres.ts'
import { yjsClient } from '../utils/clients.ts'
import { join } from '../utils/interview.ts'
import { createRoom, startCluster } from '../utils/scale.ts'
import { waitFor } from '../utils/wait.ts'
import { nudgeMessages } from '../utils/yjs.ts'

/** Per-room and per-seat limits hold across nodes (PostgreSQL + Redis), not once per node. */
describe('limits in scaled mode', () => {
  it('one chat budget per seat and one code run per room, whichever node each tab is on', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ivy = join(a!, room, 'interviewer', 'Ivy')
    const adaA = join(a!, room, 'candidate', 'Ada')
    const adaB = join(b!, room, 'candidate', 'Ada')
    await Promise.all([ivy, adaA, adaB].map((p) => p.waitEvent('interview:state')))

    // The same link on both nodes: 2 × burst messages at once; one burst (plus refill) gets through.
    const t0 = Date.now()
    const acks = await Promise.all(
      Array.from({ length: CHAT_CALL_LIMITS.chatBurst }, (_, i) => [adaA.cmd('chat:send', { text: `a${i}` }), adaB.cmd('chat:send', { text: `b${i}` })]).flat(),
    )
    const seconds = (Date.now() - t0) / 1000
    const accepted = acks.filter((x) => x.ok).length
    expect(acks.filter((x) => !x.ok).every((x) => !x.ok && x.error.code === 'RATE_LIMITED')).toBe(true)
    expect(accepted).toBeGreaterThanOrEqual(CHAT_CALL_LIMITS.chatBurst - 1)
    expect(accepted).toBeLessThanOrEqual(CHAT_CALL_LIMITS.chatBurst + Math.ceil(seconds * CHAT_CALL_LIMITS.chatPerSecond) + 1)

    // A run on node 1 holds the room: a start on node 2 is refused, naming who runs.
    await ivy.ok('question:pick', { questionId: 'activity-streak' })
    const run = await ivy.ok('run:start', { language: 'javascript', kind: 'code', code: 'console.log(1)' })
    const refused = await adaB.cmd('run:start', { language: 'javascript', kind: 'code', code: 'console.log(2)' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Ivy') } })
    await ivy.ok('run:finish', { runId: run.id, status: 'passed', output: '1\n', outputTruncated: false, cases: [], error: null, durationMs: 3 })
    // Finished: the room is free on every node.
    await adaB.ok('run:start', { language: 'javascript', kind: 'code', code: 'console.log(3)' })
  })

  it('one update-log quota per room: a node learns the other node\'s writes and refuses past the room\'s quota', async () => {
    const quota = 2 * 1024 * 1024
    // One seat may use the whole quota here: this test is about the room's bound across nodes.
    const { databaseUrl, nodes: [a, b] } = await startCluster(2, { ROOM_MAX_LOG_BYTES: String(quota), ROOM_SEAT_LOG_SHARE: '1' })
    const room = await createRoom(a!.url)
    // Both nodes load the room while its log is nearly empty.
    const onA = yjsClient(a!.wsUrl, room.id, { token: room.tokens.candidate, nudge: '1' })
    const onB = yjsClient(b!.wsUrl, room.id, { token: room.tokens.interviewer, nudge: '1' })
    const notesA = nudgeMessages(onA)
    const notesB = nudgeMessages(onB)
    await Promise.all([onA.synced(), onB.synced()])
    const chunk = 256 * 1024
    // Node A stores six chunks (~1.5 MiB): node B's own count knows nothing of them.
    for (let i = 0; i < 6; i++) {
      onA.text.insert(0, String(i).repeat(chunk))
      await waitFor(() => notesA.covers(), `chunk ${i} stored on A`, 15_000)
    }
    expect(notesA.notices).toEqual([])
    // Node B's first batch tells it the room's total; one more chunk would pass the quota.
    const sent: number[] = []
    for (let i = 0; i < 6 && !notesB.notices.some((n) => n.code === 'TOO_LARGE'); i++) {
      onB.text.insert(0, 'b'.repeat(chunk))
      sent.push(i)
      await waitFor(() => notesB.covers() || notesB.notices.some((n) => n.code === 'TOO_LARGE'), `B chunk ${i}`, 15_000)
    }
    expect(notesB.notices.some((n) => n.code === 'TOO_LARGE' && /history is full/.test(n.message))).toBe(true)
    // Counted per node, B would have taken all six (1.5 MiB of its own under 2 MiB).
    expect(sent.length).toBeLessThanOrEqual(3)
    const store = createPostgresStore(databaseUrl, { max: 1 })
    try {
      const usage = await store.roomUsage(room.id)
      // Past the quota by at most what one node writes in one batch before it learns the total.
      expect(usage!.logBytes).toBeLessThanOrEqual(quota + chunk + 1024)
      const rows = [...(await store.listUpdates(room.id, 'code'))]
      expect(rows.reduce((n, r) => n + r.data.byteLength, 0)).toBe(usage!.logBytes)
    } finally {
      await store.close()
    }
  })
})
