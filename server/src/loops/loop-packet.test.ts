import { describe, expect, it } from 'vitest'
import type { Debrief } from '@nudge/shared'
import { buildPacket, type PacketStageInput } from './loop-packet.ts'

/** The parts of a debrief the packet reads. */
function debrief(rows: [string, number | null, number | null][], extra: { hints?: number; runs?: string[]; notes?: string } = {}): Debrief {
  return {
    timeline: { plannedMs: 45 * 60_000, actualMs: 50 * 60_000 },
    counts: { hints: extra.hints ?? 0, clarifications: 2 },
    runs: (extra.runs ?? []).map((status) => ({ status })),
    notes: extra.notes ? [{ text: extra.notes }] : null,
    scores: {
      rows: rows.map(([criterion, score, selfScore]) => ({ criterion, label: criterion.toUpperCase(), score, comment: '', selfScore, selfComment: '' })),
      scorecard: { summary: 'summary', submitted: true, shared: false },
      selfAssessment: null,
    },
  } as unknown as Debrief
}

const stage = (n: number, d: Debrief | null, decision: PacketStageInput['decision'] = null): PacketStageInput => ({
  n, kind: n === 1 ? 'take-home' : 'coding', question: null, interviewer: n === 1 ? null : 'Ivy', status: d ? 'done' : 'not-started', debrief: d, submission: null, decision,
})

describe('loop packet', () => {
  const loop = { id: 'loop1234', title: 't', target: '', candidate: 'Ada' }
  it('lines criteria up across stages, averages them, names strengths and gaps, counts decisions', () => {
    const p = buildPacket(loop, null, [
      stage(1, null),
      stage(2, debrief([['code', 4, 3], ['tests', 2, 4]], { hints: 2, runs: ['passed', 'failed', 'passed'], notes: 'PRIVATE' }), { advance: true, reason: 'r', by: 'Ivy', at: 1 }),
      stage(3, debrief([['code', 3, null], ['tests', 1, 2], ['comms', 4, null], ['unscored', null, null]]), { advance: false, reason: 'r', by: 'Olu', at: 2 }),
      stage(4, null),
    ])
    expect(p.criteria).toEqual([
      { criterion: 'code', label: 'CODE', scores: [null, 4, 3, null], average: 3.5, selfAverage: 3 },
      { criterion: 'tests', label: 'TESTS', scores: [null, 2, 1, null], average: 1.5, selfAverage: 3 },
      { criterion: 'comms', label: 'COMMS', scores: [null, null, 4, null], average: 4, selfAverage: null },
    ])
    expect(p.strengths).toEqual([{ label: 'CODE', stages: 2, average: 3.5 }, { label: 'COMMS', stages: 1, average: 4 }])
    expect(p.gaps).toEqual([{ label: 'TESTS', stages: 2, average: 1.5 }])
    expect(p.decisions).toEqual({ advance: 1, not: 1, pending: 1 }) // the take-home is not decided on
    expect(p.stages[1]).toMatchObject({ hints: 2, runs: { total: 3, passed: 2 }, plannedMs: 2_700_000, actualMs: 3_000_000, summary: 'summary' })
    expect(p.stages[3]).toMatchObject({ status: 'not-started', hints: null, scores: [] })
    expect(JSON.stringify(p)).not.toContain('PRIVATE')
  })
})
