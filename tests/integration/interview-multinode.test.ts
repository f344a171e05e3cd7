import { describe, expect, it } from 'vitest'
import { join } from '../utils/interview.ts'
import { createRoom, startCluster } from '../utils/scale.ts'

/** The interview features with the room's participants spread over two nodes (PostgreSQL + Redis). */
describe('interview features in scaled mode', () => {
  it('clock, hints, stuck signals, warnings and a role swap work across nodes', async () => {
    const { nodes: [a, b] } = await startCluster(2)
    const room = await createRoom(a!.url)
    const ivy = join(a!, room, 'interviewer', 'Ivy')
    const ada = join(b!, room, 'candidate', 'Ada')
    const olu = join(b!, room, 'observer', 'Olu')
    await Promise.all([ivy, ada, olu].map((p) => p.waitEvent('interview:state')))

    await ivy.ok('clock:configure', { phases: [{ id: 'sprint', kind: 'code', label: 'Sprint', plannedMs: 31_500 }, { id: 'wrap-up', kind: 'wrap-up', label: 'Wrap-up', plannedMs: 60_000 }] })
    const started = await ivy.ok('clock:start', {})
    for (const p of [ivy, ada, olu]) await p.waitEvent('clock:updated', (u) => u.clock.version === started.clock.version)

    // Changes from both nodes at once: none is lost.
    const asks = Array.from({ length: 15 }, (_, i) => ada.ok('clarify:ask', { text: `question ${i}` }))
    const hints = Array.from({ length: 15 }, (_, i) => ivy.ok('hint:send', { text: `hint ${i}` }))
    await Promise.all([...asks, ...hints])
    const state = (await olu.ok('interview:sync', {})).state
    expect(state.clarifications).toHaveLength(15)
    expect(state.hints).toHaveLength(15)

    // "I'm stuck" from node 2 reaches the interviewer on node 1, and nobody else.
    await ada.ok('stuck:raise', {})
    await ivy.waitEvent('stuck:raised')

    // The 30 s warning reaches each participant exactly once, whichever node they are on.
    for (const p of [ivy, ada, olu]) expect((await p.waitEvent('clock:warning')).secondsLeft).toBe(30)
    await Promise.all([ivy, ada, olu].map((p) => p.ok('clock:ping', { clientSentAt: 0 })))
    expect([ivy, ada, olu].map((p) => p.count('clock:warning'))).toEqual([1, 1, 1])
    expect(ada.count('stuck:raised') + olu.count('stuck:raised')).toBe(0)

    // A role swap made on node 1 changes the role of the socket on node 2.
    await ivy.ok('clock:end', {})
    await ivy.ok('round:swap', {})
    expect(await ada.waitEvent('role:changed')).toEqual({ role: 'interviewer', round: 2 })
    await ada.waitEvent('staff:state', (s) => s.round === 2)
    await ada.ok('clock:start', {})
    expect(await ivy.cmd('clock:pause', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(olu.count('role:changed')).toBe(0)
  })
})
