import { describe, expect, it } from 'vitest'
import type { Debrief, QuestionSummary } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { getWithToken, interviewRoom, join } from '../utils/interview.ts'
import { startServer, type TestServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

/** Issue #14: the traps a new user walked into in their first hour. */

const bank = async (s: TestServer, kind = 'coding') =>
  (await (await fetch(`${s.url}/api/questions?kind=${kind}`)).json()) as QuestionSummary[]
const code = (s: TestServer, roomId: string) => s.app.collab.get(roomId)?.doc.getText('code').toString() ?? ''
const debrief = async (s: TestServer, roomId: string, n: number, token: string) =>
  JSON.parse((await getWithToken(`${s.url}/api/rooms/${roomId}/rounds/${n}/debrief`, token)).text) as Debrief

describe('picking the question after the clock started (#14.1)', () => {
  it('picks while running, changes while paused with a timeline line, and keeps typed code', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s, { language: 'python' })
    const [q1, q2, q3] = await bank(s)
    const editor = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await editor.synced()

    await ivy.ok('clock:start', {}) // "Intro" first, as the default plan invites
    const picked = await ivy.ok('question:pick', { questionId: q1!.id })
    expect(picked.starterInserted).toBe(true)
    expect((await ada.waitEvent('question:picked')).question.id).toBe(q1!.id)
    const clock = await ivy.waitEvent('clock:updated', (u) => u.clock.status === 'running')
    expect(clock.clock.startedAt).not.toBeNull() // the clock keeps running; the plan is not reset
    await waitFor(() => code(s, room.id).includes('def '), 'starter in the document')

    // Changing while paused: the candidate has typed, so their code stays.
    await ivy.ok('clock:pause', {})
    editor.text.insert(editor.text.length, '# my idea\n')
    await waitFor(() => code(s, room.id).includes('# my idea'), 'edit stored')
    const changed = await ivy.ok('question:pick', { questionId: q2!.id })
    expect(changed.starterInserted).toBe(false)
    expect(code(s, room.id)).toContain('# my idea')

    // A question of another kind needs its own round.
    const design = (await bank(s, 'system-design'))[0]!
    expect(await ivy.cmd('question:pick', { questionId: design.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    await ivy.ok('clock:end', {})
    expect(await ivy.cmd('question:pick', { questionId: q3!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const d = await debrief(s, room.id, 1, room.tokens.interviewer)
    const lines = d.timeline.events.filter((e) => e.kind === 'question').map((e) => e.label)
    expect(lines).toEqual([`Question picked: ${q1!.title}`, expect.stringContaining(`→ ${q2!.title}`)])
    expect(d.round.question?.id).toBe(q2!.id)
  })
})

describe('whitespace is not code (#14.4)', () => {
  it('a document holding only a Tab and newlines still gets the starter', async () => {
    const s = await startServer()
    const { room, ivy } = await interviewRoom(s, { language: 'python' })
    const editor = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await editor.synced()
    editor.text.insert(0, '\t\n  \n')
    await waitFor(() => code(s, room.id) === '\t\n  \n', 'whitespace stored')
    const picked = await ivy.ok('question:pick', { questionId: (await bank(s))[0]!.id })
    expect(picked.starterInserted).toBe(true)
    await waitFor(() => code(s, room.id).includes('def '), 'starter replaced the whitespace')
    expect(code(s, room.id).startsWith('\t')).toBe(false)
  })
})

describe('ending early (#14.3)', () => {
  it('marks phases the clock never reached as skipped, not done', async () => {
    const s = await startServer()
    const { room, ivy } = await interviewRoom(s)
    await ivy.ok('question:pick', { questionId: (await bank(s))[0]!.id })
    await ivy.ok('clock:start', {})
    await ivy.ok('clock:next', {})
    await ivy.ok('clock:end', {})
    const d = await debrief(s, room.id, 1, room.tokens.interviewer)
    const skipped = d.timeline.phases.map((p) => [p.id, p.skipped])
    expect(skipped.slice(0, 3)).toEqual([['intro', false], ['clarify', false], ['approach', true]])
    expect(skipped.at(-1)).toEqual(['wrap-up', true])
    const md = (await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/1/debrief.md`, room.tokens.interviewer))
    expect(md.status).toBe(200)
    expect(md.text).toMatch(/Wrap-up \| \d+ min \| [^|]+ \| skipped/)
  })
})

describe('next round with the same roles (#14.2)', () => {
  it('keeps the roles, starts without a question (picked later) or with the one chosen', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await interviewRoom(s, { language: 'python' })
    const [q1, q2] = await bank(s)
    await ivy.ok('question:pick', { questionId: q1!.id })
    expect(await ivy.cmd('round:next', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } }) // not ended
    await ivy.ok('clock:end', {})
    expect(await ada.cmd('round:next', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('round:next', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const r2 = await ivy.ok('round:next', {})
    expect(r2).toMatchObject({ n: 2, question: null })
    for (const p of [ivy, ada, olu]) expect((await p.waitEvent('round:started')).n).toBe(2)
    expect(ivy.count('role:changed') + ada.count('role:changed')).toBe(0)
    expect((await ivy.waitEvent('staff:state', (st) => st.round === 2)).question).toBeNull()
    expect((await ada.waitEvent('interview:state', (st) => st.round.n === 2)).role).toBe('candidate')
    await ivy.ok('question:pick', { questionId: q2!.id })
    await ivy.ok('clock:end', {})

    const r3 = await ivy.ok('round:next', { questionId: (await bank(s))[2]!.id })
    expect(r3.n).toBe(3)
    expect(r3.question?.id).toBe((await bank(s))[2]!.id)
    expect(await ivy.cmd('clock:end', {})).toMatchObject({ ok: true })
    expect(await ivy.cmd('round:next', { questionId: q1!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } }) // used
  })
})

describe('checking an invite link before asking for a name (#14.6)', () => {
  it('names the room and role for a good link, and refuses a bad one, another room’s, or none', async () => {
    const s = await startServer()
    const room = await s.createRoom({ title: 'Friday mock' })
    const other = await s.createRoom({})
    const check = async (id: string, token?: string) => {
      const res = await fetch(`${s.url}/api/rooms/${id}/invite`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, cache: res.headers.get('cache-control') }
    }
    expect(await check(room.id, room.tokens.candidate)).toEqual({ status: 200, body: { roomId: room.id, title: 'Friday mock', role: 'candidate' }, cache: 'private, no-store' })
    expect((await check(room.id, room.tokens.observer)).body.role).toBe('observer')
    expect((await check(room.id, 'x'.repeat(32))).status).toBe(401)
    expect((await check(room.id)).status).toBe(401)
    expect((await check(other.id, room.tokens.interviewer)).status).toBe(403)
  })
})

describe('"I’m stuck" while the interviewer is offline (#14.8)', () => {
  it('tells the candidate the truth and shows the signal when the interviewer returns, once', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s)
    const other = await interviewRoom(s)
    expect((await other.ada.ok('stuck:raise', {})).delivered).toBe(true) // interviewer online
    await other.ivy.waitEvent('stuck:raised')

    ivy.socket.disconnect()
    const interviewerSockets = () => [...s.app.io.of('/').sockets.values()].filter((x) => x.data.roomId === room.id && x.data.role === 'interviewer')
    await waitFor(() => interviewerSockets().length === 0, 'interviewer gone')
    const offline = await ada.ok('stuck:raise', {})
    expect(offline.delivered).toBe(false)

    const back = join(s, room, 'interviewer', 'Ivy')
    const staff = await back.waitEvent('staff:state')
    expect(staff.stuck.map((x) => [x.id, x.delivered])).toEqual([[offline.id, false]])
    // Delivered now: another of the interviewer's tabs is not alerted again.
    await waitFor(async () => (await s.app.interview.currentRound(room.id))?.stuck.every((x) => x.delivered), 'marked delivered')
    const tab = join(s, room, 'interviewer', 'Ivy')
    expect((await tab.waitEvent('staff:state')).stuck.map((x) => x.delivered)).toEqual([true])
  })
})

describe('"Pause the clock when I drop" (#14.9)', () => {
  it('pauses a running clock when the interviewer’s last connection leaves, only if chosen; only they resume', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s)
    // Everyone is told the setting on connect; only the interviewer may change it.
    expect(await ada.waitEvent('settings:updated')).toEqual({ pauseOnDrop: false })
    expect(await ada.cmd('settings:update', { pauseOnDrop: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // Off (the default): the clock runs on when the interviewer drops.
    await ivy.ok('clock:start', {})
    ivy.socket.disconnect()
    await ada.waitEvent('presence:updated', (p) => p.name === 'Ivy' && !p.online, 'Ivy offline')
    const ivy2 = join(s, room, 'interviewer', 'Ivy')
    await ivy2.waitEvent('staff:state')
    expect((await s.app.interview.currentClock(room.id))?.clock.status).toBe('running')

    // On: a second tab of the interviewer keeps it running; the last one leaving pauses it.
    expect(await ivy2.ok('settings:update', { pauseOnDrop: true })).toEqual({ pauseOnDrop: true })
    await ada.waitEvent('settings:updated', (x) => x.pauseOnDrop, 'the setting on')
    const ivy3 = join(s, room, 'interviewer', 'Ivy')
    await ivy3.waitEvent('staff:state')
    ivy2.socket.disconnect()
    await waitFor(async () => (await s.app.io.in(room.id).fetchSockets()).length === 3 || undefined, 'ivy2 gone')
    expect((await s.app.interview.currentClock(room.id))?.clock.status).toBe('running')
    ivy3.socket.disconnect()
    const paused = await ada.waitEvent('clock:updated', (u) => u.clock.status === 'paused', 'the clock paused')
    expect(paused.clock.pausedAt).not.toBeNull()
    // The candidate cannot resume it; the returning interviewer can, and sees the setting kept.
    expect(await ada.cmd('clock:resume', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const ivy4 = join(s, room, 'interviewer', 'Ivy')
    expect(await ivy4.waitEvent('settings:updated')).toEqual({ pauseOnDrop: true })
    expect((await ivy4.ok('clock:resume', {})).clock.status).toBe('running')
  })
})
