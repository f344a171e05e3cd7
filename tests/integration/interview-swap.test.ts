import { describe, expect, it } from 'vitest'
import { RUBRICS, type Debrief, type QuestionSummary } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { getWithToken, interviewRoom, join } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

const entries = (score: 1 | 2 | 3 | 4, comment: string) => Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score, comment }]))

describe('role swap', () => {
  it('after a round, candidate and interviewer trade roles and a new round starts with an unseen question', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await interviewRoom(s, { language: 'python' })
    const q1 = ((await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[])[0]!
    await ivy.ok('question:pick', { questionId: q1.id })
    await ivy.ok('clock:start', {})
    await ivy.ok('note:add', { text: 'round one: good start' })
    const editor = yjsClient(s.wsUrl, room.id, { token: room.tokens.candidate })
    await editor.synced()
    editor.text.insert(editor.text.length, '# round one answer\n')
    await waitFor(() => s.app.collab.get(room.id)?.doc.getText('code').toString().includes('round one answer'), 'edit stored')

    expect(await ivy.cmd('round:swap', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } }) // not ended yet
    await ivy.ok('clock:end', {})
    expect(await ada.cmd('round:swap', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('round:swap', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('round:swap', { questionId: q1.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const round2 = await ivy.ok('round:swap', {})
    expect(round2.n).toBe(2)
    expect(round2.question?.id).not.toBe(q1.id)
    expect(round2.question?.kind).toBe('coding')

    // Both sockets are told their new role; the observer stays an observer.
    expect(await ada.waitEvent('role:changed')).toEqual({ role: 'interviewer', round: 2 })
    expect(await ivy.waitEvent('role:changed')).toEqual({ role: 'candidate', round: 2 })
    expect(olu.count('role:changed')).toBe(0)
    for (const p of [ivy, ada, olu]) expect((await p.waitEvent('round:started')).n).toBe(2)
    expect((await ada.waitEvent('interview:state', (st) => st.round.n === 2)).role).toBe('interviewer')
    const staff = await ada.waitEvent('staff:state', (st) => st.round === 2)
    expect(staff.question?.id).toBe(round2.question?.id)
    expect(staff.notes).toEqual([])
    expect(staff.usedQuestionIds).toContain(q1.id)
    expect((await ivy.waitEvent('interview:state', (st) => st.round.n === 2)).role).toBe('candidate')
    expect(ivy.events.some((e) => e.event === 'staff:state' && (e.arg as { round: number }).round === 2)).toBe(false)

    // The new roles hold for commands, presence, the invite links, and a fresh connection.
    await ada.ok('clock:start', {})
    expect(await ivy.cmd('clock:pause', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('clarify:ask', { text: 'May I use a heap?' })
    await olu.waitEvent('presence:updated', (p) => p.name === 'Ivy' && p.role === 'candidate')
    const fresh = join(s, room, 'interviewer', 'Ivy again')
    expect((await fresh.waitEvent('room:state')).you.role).toBe('candidate') // Ivy's link is the old interviewer link

    // The document holds the new starter; round one's code stays with round one.
    await waitFor(() => !editor.text.toString().includes('round one answer'), 'new starter in the document')
    const base = (n: number) => `${s.url}/api/rooms/${room.id}/rounds/${n}/debrief`
    const r1 = JSON.parse((await getWithToken(base(1), room.tokens.interviewer)).text) as Debrief
    expect(r1.finalCode.text).toContain('# round one answer')
    expect(r1.viewer).toBe('interviewer') // Ivy's link (now the candidate's) was round one's interviewer
    expect(r1.notes?.map((n) => n.text)).toEqual(['round one: good start'])
    // Ada's link now grants "interviewer", but for round one she was the candidate: no notes.
    const r1ForAda = JSON.parse((await getWithToken(base(1), room.tokens.candidate)).text) as Debrief
    expect(r1ForAda.viewer).toBe('candidate')
    expect(r1ForAda.notes).toBeNull()
    expect(JSON.stringify(r1ForAda)).not.toContain('round one: good start')
  })

  it('each round keeps its own scorecards and self-assessments', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s)
    await ivy.ok('clock:end', {})
    await ivy.ok('scorecard:save', { entries: entries(3, 'r1 by Ivy'), submit: true })
    await ada.ok('selfassessment:save', { entries: entries(2, 'r1 self Ada') })
    await ivy.ok('round:swap', {})
    await ada.waitEvent('role:changed')
    await ada.ok('clock:end', {})
    await ada.ok('scorecard:save', { entries: entries(4, 'r2 by Ada'), submit: true })
    await ivy.ok('selfassessment:save', { entries: entries(1, 'r2 self Ivy') })
    // Ivy, the candidate now, still owns round one's scorecard (and may share it); Ada may not touch it.
    expect(await ada.cmd('scorecard:save', { round: 1, entries: entries(1, 'x') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('scorecard:save', { round: 1, entries: entries(3, 'r1 by Ivy, edited'), submit: true })
    const d = async (n: number, token: string) => JSON.parse((await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/${n}/debrief`, token)).text) as Debrief
    const r1 = await d(1, room.tokens.interviewer)
    const r2 = await d(2, room.tokens.candidate)
    expect(r1.scores.rows[0]).toMatchObject({ score: 3, comment: 'r1 by Ivy, edited', selfScore: 2, selfComment: 'r1 self Ada' })
    expect(r2.scores.rows[0]).toMatchObject({ score: 4, comment: 'r2 by Ada', selfScore: 1, selfComment: 'r2 self Ivy' })
    // Round two's scorecard is not shown to its candidate (Ivy) until shared.
    expect((await d(2, room.tokens.interviewer)).scores.scorecard).toBeNull()
  })
})
