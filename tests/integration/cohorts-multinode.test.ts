import { describe, expect, it } from 'vitest'
import type { Role } from '@nudge/shared'
import { join } from '../utils/interview.ts'
import { startCluster } from '../utils/scale.ts'
import { waitFor } from '../utils/wait.ts'
import { ADMIN_TOKEN, createCohort, fragmentSecret } from '../utils/cohorts.ts'

const enter = (node: { url: string }, roomUrl: string, name: string, role: Role) =>
  join(node, { id: new URL(roomUrl).pathname.split('/').pop()!, tokens: { [role]: fragmentSecret(roomUrl) } } as never, role, name)

/** Cohorts in scaled mode: two nodes on PostgreSQL + Redis; any node serves the organizer and the students. */
describe('cohorts in scaled mode', () => {
  it('a session set up on one node runs, shows and broadcasts from the other', { timeout: 120_000 }, async () => {
    // Two processes starting on a loaded 2-core machine can take ~30 s.
    const { nodes: [a, b] } = await startCluster(2, { ADMIN_TOKEN })
    const onA = await createCohort(a!.url, 'Scaled')
    const onB = { ...(await createCohort(b!.url, 'Other')) }
    await onA.importCsv('name\nAda\nBao\nCleo\nDev\n')
    // The organizer's next request lands on node b: same cohort, same secret.
    const asB = (method: string, path: string, body?: unknown) =>
      fetch(`${b!.url}/api/cohorts/${onA.id}${path}`, {
        method, headers: { authorization: `Bearer ${onA.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    const session = await (await asB('POST', '/sessions', { rounds: 2 })).json()
    expect(session.rounds).toHaveLength(2)
    expect((await fetch(`${b!.url}/api/cohorts/${onA.id}/dashboard`, { headers: { authorization: `Bearer ${onB.key}` } })).status).toBe(403)

    const roster = await onA.roster()
    const seat = session.rounds[0][0]
    const student = (id: string) => roster.find((x) => x.id === id)!
    const where = async (node: { url: string }, id: string) =>
      (await fetch(`${node.url}/api/cohorts/${onA.id}/me`, { headers: { authorization: `Bearer ${fragmentSecret(student(id).link)}` } })).json()
    const wi = await where(a!, seat.interviewer)
    const wc = await where(b!, seat.candidate)
    expect([wi.role, wc.role]).toEqual(['interviewer', 'candidate'])
    const interviewer = enter(a!, wi.roomUrl, wi.name, 'interviewer')
    const candidate = enter(b!, wc.roomUrl, wc.name, 'candidate')
    await Promise.all([interviewer.waitEvent('interview:state'), candidate.waitEvent('interview:state')])

    // The dashboard on node b sees the socket on node a, and the clock node a started.
    const roomOnB = async () => {
      const d = await (await asB('GET', '/dashboard')).json()
      return d.rooms.find((r: { roomId: string }) => r.roomId === seat.roomId)
    }
    await waitFor(async () => { const r = await roomOnB(); return r.interviewer.online && r.candidate.online }, 'both online, seen from node b', 20_000)
    await interviewer.ok('clock:start', {})
    await candidate.ok('stuck:raise', {})
    await waitFor(async () => { const r = await roomOnB(); return r.status === 'running' && r.stuck === 1 }, 'clock and stuck seen from node b', 20_000)

    // A broadcast sent through node b reaches the socket on node a.
    expect((await asB('POST', '/broadcast', { kind: 'message', text: 'Wrap up please' })).status).toBe(200)
    expect((await interviewer.waitEvent('cohort:broadcast')).text).toBe('Wrap up please')
    expect((await candidate.waitEvent('cohort:broadcast')).text).toBe('Wrap up please')

    // The next round started on node a; personal links on node b follow.
    expect((await onA.advance(session.id)).current).toBe(2)
    const next = session.rounds[1].find((x: { interviewer: string; candidate: string; observer?: string }) =>
      [x.interviewer, x.candidate, x.observer].includes(seat.candidate))
    const moved = await where(b!, seat.candidate)
    expect(moved.roomUrl).toContain(next.roomId)
    expect((await (await asB('GET', '/dashboard')).json()).session.current).toBe(2)
    const exp = await (await asB('GET', '/export.json')).json()
    expect(exp.rows).toHaveLength(2 * 4)
  })
})
