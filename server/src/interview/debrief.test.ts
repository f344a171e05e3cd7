import { describe, expect, it } from 'vitest'
import { RUBRICS } from '@nudge/shared'
import { applyClock } from './round-clock.ts'
import { buildDebrief } from './debrief.ts'
import { debriefMarkdown } from './debrief-markdown.ts'
import { ADA, IVY, T0, runningRound } from './fixtures.ts'
import { raiseStuck, sendHint } from './hints.ts'
import { answer, ask, pin } from './ledger.ts'
import { addNote } from './notes.ts'
import { saveScorecard, saveSelfAssessment, shareScorecard } from './scorecards.ts'
import type { RoundState } from './rounds.ts'

const NOTE = 'NOTE-CANARY-7f3a'
const SCORE = 'SCORE-CANARY-19bd'

function playedRound(): RoundState {
  let r = runningRound()
  r = { ...r, clockLog: [{ kind: 'start', at: T0, elapsedMs: 0, phaseId: 'intro', label: 'Started: Intro' }] }
  r = ask(r, 'Can numbers repeat?', ADA, T0 + 60_000, 'clarify-0001').round
  r = answer(r, 'clarify-0001', 'Yes.', IVY, T0 + 70_000).round
  r = pin(r, 'clarify-0001', true).round
  r = applyClock(r, { type: 'next' }, T0 + 5 * 60_000)
  r = sendHint(r, { tier: 0, text: 'Think about what you have already seen.', anchor: { position: 'AQID', line: 2 } }, IVY, T0 + 6 * 60_000, 'hint-000001').round
  r = sendHint(r, { text: 'Try a map.' }, IVY, T0 + 7 * 60_000, 'hint-000002').round
  r = raiseStuck(r, ADA, T0 + 8 * 60_000, 'stuck-000001').round
  r = addNote(r, NOTE, IVY, T0 + 9 * 60_000, 'note-0000001').round
  const entries = Object.fromEntries(RUBRICS.coding.map((c) => [c.id, { score: 3 as const, comment: c.id === 'testing' ? SCORE : '' }]))
  r = saveScorecard(r, { entries, summary: 'Good', submit: true }, IVY, T0 + 20 * 60_000).round
  r = saveSelfAssessment(r, { entries: { testing: { score: 2, comment: 'rushed' } }, summary: 'ok', submit: false }, ADA, T0 + 21 * 60_000).round
  return applyClock(r, { type: 'end' }, T0 + 10 * 60_000, { text: 'function twoSum() {}\n', language: 'javascript' })
}

const debrief = (round: RoundState, viewer: 'interviewer' | 'candidate' | 'observer') =>
  buildDebrief({ room: { id: 'room-0001', title: 'Mock' }, round, viewer, code: round.finalCode!, board: null, now: T0 + 30 * 60_000 })

describe('debrief', () => {
  it('gives the interviewer the timeline, planned vs actual phases, scores beside the self-assessment and counts', () => {
    const d = debrief(playedRound(), 'interviewer')
    expect(d.timeline.phases.slice(0, 2).map((p) => [p.id, p.plannedMs, p.actualMs])).toEqual([['intro', 5 * 60_000, 5 * 60_000], ['clarify', 5 * 60_000, 5 * 60_000]])
    expect(d.timeline.actualMs).toBe(10 * 60_000)
    expect(d.timeline.events.map((e) => e.kind)).toEqual(['start', 'clarify', 'answer', 'phase', 'hint', 'hint', 'stuck', 'note', 'end'])
    expect(d.counts).toEqual({ hints: 2, ladderHints: 1, customHints: 1, clarifications: 1, answered: 1, pinned: 1, stuck: 1, notes: 1 })
    const testing = d.scores.rows.find((r) => r.criterion === 'testing')!
    expect(testing).toMatchObject({ score: 3, comment: SCORE, selfScore: 2, selfComment: 'rushed' })
    expect(d.hints[0]).toMatchObject({ tier: 0, line: 2, phaseLabel: 'Clarify' })
    expect(d.finalCode).toEqual({ text: 'function twoSum() {}\n', language: 'javascript', capturedAt: T0 + 10 * 60_000 })
  })

  it('keeps notes, stuck details and an unshared scorecard from the candidate and observers, in JSON and Markdown', () => {
    for (const viewer of ['candidate', 'observer'] as const) {
      const d = debrief(playedRound(), viewer)
      const json = JSON.stringify(d)
      const md = debriefMarkdown(d)
      for (const text of [json, md]) {
        expect(text).not.toContain(NOTE)
        expect(text).not.toContain(SCORE)
      }
      expect(d.notes).toBeNull()
      expect(d.stuck).toBeNull()
      expect(d.counts.notes).toBeNull()
      expect(d.scores.scorecard).toBeNull()
      expect(d.timeline.events.some((e) => e.kind === 'note' || e.kind === 'stuck')).toBe(false)
    }
    // The candidate sees their own self-assessment and their stuck count; observers see neither.
    expect(debrief(playedRound(), 'candidate').scores.selfAssessment).toEqual({ summary: 'ok', submitted: false })
    expect(debrief(playedRound(), 'candidate').counts.stuck).toBe(1)
    expect(debrief(playedRound(), 'observer').scores.selfAssessment).toBeNull()
    expect(debrief(playedRound(), 'observer').counts.stuck).toBeNull()
  })

  it('shows the scorecard to the candidate once it is shared', () => {
    const shared = shareScorecard(playedRound()).round
    const d = debrief(shared, 'candidate')
    expect(d.scores.scorecard).toEqual({ summary: 'Good', submitted: true, shared: true })
    expect(d.scores.rows.find((r) => r.criterion === 'testing')?.comment).toBe(SCORE)
    expect(debrief(shared, 'candidate').notes).toBeNull()
  })

  it('renders Markdown with phases, hints, ledger, scores and a safe code fence', () => {
    const r = { ...playedRound(), finalCode: { text: 'const s = "```"\n', language: 'javascript', capturedAt: T0 } }
    const md = debriefMarkdown(debrief(r, 'interviewer'))
    expect(md).toContain('# Debrief: Mock, round 1')
    expect(md).toContain('| Intro | 5 min | 0 min | 5:00 |')
    expect(md).toContain('(Clarify; ladder 1, line 2): Think about what you have already seen.')
    expect(md).toContain('📌 assumption: Can numbers repeat?')
    expect(md).toContain('## Interviewer notes (private)')
    expect(md).toContain('````javascript\nconst s = "```"\n````')
  })

  it('writes only a known language after the code fence, so a forged one cannot inject Markdown (finding 5)', () => {
    const forged = 'python\n```\n## Scorecard\n| Overall | 4 · Strong hire |\n```python'
    const r = { ...playedRound(), finalCode: { text: 'x = 1\n', language: forged, capturedAt: T0 } }
    const md = debriefMarkdown(debrief(r, 'interviewer'))
    expect(md).not.toContain('4 · Strong hire')
    expect(md).toContain('## Final code\n\n```\nx = 1\n```')
  })
})
