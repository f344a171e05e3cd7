import { z } from 'zod'
import type { QuestionKind } from './questions.ts'

/** The rubric an interviewer scores a round of each kind on; the candidate self-assesses on the same. */
export const RUBRICS = {
  coding: [
    { id: 'clarification', label: 'Clarification' },
    { id: 'communication', label: 'Communication & thinking out loud' },
    { id: 'problem-solving', label: 'Problem solving' },
    { id: 'code-quality', label: 'Code quality' },
    { id: 'testing', label: 'Testing' },
    { id: 'independence', label: 'Independence from hints' },
  ],
  behavioral: [
    { id: 'situation', label: 'Situation' },
    { id: 'task', label: 'Task' },
    { id: 'action', label: 'Action' },
    { id: 'result', label: 'Result' },
    { id: 'clarity', label: 'Clarity' },
  ],
  'system-design': [
    { id: 'requirements', label: 'Requirements & scope' },
    { id: 'high-level-design', label: 'High-level design' },
    { id: 'deep-dive', label: 'Deep dive & scaling' },
    { id: 'trade-offs', label: 'Trade-offs' },
    { id: 'communication', label: 'Communication' },
  ],
} as const satisfies Record<QuestionKind, readonly { id: string; label: string }[]>

/** 1 = needs work, 2 = mixed, 3 = good, 4 = strong. */
export const SCORE_LABELS = { 1: 'Needs work', 2: 'Mixed', 3: 'Good', 4: 'Strong' } as const
export const Score = z.number().int().min(1).max(4)

export const RubricEntry = z.object({ score: Score.nullable(), comment: z.string().trim().max(2_000) })
export type RubricEntry = z.infer<typeof RubricEntry>

/** Criterion id → entry. The server checks the ids against the round's rubric. */
const Entries = z.record(z.string().max(40), RubricEntry)

const input = {
  /** Defaults to the current round. */
  round: z.number().int().min(1).optional(),
  entries: Entries,
  summary: z.string().trim().max(4_000).default(''),
  /** Submitting requires a score for every criterion; a draft may be partial. */
  submit: z.boolean().default(false),
}
export const ScorecardInput = z.object(input)
export type ScorecardInput = z.input<typeof ScorecardInput>
export const SelfAssessmentInput = z.object(input)
export type SelfAssessmentInput = z.input<typeof SelfAssessmentInput>

const base = {
  round: z.number().int().min(1),
  entries: Entries,
  summary: z.string(),
  submitted: z.boolean(),
  updatedAt: z.number(),
  by: z.string(),
}
export const Scorecard = z.object({ ...base, shared: z.boolean() })
export type Scorecard = z.infer<typeof Scorecard>
export const SelfAssessment = z.object(base)
export type SelfAssessment = z.infer<typeof SelfAssessment>
