import type { Debrief, LoopPacket, LoopStageKind, LoopStageStatus } from '@nudge/shared'

/** An interviewer's decision on their stage, kept in the stage room's state. */
export interface StoredDecision {
  advance: boolean
  reason: string
  by: string
  at: number
}

/** What the packet needs of one stage. The debrief is the stage round's, as its interviewer sees it. */
export interface PacketStageInput {
  n: number
  kind: LoopStageKind
  question: string | null
  interviewer: string | null
  status: LoopStageStatus
  debrief: Debrief | null
  submission: { submittedAt: number; late: boolean; code: string } | null
  decision: StoredDecision | null
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100)

/**
 * The packet from each stage's facts: pure. Scores come from the stage debriefs' score rows;
 * interviewers' notes and stuck signals are not copied (they never leave the interviewer).
 */
export function buildPacket(loop: LoopPacket['loop'], sharedAt: number | null, stages: PacketStageInput[]): LoopPacket {
  const out: LoopPacket['stages'] = stages.map((s) => {
    const d = s.debrief
    const live = d !== null && s.status !== 'not-started'
    return {
      n: s.n,
      kind: s.kind,
      question: s.question,
      interviewer: s.interviewer,
      status: s.status,
      plannedMs: live ? d.timeline.plannedMs : null,
      actualMs: live ? d.timeline.actualMs : null,
      hints: live ? d.counts.hints : null,
      clarifications: live ? d.counts.clarifications : null,
      runs: live ? { total: d.runs.length, passed: d.runs.filter((r) => r.status === 'passed').length } : null,
      // Rows nobody scored or commented on say nothing.
      scores: live
        ? d.scores.rows
          .filter((r) => r.score !== null || r.selfScore !== null || r.comment !== '')
          .map((r) => ({ criterion: r.criterion, label: r.label, score: r.score, self: r.selfScore, comment: r.comment }))
        : [],
      summary: live ? (d.scores.scorecard?.summary || null) : null,
      selfSummary: live ? (d.scores.selfAssessment?.summary || null) : null,
      submission: s.submission
        ? { submittedAt: s.submission.submittedAt, late: s.submission.late, lines: s.submission.code === '' ? 0 : s.submission.code.replace(/\n$/, '').split('\n').length }
        : null,
      decision: s.decision,
    }
  })

  // Criteria in the order they first appear, with each stage's score (or null).
  const order: { criterion: string; label: string }[] = []
  for (const st of out) for (const r of st.scores) if (!order.some((o) => o.criterion === r.criterion)) order.push({ criterion: r.criterion, label: r.label })
  const criteria = order.map(({ criterion, label }) => {
    const rows = out.map((st) => st.scores.find((r) => r.criterion === criterion) ?? null)
    const scores = rows.map((r) => r?.score ?? null)
    return {
      criterion, label, scores,
      average: mean(scores.filter((x): x is number => x !== null)),
      selfAverage: mean(rows.map((r) => r?.self ?? null).filter((x): x is number => x !== null)),
    }
  })
  const rated = criteria
    .filter((c) => c.average !== null)
    .map((c) => ({ label: c.label, stages: c.scores.filter((x) => x !== null).length, average: c.average! }))
    .sort((a, b) => b.stages - a.stages || b.average - a.average)
  const decided = out.filter((s) => s.kind !== 'take-home')
  return {
    loop,
    sharedAt,
    stages: out,
    criteria,
    strengths: rated.filter((c) => c.average >= 3.5),
    gaps: rated.filter((c) => c.average <= 2).sort((a, b) => b.stages - a.stages || a.average - b.average),
    decisions: {
      advance: decided.filter((s) => s.decision?.advance === true).length,
      not: decided.filter((s) => s.decision?.advance === false).length,
      pending: decided.filter((s) => s.decision === null).length,
    },
  }
}
