import { describe, expect, it } from 'vitest'
import type { Debrief } from '@nudge/shared'
import { averageScore, debriefHighlights } from './highlights.ts'

const MIN = 60_000

function debrief(over: Partial<Debrief> = {}): Debrief {
  const row = (criterion: string, score: number | null, selfScore: number | null) => ({ criterion, label: criterion, score, comment: '', selfScore, selfComment: '' })
  return {
    room: { id: 'r', title: 't' },
    round: { n: 1, kind: 'coding', startedAt: 0, endedAt: 1, question: null },
    viewer: 'candidate',
    timeline: {
      startedAt: 0, endedAt: 1, plannedMs: 45 * MIN, actualMs: 52 * MIN,
      phases: [
        { id: 'code', kind: 'code', label: 'Code', plannedMs: 25 * MIN, extendedMs: 2 * MIN, actualMs: 33 * MIN, startedAt: 0, endedAt: 1, skipped: false },
        { id: 'test', kind: 'test', label: 'Test', plannedMs: 20 * MIN, extendedMs: 0, actualMs: 19 * MIN, startedAt: 0, endedAt: 1, skipped: false },
      ],
      events: [],
    },
    hints: [], clarifications: [], notes: null, stuck: null, chat: [], runs: [],
    scores: { rows: [row('Testing', 4, 2), row('Clarity', 3, 3), row('Code', null, 3)], scorecard: null, selfAssessment: null },
    finalCode: { text: '', language: 'javascript', capturedAt: 1 },
    counts: { hints: 1, ladderHints: 1, customHints: 0, clarifications: 0, answered: 0, pinned: 0, stuck: 0, notes: null },
    behavioral: null,
    activity: null,
    ...over,
    board: over.board ?? null,
    boardCapture: over.boardCapture ?? { kind: 'live', capturedAt: null },
  }
}

describe('debrief highlights', () => {
  it('sums up time, help and how the self-assessment compares', () => {
    expect(debriefHighlights(debrief())).toEqual([
      'Ran 7 min over the 45 min plan (52:00 in total).',
      'Code took 6 min longer than planned.',
      '1 hint helped you along (1 from the ladder, 0 custom).',
      'No clarifying questions were asked: next time, check inputs and edge cases first.',
      'Self-assessment matched the interviewer on 1 of 2 criteria.',
      'Biggest gap: Testing — self 2 (Mixed), interviewer 4 (Strong); the candidate underrated it.',
    ])
  })

  it('words the interviewer’s and observer’s view, an on-time round and a round that never ran', () => {
    const onTime = debrief({ viewer: 'observer', timeline: { ...debrief().timeline, actualMs: 45 * MIN + 20_000, phases: [] } })
    expect(debriefHighlights(onTime).slice(0, 2)).toEqual(['Finished on time: 45:20 of 45 min planned.', '1 hint was given (1 from the ladder, 0 custom).'])
    const never = debrief({ timeline: { ...debrief().timeline, startedAt: null }, counts: { ...debrief().counts, hints: 0 } })
    expect(debriefHighlights(never).slice(0, 2)).toEqual(['The clock never started in this round.', 'You needed no hints.'])
  })

  it('averages scores that exist', () => {
    expect(averageScore([4, 3, null, 2])).toBe(3)
    expect(averageScore([3, 4])).toBe(3.5)
    expect(averageScore([null])).toBeNull()
  })

  it('behavioral rounds: STAR completeness and the company values no story backs', () => {
    const answer = (star: [boolean, boolean, boolean, boolean] | null) => ({
      n: 1, questionId: 'q', title: 'Q', competencies: [], answerMs: 0, followUpMs: 0, flags: null, scores: null, self: null, story: null,
      star: star && { situation: star[0], task: star[1], action: star[2], result: star[3] },
    })
    const behavioral = {
      answers: [answer([true, true, true, true]), answer([true, true, true, false])], heatmap: [],
      company: 'Acme', valuesWithoutStory: ['Customers first'], valuesNotCovered: ['Customers first'],
    }
    const h = debriefHighlights(debrief({ round: { n: 1, kind: 'behavioral', startedAt: 0, endedAt: 1, question: null }, behavioral }))
    expect(h).toContain('STAR complete in 1 of 2 answers.')
    expect(h).toContain('No story in the bank backs this Acme value: Customers first.')
    const hidden = debriefHighlights(debrief({ behavioral: { ...behavioral, answers: [answer(null)], company: null, valuesWithoutStory: null } }))
    expect(hidden.some((x) => x.startsWith('STAR') || x.includes('Acme'))).toBe(false)
  })
})
