import { rmSync } from 'node:fs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { RUN_LIMITS, type CaseResult } from '@nudge/shared'
import { interviewRoom, join } from '../utils/interview.ts'
import { startServer, type TestServer } from '../utils/server.ts'

const kase = (index: number, passed: boolean, actual = '1'): CaseResult => ({
  index, input: '[[1]]', expected: '1', actual, passed, ms: 0.4, error: null,
})

async function codingRoom(s: TestServer) {
  const r = await interviewRoom(s, { language: 'javascript' })
  const picked = await r.ivy.ok('question:pick', { questionId: 'activity-streak' })
  const tests = picked.question.kind === 'coding' ? picked.question.tests : []
  return { ...r, tests }
}

const finish = (runId: string, cases: CaseResult[], status: 'passed' | 'failed' = 'passed') => ({
  runId, status, output: 'hello\n', outputTruncated: false, cases, error: null, durationMs: 12,
})

describe('code runs in the room', () => {
  it('shows a shared run to everyone, hidden tests as counts only; their details reach only the interviewer', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu, tests } = await codingRoom(s)
    const hidden = tests.filter((t) => t.hidden)
    expect(hidden.length).toBe(2)
    // The candidate's question lists only the visible tests and counts the hidden ones.
    const state = await ada.ok('interview:sync', {})
    expect(state.state.question).toMatchObject({ hiddenTestCount: 2 })
    expect(state.state.question?.kind === 'coding' && state.state.question.publicTests.length).toBe(tests.length - 2)
    expect(JSON.stringify(state)).not.toContain('"hidden":true')

    const run = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code: 'function longestStreak(d) { return 1 }' })
    expect(run).toMatchObject({ status: 'running', by: { name: 'Ada' }, hidden: { total: 2, state: 'pending' } })
    for (const p of [ivy, olu]) {
      const started = await p.waitEvent('run:started', (e) => e.run.id === run.id)
      expect(started.code).toContain('longestStreak')
    }
    expect(await ada.ok('run:output', { runId: run.id, chunk: 'hello\n' })).toEqual({ accepted: true })
    await olu.waitEvent('run:output', (e) => e.chunk === 'hello\n')
    const done = await ada.ok('run:finish', finish(run.id, [kase(0, true), kase(1, false)], 'failed'))
    expect(done).toMatchObject({ status: 'failed', cases: [{ passed: true }, { passed: false }] })
    await olu.waitEvent('run:finished', (r) => r.id === run.id && r.status === 'failed')

    // Only the round's interviewer may report hidden results, once, with the right count.
    expect(await ada.cmd('run:hidden', { runId: run.id, cases: [kase(0, true), kase(1, true)] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ivy.cmd('run:hidden', { runId: run.id, cases: [kase(0, true)] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const canary = '"CANARY-hidden-actual-7f3"'
    await ivy.ok('run:hidden', { runId: run.id, cases: [kase(0, true), kase(1, false, canary)] })
    expect(await ivy.cmd('run:hidden', { runId: run.id, cases: [kase(0, true), kase(1, true)] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    for (const p of [ada, olu]) {
      const counted = await p.waitEvent('run:finished', (r) => r.id === run.id && r.hidden?.state === 'done')
      expect(counted.hidden).toEqual({ total: 2, passed: 1, state: 'done' })
      expect(counted.hiddenCases).toBeNull()
    }
    const staff = await ivy.waitEvent('run:staff-finished', (r) => r.id === run.id)
    expect(staff.hiddenCases?.[1]?.actual).toBe(canary)
    // Canary: no frame the candidate or observer received carries the hidden details.
    for (const p of [ada, olu]) {
      expect(p.frames.join('\n')).not.toContain('CANARY-hidden')
      expect(p.count('run:staff-finished') + p.count('run:staff-started')).toBe(0)
    }
    // Hidden results that arrive before the candidate's runner finishes stay out of her ack.
    const early = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code: 'function longestStreak() {}' })
    await ivy.ok('run:hidden', { runId: early.id, cases: [kase(0, true), kase(1, false, '"CANARY-hidden-early"')] })
    const earlyDone = await ada.ok('run:finish', finish(early.id, [kase(0, true)]))
    expect(earlyDone).toMatchObject({ hidden: { passed: 1, state: 'done' }, hiddenCases: null })
    expect(JSON.stringify(earlyDone)).not.toContain('CANARY')
    // A late joiner (and a reconnecting page) gets the history as its seat may see it.
    const second = await ada.ok('run:start', { language: 'python', kind: 'code', code: 'print(1)' })
    await ada.ok('run:finish', finish(second.id, [], 'passed'))
    const late = join(s, room, 'observer', 'Lee')
    const history = await late.waitEvent('run:history')
    expect(history.runs.map((r) => r.id)).toEqual([second.id, early.id, run.id])
    expect(history.runs[2]).toMatchObject({ hidden: { passed: 1 }, hiddenCases: null, output: 'hello\n' })
    const ivyAgain = join(s, room, 'interviewer', 'Ivy')
    const staffHistory = await ivyAgain.waitEvent('run:history')
    expect(staffHistory.runs[2]?.hiddenCases?.[1]?.actual).toBe(canary)
    expect(late.frames.join('\n')).not.toContain('CANARY-hidden')
  })

  it('keeps a private run on the interviewer seat; observers and candidates cannot run privately', async () => {
    const s = await startServer()
    const { room, ivy, ada, olu } = await codingRoom(s)
    expect(await olu.cmd('run:start', { language: 'javascript', kind: 'code', code: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await ada.cmd('run:start', { language: 'javascript', kind: 'code', private: true, code: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const canary = 'CANARY-private-run-91'
    const run = await ivy.ok('run:start', { language: 'javascript', kind: 'tests', private: true, code: `// ${canary}` })
    await ivy.waitEvent('run:staff-started', (e) => e.run.id === run.id)
    await ivy.ok('run:output', { runId: run.id, chunk: canary })
    await ivy.ok('run:finish', { ...finish(run.id, [kase(0, true, `"${canary}"`)]), output: canary })
    await ivy.waitEvent('run:staff-finished', (r) => r.id === run.id)
    // The next shared run's events reach the others: everything before it has been delivered.
    const shared = await ada.ok('run:start', { language: 'javascript', kind: 'code', code: 'console.log(2)' })
    await olu.waitEvent('run:started', (e) => e.run.id === shared.id)
    await ada.waitEvent('run:started', (e) => e.run.id === shared.id)
    for (const p of [ada, olu]) expect(p.frames.join('\n')).not.toContain(canary)
    const late = join(s, room, 'candidate', 'Ada')
    expect((await late.waitEvent('run:history')).runs.map((r) => r.id)).toEqual([shared.id])
    expect((await ivy.ok('run:list', {})).runs.map((r) => r.id)).toEqual([shared.id, run.id])
  })

  it('refuses forged, oversize, foreign, concurrent and unrunnable runs and floods; the room keeps working', async () => {
    const s = await startServer()
    const { ivy, ada, olu } = await codingRoom(s)
    const code = 'function longestStreak() {}'
    expect(await ada.cmd('run:start', { language: 'java', kind: 'code', code })).toMatchObject({
      ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('cannot run Java') },
    })
    expect(await ada.cmd('run:start', { language: 'javascript', kind: 'code', code: 'x'.repeat(RUN_LIMITS.codeChars + 1) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const run = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code })
    // One run at a time per room.
    expect(await ivy.cmd('run:start', { language: 'javascript', kind: 'code', code })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    // Someone else's run, an unknown run, an oversize chunk or result.
    expect(await ivy.cmd('run:finish', finish(run.id, []))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await ada.cmd('run:finish', finish('AAAAAAAAAAAA', []))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await ada.cmd('run:output', { runId: run.id, chunk: 'x'.repeat(RUN_LIMITS.chunkChars + 1) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const tooMany = Array.from({ length: RUN_LIMITS.cases + 1 }, (_, i) => kase(i, true))
    expect(await ada.cmd('run:finish', finish(run.id, tooMany))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await ada.cmd('run:finish', finish(run.id, [{ ...kase(0, true), actual: 'y'.repeat(RUN_LIMITS.valueChars + 1) }]))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // Output beyond the run's budget is dropped, not relayed.
    const chunk = 'z'.repeat(RUN_LIMITS.chunkChars)
    let accepted = 0
    for (let i = 0; i < RUN_LIMITS.outputChars / RUN_LIMITS.chunkChars + 2; i++) {
      if ((await ada.ok('run:output', { runId: run.id, chunk })).accepted) accepted++
    }
    expect(accepted).toBe(RUN_LIMITS.outputChars / RUN_LIMITS.chunkChars)
    await ada.ok('run:finish', finish(run.id, [kase(0, true)]))
    await olu.waitEvent('run:finished', (r) => r.id === run.id)
    expect(olu.count('run:output')).toBe(accepted)
    // A finished run cannot be finished again.
    expect(await ada.cmd('run:finish', finish(run.id, []))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    // A flood of runs from one seat is limited per seat, across its connections.
    let limited = false
    for (let i = 0; i < RUN_LIMITS.runsPerMinutePerSeat + 1 && !limited; i++) {
      const ack = await ada.cmd('run:start', { language: 'javascript', kind: 'code', code })
      if (!ack.ok) limited = ack.error.code === 'RATE_LIMITED'
      else await ada.ok('run:finish', finish(ack.data.id, []))
    }
    expect(limited).toBe(true)
    // The interviewer's seat has its own budget; the room still runs.
    const other = await ivy.ok('run:start', { language: 'typescript', kind: 'code', code })
    await ivy.ok('run:finish', finish(other.id, []))
    await ada.waitEvent('run:finished', (r) => r.id === other.id)
  })

  it('drops a result that arrives after the round changed', async () => {
    const s = await startServer()
    const { ivy, ada } = await codingRoom(s)
    const run = await ada.ok('run:start', { language: 'javascript', kind: 'code', code: 'x' })
    await ivy.ok('clock:end', {})
    await ivy.ok('round:swap', {})
    await ivy.waitEvent('round:started', (r) => r.n === 2)
    expect(await ada.cmd('run:finish', finish(run.id, []))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('records runs in the event log: the history survives a restart with the same audiences', async () => {
    const s = await startServer({ keepData: true })
    onTestFinished(() => rmSync(s.dataDir, { recursive: true, force: true }))
    const { room, ivy, ada } = await codingRoom(s)
    const shared = await ada.ok('run:start', { language: 'javascript', kind: 'tests', code: 'function longestStreak() { return 1 }' })
    await ada.ok('run:finish', finish(shared.id, [kase(0, true), kase(1, false)], 'failed'))
    await ivy.ok('run:hidden', { runId: shared.id, cases: [kase(0, true), kase(1, false, '"CANARY-hidden-restart"')] })
    const timedOut = await ada.ok('run:start', { language: 'python', kind: 'code', code: 'while True: pass' })
    await ada.ok('run:finish', { ...finish(timedOut.id, []), status: 'timeout' as const })
    const secret = await ivy.ok('run:start', { language: 'javascript', kind: 'code', private: true, code: '// CANARY-private-restart' })
    await ivy.ok('run:finish', { ...finish(secret.id, []), output: 'CANARY-private-restart' })
    await s.stop()

    const s2 = await startServer({ dataDir: s.dataDir })
    const late = join(s2, room, 'observer', 'Lee')
    const candidate = join(s2, room, 'candidate', 'Ada')
    const staff = join(s2, room, 'interviewer', 'Ivy')
    const seen = (await late.waitEvent('run:history')).runs
    expect(seen.map((r) => [r.id, r.status])).toEqual([[timedOut.id, 'timeout'], [shared.id, 'failed']])
    expect(seen[1]).toMatchObject({ by: { name: 'Ada' }, language: 'javascript', hidden: { total: 2, passed: 1, state: 'done' }, hiddenCases: null, cases: [{ passed: true }, { passed: false }] })
    expect((await candidate.waitEvent('run:history')).runs.map((r) => r.id)).toEqual([timedOut.id, shared.id])
    const staffRuns = (await staff.waitEvent('run:history')).runs
    expect(staffRuns.map((r) => r.id)).toEqual([secret.id, timedOut.id, shared.id])
    expect(staffRuns[2]?.hiddenCases?.[1]?.actual).toBe('"CANARY-hidden-restart"')
    expect((await candidate.ok('run:list', {})).runs).toHaveLength(2)
    for (const p of [late, candidate]) expect(p.frames.join('\n')).not.toContain('CANARY')
    // The restarted server keeps recording after the stored runs.
    const next = await candidate.ok('run:start', { language: 'javascript', kind: 'code', code: 'console.log(3)' })
    await candidate.ok('run:finish', finish(next.id, []))
    expect((await late.ok('run:list', {})).runs.map((r) => r.id)).toEqual([next.id, timedOut.id, shared.id])
  })
})
