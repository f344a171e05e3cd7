import {
  CandidateQuestionView, QuestionSummary,
  type ClarifyItem, type ClockState, type InterviewState, type InterviewerQuestionView, type Note, type QuestionKind,
  type Role, type RoundInfo, type Scorecard, type SelfAssessment, type SentHint, type StaffState, type StuckSignal,
} from '@nudge/shared'
import { createClock, defaultPhases } from './clock.ts'
import { behavioralView, type BehavioralState } from './behavioral.ts'

/** A clock transition, kept for the debrief's timeline. */
export interface ClockLogEntry {
  kind: 'start' | 'phase' | 'pause' | 'resume' | 'extend' | 'end' | 'question'
  at: number
  elapsedMs: number
  phaseId: string
  label: string
}

/**
 * Everything about one round, kept as a JSON state document (`round:<n>`, its growing lists in
 * pages beside it: interview-repo.ts). Every change is also
 * appended to the room's event log. Never sent as is: `publicView` and `staffView` pick what
 * each audience may see.
 */
export interface RoundState {
  v: 1
  n: number
  kind: QuestionKind
  startedAt: number
  endedAt: number | null
  /** Which invite seats held the candidate and interviewer roles in this round. */
  seats: { candidate: string; interviewer: string }
  question: InterviewerQuestionView | null
  /** The starter the server put in the document for this round, if any. */
  starter: { questionId: string; language: string; text: string } | null
  phasesCustomized: boolean
  clock: ClockState
  clockLog: ClockLogEntry[]
  hints: SentHint[]
  stuck: StuckSignal[]
  clarifications: ClarifyItem[]
  notes: Note[]
  scorecard: Scorecard | null
  selfAssessment: SelfAssessment | null
  finalCode: { text: string; language: string; capturedAt: number } | null
  /** Behavioral answers, reviews and stories (behavioral.ts); absent in rounds stored before them. */
  behavioral?: BehavioralState
}

export function newRound(n: number, seats: RoundState['seats'], now: number, kind: QuestionKind = 'coding'): RoundState {
  return {
    v: 1, n, kind, startedAt: now, endedAt: null, seats, question: null, starter: null, phasesCustomized: false,
    clock: createClock(defaultPhases(kind)), clockLog: [], hints: [], stuck: [], clarifications: [], notes: [],
    scorecard: null, selfAssessment: null, finalCode: null,
  }
}

/** The role a seat held in a round; anyone else (observers) sees it as an observer. */
export function roleInRound(round: RoundState, seat: string): Role {
  if (seat === round.seats.interviewer) return 'interviewer'
  if (seat === round.seats.candidate) return 'candidate'
  return 'observer'
}

export const roundInfo = (r: RoundState): RoundInfo => ({
  n: r.n,
  kind: r.kind,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  question: r.question && QuestionSummary.parse(r.question),
})

/** Parsing through the candidate schema keeps only the fields it names (no hints, solution or tests). */
/** The candidate's whitelist view; of the tests, only the visible ones and a count of the hidden. */
export const candidateQuestion = (q: InterviewerQuestionView) =>
  CandidateQuestionView.parse(
    q.kind === 'coding'
      ? { ...q, publicTests: q.tests.filter((t) => !t.hidden), hiddenTestCount: q.tests.filter((t) => t.hidden).length }
      : q,
  )

/** What a participant who is not this round's interviewer may see. */
export function publicView(r: RoundState, all: RoundState[], seat: string, role: Role, now: number): InterviewState {
  return {
    role,
    round: roundInfo(r),
    rounds: all.map(roundInfo),
    clock: r.clock,
    serverNow: now,
    question: r.question && candidateQuestion(r.question),
    hints: r.hints,
    clarifications: r.clarifications,
    selfAssessment: roleInRound(r, seat) === 'candidate' ? r.selfAssessment : null,
    sharedScorecard: r.scorecard?.shared ? r.scorecard : null,
    behavioral: behavioralView(r, role === 'observer' ? 'observer' : roleInRound(r, seat)),
  }
}

/** The round interviewer's private view. */
export function staffView(r: RoundState, custom: InterviewerQuestionView[], usedQuestionIds: string[]): StaffState {
  return {
    round: r.n,
    question: r.question,
    notes: r.notes,
    stuck: r.stuck,
    scorecard: r.scorecard,
    selfAssessment: r.selfAssessment,
    customQuestions: custom.map((q) => QuestionSummary.parse(q)),
    usedQuestionIds,
  }
}
