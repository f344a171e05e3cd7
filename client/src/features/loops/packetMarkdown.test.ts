import { describe, expect, it } from 'vitest'
import type { LoopPacket } from '@nudge/shared'
import { packetMarkdown } from './packetMarkdown.ts'

const packet: LoopPacket = {
  loop: { id: 'loop1234', title: 'Acme loop', target: 'Backend', candidate: 'Ada' },
  sharedAt: 1,
  stages: [
    { n: 1, kind: 'take-home', question: 'Slots', interviewer: null, status: 'done', plannedMs: null, actualMs: null, hints: null, clarifications: null, runs: null, scores: [], summary: null, selfSummary: null, submission: { submittedAt: 0, late: true, lines: 12 }, decision: null },
    {
      n: 2, kind: 'coding', question: 'Streak', interviewer: 'Ivy', status: 'done', plannedMs: 2_700_000, actualMs: 3_000_000, hints: 1, clarifications: 2, runs: { total: 3, passed: 2 },
      scores: [{ criterion: 'code', label: 'Code | quality', score: 4, self: 3, comment: 'clean' }], summary: 'Good.', selfSummary: 'Rushed.',
      submission: null, decision: { advance: true, reason: 'Solid.', by: 'Ivy', at: 2 },
    },
  ],
  criteria: [{ criterion: 'code', label: 'Code | quality', scores: [null, 4], average: 4, selfAverage: 3 }],
  strengths: [{ label: 'Code | quality', stages: 1, average: 4 }],
  gaps: [],
  decisions: { advance: 1, not: 0, pending: 0 },
}

describe('packet markdown', () => {
  it('has the decisions, the criteria table (pipes escaped), each stage and its decision', () => {
    const md = packetMarkdown(packet)
    expect(md).toContain('# Acme loop')
    expect(md).toContain('Decisions: 1 would advance, 0 would not.')
    expect(md).toContain('| Code \\| quality | — | 4 | 4 | 3 |')
    expect(md).toContain('Submitted 1970-01-01T00:00:00.000Z · 12 lines · late')
    expect(md).toContain('Time 50 min of 45 min · hints 1 · clarifying questions 2 · runs passed 2/3')
    expect(md).toContain('**Ivy: would advance** — Solid.')
  })
})
