import { describe, expect, it } from 'vitest'
import { RUBRICS, type Debrief, type ErrorBody, type QuestionSummary } from '@nudge/shared'
import { yjsClient } from '../utils/clients.ts'
import { getWithToken, interviewRoom } from '../utils/interview.ts'
import { startServer } from '../utils/server.ts'
import { waitFor } from '../utils/wait.ts'

async function playedRound() {
  const s = await startServer()
  const r = await interviewRoom(s, { title: 'Arrays practice', language: 'javascript' })
  const q = ((await (await fetch(`${s.url}/api/questions?kind=coding`)).json()) as QuestionSummary[])[0]!
  await r.ivy.ok('question:pick', { questionId: q.id })
  await r.ivy.ok('clock:start', {})
  const asked = await r.ada.ok('clarify:ask', { text: 'Are values unique?' })
  await r.ivy.ok('clarify:answer', { id: asked.id, text: 'No.' })
  await r.ivy.ok('clock:next', {})
  await r.ivy.ok('hint:send', { text: 'Consider a map.' })
  await r.ada.ok('stuck:raise', {})
  await r.ivy.ok('note:add', { text: 'Needed a nudge on the data structure' })
  const editor = yjsClient(s.wsUrl, r.room.id, { token: r.room.tokens.candidate })
  await editor.synced()
  editor.text.insert(editor.text.length, '// done\n')
  await waitFor(() => s.app.collab.get(r.room.id)?.doc.getText('code').toString().endsWith('// done\n'), 'edit on the server')
  await r.ivy.ok('clock:end', {})
  const entries = Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score: 3 as const, comment: 'ok' }]))
  await r.ivy.ok('scorecard:save', { entries, summary: 'Solid', submit: true })
  await r.ada.ok('selfassessment:save', { entries: { testing: { score: 2, comment: 'rushed' } } })
  return { s, ...r, q }
}

