import { describe, expect, it } from 'vitest'
import { RUBRICS } from '@nudge/shared'
import { interviewRoom } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'

const scores = (score: 1 | 2 | 3 | 4) => Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score, comment: `${c.label}: fine` }]))

describe('clarifying-questions ledger', () => {
  it('the candidate asks, the interviewer answers, either pins the answer as an assumption; everyone sees it', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    await ivy.ok('clock:start', {})
    const asked = await ada.ok('clarify:ask', { text: 'Can the list be empty?' })
    expect(asked).toMatchObject({ question: 'Can the list be empty?', askedBy: 'Ada', answer: null, pinned: false, stamp: { phaseId: 'intro' } })
    const answered = await ivy.ok('clarify:answer', { id: asked.id, text: 'No, never empty.' })
    expect(answered).toMatchObject({ answer: 'No, never empty.', answeredBy: 'Ivy' })
    const pinned = await ada.ok('clarify:pin', { id: asked.id, pinned: true })
    expect(pinned.pinned).toBe(true)
    for (const p of [ivy, ada, olu]) {
      await p.waitEvent('clarify:asked', (i) => i.id === asked.id)
      await p.waitEvent('clarify:answered', (i) => i.id === asked.id)
      await p.waitEvent('clarify:pinned', (i) => i.id === asked.id && i.pinned)
    }
    expect((await olu.ok('interview:sync', {})).state.clarifications).toEqual([pinned])
  })

  it('checks who may do what', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    const asked = await ada.ok('clarify:ask', { text: 'Sorted input?' })
    expect(await ivy.cmd('clarify:ask', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('clarify:ask', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ada.cmd('clarify:answer', { id: asked.id, text: 'yes' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('clarify:pin', { id: asked.id, pinned: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('clarify:pin', { id: asked.id, pinned: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await ivy.cmd('clarify:answer', { id: 'nope-nope-1', text: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    await ivy.ok('clock:ping', { clientSentAt: 0 })
    expect(ada.count('clarify:answered') + ada.count('clarify:pinned')).toBe(0)
  })
})

describe('private notes', () => {
  it('are stamped with the clock time and reach only the interviewer', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    await ivy.ok('clock:start', {})
    await ivy.ok('clock:next', {})
    const note = await ivy.ok('note:add', { text: 'Good question about duplicates' })
    expect(note.stamp).toMatchObject({ phaseId: 'clarify', phaseIndex: 1, status: 'running' })
    expect((await ivy.waitEvent('note:added')).id).toBe(note.id)
    expect(await ada.cmd('note:add', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('note:add', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ivy.ok('clock:ping', { clientSentAt: 0 })
    expect(ada.count('note:added') + olu.count('note:added')).toBe(0)
    expect((await ivy.ok('interview:sync', {})).staff?.notes).toEqual([note])
  })
})

describe('scorecards and self-assessment', () => {
  it('the interviewer scores the rubric, the candidate assesses themself; the scorecard is shared only on purpose', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await interviewRoom(s)
    await ivy.ok('clock:end', {})
    const draft = await ivy.ok('scorecard:save', { entries: { testing: { score: 2, comment: 'few tests' } } })
    expect(draft).toMatchObject({ round: 1, submitted: false, shared: false })
    expect(await ivy.cmd('scorecard:save', { entries: {}, submit: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ivy.cmd('scorecard:save', { entries: { situation: { score: 3, comment: '' } } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ivy.cmd('scorecard:save', { entries: { testing: { score: 5, comment: '' } } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ivy.cmd('scorecard:share', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const done = await ivy.ok('scorecard:save', { entries: scores(3), summary: 'Clear thinker', submit: true })
    expect(done.submitted).toBe(true)
    expect(ivy.count('scorecard:saved')).toBeGreaterThan(0)
    expect(await ada.cmd('scorecard:save', { entries: scores(4) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await olu.cmd('scorecard:save', { entries: scores(4) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const self = await ada.ok('selfassessment:save', { entries: scores(2), summary: 'Nervous start', submit: true })
    expect(self).toMatchObject({ submitted: true, by: 'Ada' })
    await ivy.waitEvent('selfassessment:saved')
    expect(await ivy.cmd('selfassessment:save', { entries: scores(4) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    await ivy.ok('clock:ping', { clientSentAt: 0 })
    expect(ada.count('scorecard:saved') + olu.count('scorecard:saved') + olu.count('selfassessment:saved')).toBe(0)
    expect((await ada.ok('debrief:get', { round: 1, format: 'json' })).debrief.scores.scorecard).toBeNull()

    await ivy.ok('scorecard:share', {})
    const shared = await ada.waitEvent('scorecard:shared')
    expect(shared.scorecard).toMatchObject({ summary: 'Clear thinker', shared: true })
    await olu.waitEvent('scorecard:shared')
    const d = (await ada.ok('debrief:get', { round: 1, format: 'json' })).debrief
    expect(d.scores.rows.find((r) => r.criterion === 'testing')).toMatchObject({ score: 3, selfScore: 2 })
  })
})
