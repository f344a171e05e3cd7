import { describe, expect, it } from 'vitest'
import { CHAT_CALL_LIMITS } from '@nudge/shared'
import { join } from '../utils/interview.ts'
import { createRoom, startCluster } from '../utils/scale.ts'

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
})
