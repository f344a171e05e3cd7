import { z } from 'zod'
import { PhaseKind } from './clock.ts'
import { Role } from './protocol.ts'
import { QuestionKind, QuestionSummary } from './questions.ts'
import { Score } from './scorecards.ts'
import { StarChecklist } from './behavioral.ts'
import { ChatMessage } from './chat-call.ts'
import { Run } from './runs.ts'
import { BoardContent } from './board.ts'
import { DebriefActivity } from './activity.ts'

/**
 * A round's debrief, built for one viewer: the round's interviewer sees everything (notes, stuck
 * signals, the scorecard); the candidate and observers see what was said in the room, plus the
 * scorecard once the interviewer shares it. Markdown exports are rendered from this same object,
 * so they can never hold more than the viewer may see.
 */

export const TimelineKinds = [
  'start', 'phase', 'pause', 'resume', 'extend', 'end', 'hint', 'stuck', 'clarify', 'answer', 'note', 'question', 'run',
] as const
export const TimelineEvent = z.object({
  kind: z.enum(TimelineKinds),
  at: z.number(),
  /** Session running time when it happened. */
  elapsedMs: z.number().int(),
  phaseId: z.string(),
  label: z.string(),
})
export type TimelineEvent = z.infer<typeof TimelineEvent>

/** Planned against actual, per phase: the data behind the timeline chart. */
export const TimelinePhase = z.object({
  id: z.string(),
  kind: PhaseKind,
  label: z.string(),
  plannedMs: z.number().int(),
  extendedMs: z.number().int(),
  actualMs: z.number().int(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** The round ended before this phase was reached. */
  skipped: z.boolean().default(false),
})
export type TimelinePhase = z.infer<typeof TimelinePhase>

export const ScoreRow = z.object({
  criterion: z.string(),
  label: z.string(),
  score: Score.nullable(),
  comment: z.string(),
  selfScore: Score.nullable(),
  selfComment: z.string(),
})
export type ScoreRow = z.infer<typeof ScoreRow>

const SentItem = z.object({ at: z.number(), elapsedMs: z.number().int(), phaseLabel: z.string(), text: z.string() })

/**
 * A behavioral round's answers and coverage. The checklist, flags and scores follow the
 * scorecard's rule (the interviewer's, shared with the others once the scorecard is); story
 * titles and the company's values are the candidate's and the interviewer's (and everyone's for
 * a shared story).
 */
export const BehavioralDebrief = z.object({
  answers: z.array(z.object({
    n: z.number().int(),
    questionId: z.string(),
    title: z.string(),
    competencies: z.array(z.object({ id: z.string(), label: z.string() })),
    answerMs: z.number().int(),
    followUpMs: z.number().int(),
    star: StarChecklist.nullable(),
    flags: z.array(z.string()).nullable(),
    scores: z.record(z.string(), Score).nullable(),
    self: z.object({ star: StarChecklist, score: Score.nullable() }).nullable(),
    story: z.object({ title: z.string(), tags: z.array(z.string()), values: z.array(z.string()), shared: z.boolean() }).nullable(),
  })),
  /**
   * Rows × answers. A cell is null when the answer did not touch the row, 0 when it did without a
   * visible score, or the 1–4 score. Value rows come from the candidate's brought company values.
   */
  heatmap: z.array(z.object({
    kind: z.enum(['competency', 'value']),
    id: z.string(),
    label: z.string(),
    cells: z.array(z.number().int().min(0).max(4).nullable()),
  })),
  company: z.string().nullable(),
  /** Company values no story in the candidate's bank backs. */
  valuesWithoutStory: z.array(z.string()).nullable(),
  /** Company values no answer in this round backed. */
  valuesNotCovered: z.array(z.string()).nullable(),
})
export type BehavioralDebrief = z.infer<typeof BehavioralDebrief>

export const Debrief = z.object({
  room: z.object({ id: z.string(), title: z.string() }),
  round: z.object({
    n: z.number().int(),
    kind: QuestionKind,
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    question: QuestionSummary.nullable(),
  }),
  /** The viewer's role in this round (not necessarily their role now). */
  viewer: Role,
  timeline: z.object({
    startedAt: z.number().nullable(),
    endedAt: z.number().nullable(),
    plannedMs: z.number().int(),
    actualMs: z.number().int(),
    phases: z.array(TimelinePhase),
    events: z.array(TimelineEvent),
  }),
  hints: z.array(SentItem.extend({ tier: z.number().int().nullable(), edited: z.boolean(), line: z.number().int().nullable() })),
  clarifications: z.array(SentItem.extend({ answer: z.string().nullable(), pinned: z.boolean() })),
  /** Only for the round's interviewer. */
  notes: z.array(SentItem).nullable(),
  /**
   * Room chat sent during the round (from its start to its end). Private messages between an
   * interviewer and an observer are left out: they stay with their two ends.
   */
  chat: z.array(ChatMessage).default([]),
  /**
   * The round's recorded code runs, oldest first. Private runs and hidden-test details only for the
   * round's interviewer; everyone else gets shared runs with hidden tests as counts.
   */
  runs: z.array(Run).default([]),
  /** Only for the round's interviewer. */
  stuck: z.array(z.object({ at: z.number(), elapsedMs: z.number().int(), phaseLabel: z.string() })).nullable(),
  scores: z.object({
    rows: z.array(ScoreRow),
    /** Null when the viewer may not see it (not shared yet) or nothing was written. */
    scorecard: z.object({ summary: z.string(), submitted: z.boolean(), shared: z.boolean() }).nullable(),
    selfAssessment: z.object({ summary: z.string(), submitted: z.boolean() }).nullable(),
  }),
  finalCode: z.object({ text: z.string(), language: z.string(), capturedAt: z.number().nullable() }),
  /**
   * The round's whiteboard: live elements in z-order and their image files (see boardCapture for
   * which moment). Null when nothing was drawn on it.
   */
  board: BoardContent.nullable().default(null),
  /**
   * Which board `board` is. `round`: as this round left it, captured when the next round began.
   * `live`: the current round's board as it is now. `room`: an earlier round stored before boards
   * were captured per round, so the room's board as it is now (it may hold later rounds' drawing).
   */
  boardCapture: z
    .object({ kind: z.enum(['round', 'live', 'room']), capturedAt: z.number().nullable() })
    .default({ kind: 'live', capturedAt: null }),
  counts: z.object({
    hints: z.number().int(),
    ladderHints: z.number().int(),
    customHints: z.number().int(),
    clarifications: z.number().int(),
    answered: z.number().int(),
    pinned: z.number().int(),
    /** Null for observers: "I'm stuck" is between the candidate and the interviewer. */
    stuck: z.number().int().nullable(),
    notes: z.number().int().nullable(),
  }),
  /** Behavioral rounds with at least one answer; null otherwise. */
  behavioral: BehavioralDebrief.nullable().default(null),
  /** Typing activity in the code during the round (from the update log), without the log itself. */
  activity: DebriefActivity.nullable().default(null),
})
export type Debrief = z.infer<typeof Debrief>