describe('debrief', () => {
  it('over HTTP with the invite secret: the interviewer sees everything, JSON and Markdown', async () => {
    const { s, room, q } = await playedRound()
    const base = `${s.url}/api/rooms/${room.id}/rounds/1/debrief`
    const json = await getWithToken(base, room.tokens.interviewer)
    expect(json.status).toBe(200)
    const d = JSON.parse(json.text) as Debrief
    expect(d.room).toEqual({ id: room.id, title: 'Arrays practice' })
    expect(d.round).toMatchObject({ n: 1, kind: 'coding', question: { id: q.id } })
    expect(d.viewer).toBe('interviewer')
    expect(d.timeline.phases.map((p) => p.id)).toEqual(['intro', 'clarify', 'approach', 'code', 'test', 'wrap-up'])
    expect(d.timeline.phases[0]!.endedAt).not.toBeNull()
    expect(d.timeline.events.map((e) => e.kind)).toEqual(['start', 'clarify', 'answer', 'phase', 'hint', 'stuck', 'note', 'end'])
    expect(d.counts).toEqual({ hints: 1, ladderHints: 0, customHints: 1, clarifications: 1, answered: 1, pinned: 0, stuck: 1, notes: 1 })
    expect(d.scores.rows.find((r) => r.criterion === 'testing')).toMatchObject({ score: 3, selfScore: 2, selfComment: 'rushed' })
    expect(d.finalCode.text.endsWith('// done\n')).toBe(true)
    expect(d.finalCode.language).toBe('javascript')

    const md = await getWithToken(`${base}.md`, room.tokens.interviewer)
    expect(md.status).toBe(200)
    expect(md.type).toMatch(/text\/markdown/)
    expect(md.text.startsWith('# Debrief: Arrays practice, round 1\n')).toBe(true)
    expect(md.text).toContain('Needed a nudge on the data structure')
    expect(md.text).toContain('// done')
  })

  it('the candidate’s and observer’s debriefs hold no notes or unshared scores', async () => {
    const { s, room, ada } = await playedRound()
    const base = `${s.url}/api/rooms/${room.id}/rounds/1/debrief`
    for (const token of [room.tokens.candidate, room.tokens.observer]) {
      const d = JSON.parse((await getWithToken(base, token)).text) as Debrief
      expect(d.notes).toBeNull()
      expect(d.counts.notes).toBeNull()
      expect(d.scores.scorecard).toBeNull()
      expect(d.scores.rows.every((r) => r.score === null && r.comment === '')).toBe(true)
      const md = (await getWithToken(`${base}.md`, token)).text
      expect(md).not.toContain('Needed a nudge')
      expect(md).not.toContain('Solid')
    }
    const viaSocket = await ada.ok('debrief:get', { round: 1, format: 'markdown' })
    expect(viaSocket.debrief.viewer).toBe('candidate')
    expect(viaSocket.markdown).toContain('Consider a map.')
    expect(viaSocket.markdown).not.toContain('Needed a nudge')
  })

  it('lists the round’s code runs: hidden details and private runs only for the interviewer', async () => {
    const s = await startServer()
    const { room, ivy, ada } = await interviewRoom(s, { language: 'javascript' })
    await ivy.ok('question:pick', { questionId: 'activity-streak' })
    const kase = (index: number, passed: boolean, actual = '1') => ({ index, input: '[[1]]', expected: '1', actual, passed, ms: 1, error: null })
    const result = (runId: string, status: 'passed' | 'failed' | 'timeout', cases: ReturnType<typeof kase>[], output = '') =>
      ({ runId, status, output, outputTruncated: false, cases, error: null, durationMs: 5 })
    const tests = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code: 'function longestStreak() { return 1 }' })
    await ada.ok('run:finish', result(tests.id, 'failed', [kase(0, true), kase(1, false)]))
    await ivy.ok('run:hidden', { runId: tests.id, cases: [kase(0, true), kase(1, false, '"CANARY-debrief-hidden"')] })
    const loop = await ada.ok('run:start', { language: 'python', kind: 'code', code: 'while True: pass' })
    await ada.ok('run:finish', result(loop.id, 'timeout', []))
    const secret = await ivy.ok('run:start', { language: 'javascript', kind: 'code', private: true, code: '// CANARY-debrief-private' })
    await ivy.ok('run:finish', result(secret.id, 'passed', [], 'CANARY-debrief-private'))
    const base = `${s.url}/api/rooms/${room.id}/rounds/1/debrief`

    const staff = JSON.parse((await getWithToken(base, room.tokens.interviewer)).text) as Debrief
    expect(staff.runs.map((r) => [r.id, r.status, r.private])).toEqual([[tests.id, 'failed', false], [loop.id, 'timeout', false], [secret.id, 'passed', true]])
    expect(staff.runs[0]).toMatchObject({ by: { name: 'Ada' }, language: 'javascript', cases: [{ passed: true }, { passed: false }], hidden: { total: 2, passed: 1, state: 'done' } })
    expect(staff.runs[0]!.hiddenCases?.[1]?.actual).toBe('"CANARY-debrief-hidden"')
    const staffMd = (await getWithToken(`${base}.md`, room.tokens.interviewer)).text
    expect(staffMd).toContain('## Code runs')
    expect(staffMd).toMatch(/Ada, JavaScript tests: \*\*failed\*\*, 1 \/ 2 passed · hidden 1 \/ 2 passed/)
    expect(staffMd).toContain('Python run: **timed out**')
    expect(staffMd).toContain('CANARY-debrief-hidden')
    expect(staffMd).toContain('(private)')

    for (const token of [room.tokens.candidate, room.tokens.observer]) {
      const d = JSON.parse((await getWithToken(base, token)).text) as Debrief
      expect(d.runs.map((r) => r.id)).toEqual([tests.id, loop.id])
      expect(d.runs[0]).toMatchObject({ hidden: { total: 2, passed: 1, state: 'done' }, hiddenCases: null })
      const md = (await getWithToken(`${base}.md`, token)).text
      expect(md).toContain('hidden 1 / 2 passed')
      expect(md).toContain('**timed out**')
      expect(`${JSON.stringify(d)}\n${md}`).not.toContain('CANARY')
    }
  })

  it('refuses missing, wrong and other rooms’ secrets, and unknown rounds', async () => {
    const { s, room } = await playedRound()
    const other = await s.createRoom()
    const base = `${s.url}/api/rooms/${room.id}/rounds/1/debrief`
    const code = (r: { text: string }) => (JSON.parse(r.text) as ErrorBody).code
    const none = await fetch(base)
    expect(none.status).toBe(401)
    const wrong = await getWithToken(base, 'x'.repeat(43))
    expect([wrong.status, code(wrong)]).toEqual([401, 'UNAUTHORIZED'])
    const foreign = await getWithToken(base, other.tokens.interviewer)
    expect([foreign.status, code(foreign)]).toEqual([403, 'FORBIDDEN'])
    const missing = await getWithToken(`${s.url}/api/rooms/${room.id}/rounds/7/debrief`, room.tokens.interviewer)
    expect([missing.status, code(missing)]).toEqual([404, 'NOT_FOUND'])
    // Another room's round 1 exists, but this room's secret cannot read it.
    expect((await getWithToken(`${s.url}/api/rooms/${other.id}/rounds/1/debrief`, room.tokens.interviewer)).status).toBe(403)
  })
})
