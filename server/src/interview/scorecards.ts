import { AppError, RUBRICS, type QuestionKind, type RubricEntry, type Scorecard, type SelfAssessment } from '@nudge/shared'
import type { Author } from './hints.ts'
import type { RoundState } from './rounds.ts'

export interface RubricInput {
  entries: Record<string, RubricEntry>
  summary: string
  submit: boolean
}

/**
 * Entries must name criteria of the round's rubric. A draft may leave scores out; submitting
 * needs a score for every criterion. A save merges into what was saved before.
 */
function merge(kind: QuestionKind, before: Record<string, RubricEntry> | undefined, input: RubricInput): Record<string, RubricEntry> {
  const rubric = RUBRICS[kind]
  const known = new Set<string>(rubric.map((c) => c.id))
  const unknown = Object.keys(input.entries).filter((k) => !known.has(k))
  if (unknown.length > 0) throw new AppError('BAD_REQUEST', `Not in the ${kind} rubric: ${unknown.join(', ')}`)
  const entries = { ...before, ...input.entries }
  if (input.submit) {
    const missing = rubric.filter((c) => !entries[c.id]?.score).map((c) => c.label)
    if (missing.length > 0) throw new AppError('BAD_REQUEST', `Score every criterion before submitting: ${missing.join(', ')}`)
  }
  return entries
}

/** The fields a scorecard and a self-assessment share, revised from the previous draft. */
function revise(round: RoundState, prev: SelfAssessment | null, input: RubricInput, by: Author, now: number): SelfAssessment {
  return {
    round: round.n,
    entries: merge(round.kind, prev?.entries, input),
    summary: input.summary,
    submitted: input.submit || (prev?.submitted ?? false),
    updatedAt: now,
    by: by.name,
  }
}

export function saveScorecard(round: RoundState, input: RubricInput, by: Author, now: number): { round: RoundState; scorecard: Scorecard } {
  const prev = round.scorecard
  if (prev?.submitted && prev.shared) throw new AppError('CONFLICT', 'This scorecard was already shared with the candidate.')
  const scorecard: Scorecard = { ...revise(round, prev, input, by, now), shared: false }
  return { round: { ...round, scorecard }, scorecard }
}

export function saveSelfAssessment(round: RoundState, input: RubricInput, by: Author, now: number): { round: RoundState; selfAssessment: SelfAssessment } {
  const selfAssessment = revise(round, round.selfAssessment, input, by, now)
  return { round: { ...round, selfAssessment }, selfAssessment }
}

/** Shares a submitted scorecard with the candidate and observers; sharing cannot be undone. */
export function shareScorecard(round: RoundState): { round: RoundState; scorecard: Scorecard } {
  if (!round.scorecard?.submitted) throw new AppError('CONFLICT', 'Submit the scorecard before sharing it.')
  const scorecard = { ...round.scorecard, shared: true }
  return { round: { ...round, scorecard }, scorecard }
}
