import { z } from 'zod'
import { ClockState, ClockStamp, Phase } from './clock.ts'
import { Role } from './protocol.ts'
import { CandidateQuestionView, CustomQuestionInput, InterviewerQuestionView, QuestionId, QuestionKind, QuestionSummary } from './questions.ts'
import { Scorecard, ScorecardInput, SelfAssessment, SelfAssessmentInput } from './scorecards.ts'
import { Debrief } from './debrief.ts'
import { runCommands, runEvents, runPrivateEvents } from './runs.ts'
import { BehavioralView, behavioralCommands, behavioralEvents, behavioralPrivateEvents } from './behavioral.ts'

/**
 * The interview features on the wire: rounds, the question, the clock, hints, the clarifying
 * questions ledger, private notes, scorecards, debriefs and the role swap. Events are split by
 * audience: `interviewEvents` go to everyone in the room; `privateInterviewEvents` only ever go to
 * the sockets of one invite seat (the round's interviewer, or for self-assessments its candidate).
 * See docs/interview-protocol.md.
 */

export const INTERVIEW_LIMITS = {
  hintText: 2_000,
  noteText: 4_000,
  clarifyText: 1_000,
  /** Encoded Yjs RelativePosition, base64. */
  anchor: 512,
  /** Hints, notes, clarifying questions and stuck signals per round. */
  itemsPerRound: 500,
  customQuestionsPerRoom: 50,
  /** A question file sent with `question:import` (the Socket.IO packet limit is 64 KiB). */
  importBytes: 60_000,
  /** Seconds between two "I'm stuck" signals that notify the interviewer. */
  stuckCooldownSeconds: 10,
} as const

const Id = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/)
const RoundNo = z.number().int().min(1).max(1000)
const text = (max: number) => z.string().trim().min(1).max(max)

export const RoundInfo = z.object({
  n: RoundNo,
  kind: QuestionKind,
  startedAt: z.number(),
  /** When the round's clock ended (or the round was closed by a role swap). */
  endedAt: z.number().nullable(),
  /** The picked question's summary; null until the interviewer picks one. */
  question: QuestionSummary.nullable(),
})
export type RoundInfo = z.infer<typeof RoundInfo>

/** The clock as broadcast: the state plus the server's time when it was sent. */
export const ClockUpdate = z.object({ round: RoundNo, clock: ClockState, serverNow: z.number() })
export type ClockUpdate = z.infer<typeof ClockUpdate>

export const ClockWarning = z.object({
  round: RoundNo,
  phaseIndex: z.number().int(),
  phaseId: z.string(),
  phaseLabel: z.string(),
  /** 120, 30 or 0 (time is up; the phase runs on in overtime until the interviewer moves on). */
  secondsLeft: z.number().int(),
  serverNow: z.number(),
})
export type ClockWarning = z.infer<typeof ClockWarning>

/** Base64 of `Y.encodeRelativePosition(...)` in the room's `code` text. */
export const AnchorB64 = z.string().max(INTERVIEW_LIMITS.anchor).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Anchors are base64')

export const SentHint = z.object({
  id: Id,
  round: RoundNo,
  /** Index in the question's hint ladder it came from; null for a custom nudge. */
  tier: z.number().int().min(0).nullable(),
  /** True when a ladder hint was reworded before sending. */
  edited: z.boolean(),
  text: z.string(),
  /** Where in the code it points: the relative position as sent, and its 1-based line at sending. */
  anchor: z.object({ position: AnchorB64, line: z.number().int().min(1).nullable() }).nullable(),
  sentAt: z.number(),
  stamp: ClockStamp,
  by: z.string(),
})
export type SentHint = z.infer<typeof SentHint>

export const StuckSignal = z.object({
  id: Id, round: RoundNo, at: z.number(), stamp: ClockStamp, by: z.string(),
  /** False while the interviewer was offline when it was raised and has not come back since. */
  delivered: z.boolean().default(true),
})
export type StuckSignal = z.infer<typeof StuckSignal>

export const ClarifyItem = z.object({
  id: Id,
  round: RoundNo,
  question: z.string(),
  askedAt: z.number(),
  askedBy: z.string(),
  stamp: ClockStamp,
  answer: z.string().nullable(),
  answeredAt: z.number().nullable(),
  answeredBy: z.string().nullable(),
  /** Pinned answered items are the assumptions both sides agreed on. */
  pinned: z.boolean(),
})
export type ClarifyItem = z.infer<typeof ClarifyItem>

export const Note = z.object({ id: Id, round: RoundNo, text: z.string(), at: z.number(), stamp: ClockStamp, by: z.string() })
export type Note = z.infer<typeof Note>

/**
 * Room settings the round's interviewer chooses; kept with the room across rounds. Everyone is
 * told them (`settings:updated`, also sent on connect) so the candidate knows what a drop does.
 */
export const RoomSettings = z.object({
  /** Pause the running clock when the interviewer's last connection leaves; only they resume it. */
  pauseOnDrop: z.boolean(),
})
export type RoomSettings = z.infer<typeof RoomSettings>
export const DEFAULT_ROOM_SETTINGS: RoomSettings = { pauseOnDrop: false }

/** What every participant may see of the current round. */
export const InterviewState = z.object({
  /** Your role now (it changes with a role swap). */
  role: Role,
  round: RoundInfo,
  rounds: z.array(RoundInfo),
  clock: ClockState,
  serverNow: z.number(),
  question: CandidateQuestionView.nullable(),
  hints: z.array(SentHint),
  clarifications: z.array(ClarifyItem),
  /** Only for the round's candidate. */
  selfAssessment: SelfAssessment.nullable(),
  /** The interviewer's scorecard once they shared it. */
  sharedScorecard: Scorecard.nullable(),
  /** Behavioral rounds: answers, shared stories and what this seat may see of the rest (behavioral.ts). */
  behavioral: BehavioralView.nullable().default(null),
})
export type InterviewState = z.infer<typeof InterviewState>

/** The interviewer's private view of the current round. */
export const StaffState = z.object({
  round: RoundNo,
  question: InterviewerQuestionView.nullable(),
  notes: z.array(Note),
  stuck: z.array(StuckSignal),
  scorecard: Scorecard.nullable(),
  selfAssessment: SelfAssessment.nullable(),
  customQuestions: z.array(QuestionSummary),
  /** Questions already used in this room; a later round must pick another. */
  usedQuestionIds: z.array(QuestionId),
})
export type StaffState = z.infer<typeof StaffState>

const empty = z.object({}).strict()
const QuestionFormat = z.enum(['markdown', 'json'])

export const interviewCommands = {
  'interview:sync': { payload: empty, result: z.object({ state: InterviewState, staff: StaffState.nullable() }) },
  'question:get': { payload: z.object({ questionId: QuestionId }), result: InterviewerQuestionView },
  'question:pick': {
    payload: z.object({ questionId: QuestionId }),
    result: z.object({ round: RoundInfo, question: InterviewerQuestionView, starterInserted: z.boolean() }),
  },
  'question:create': { payload: z.object({ question: CustomQuestionInput }), result: QuestionSummary },
  'question:import': {
    payload: z.object({ format: QuestionFormat, text: z.string().min(1).max(INTERVIEW_LIMITS.importBytes) }),
    result: QuestionSummary,
  },
  'question:export': {
    payload: z.object({ questionId: QuestionId, format: QuestionFormat }),
    result: z.object({ filename: z.string(), format: QuestionFormat, text: z.string() }),
  },
  'clock:configure': { payload: z.object({ phases: z.array(Phase).min(1).max(20) }), result: ClockUpdate },
  'clock:start': { payload: empty, result: ClockUpdate },
  'clock:pause': { payload: empty, result: ClockUpdate },
  'clock:resume': { payload: empty, result: ClockUpdate },
  'clock:extend': { payload: z.object({ seconds: z.number().int().min(15).max(3600) }), result: ClockUpdate },
  'clock:next': { payload: empty, result: ClockUpdate },
  'clock:end': { payload: empty, result: ClockUpdate },
  'hint:send': {
    payload: z.object({
      tier: z.number().int().min(0).max(20).optional(),
      text: text(INTERVIEW_LIMITS.hintText),
      anchor: AnchorB64.optional(),
    }),
    result: SentHint,
  },
  /** `delivered: false`: the interviewer is offline and will be shown the signal when they return. */
  'stuck:raise': { payload: empty, result: z.object({ id: Id, at: z.number(), delivered: z.boolean() }) },
  'clarify:ask': { payload: z.object({ text: text(INTERVIEW_LIMITS.clarifyText) }), result: ClarifyItem },
  'clarify:answer': { payload: z.object({ id: Id, text: text(INTERVIEW_LIMITS.clarifyText) }), result: ClarifyItem },
  'clarify:pin': { payload: z.object({ id: Id, pinned: z.boolean() }), result: ClarifyItem },
  'note:add': { payload: z.object({ text: text(INTERVIEW_LIMITS.noteText) }), result: Note },
  'scorecard:save': { payload: ScorecardInput, result: Scorecard },
  'scorecard:share': { payload: z.object({ round: RoundNo.optional() }), result: Scorecard },
  'selfassessment:save': { payload: SelfAssessmentInput, result: SelfAssessment },
  'debrief:get': {
    payload: z.object({ round: RoundNo, format: z.enum(['json', 'markdown']).default('json') }),
    result: z.object({ debrief: Debrief, markdown: z.string().nullable() }),
  },
  'round:swap': { payload: z.object({ questionId: QuestionId.optional() }), result: RoundInfo },
  /** The next round with the same roles; without a question id the interviewer picks one later. */
  'round:next': { payload: z.object({ questionId: QuestionId.optional() }), result: RoundInfo },
  'settings:update': { payload: RoomSettings, result: RoomSettings },
  ...behavioralCommands,
  ...runCommands,
} as const

/** Notifications for everyone in the room (candidate, interviewers, observers). */
export const interviewEvents = {
  /** Sent to each socket on connect and after a role swap, tailored to its role. */
  'interview:state': InterviewState,
  'round:started': RoundInfo,
  'role:changed': z.object({ role: Role, round: RoundNo }),
  'question:picked': z.object({ round: RoundNo, question: CandidateQuestionView }),
  'clock:updated': ClockUpdate,
  'clock:warning': ClockWarning,
  'hint:sent': SentHint,
  'clarify:asked': ClarifyItem,
  'clarify:answered': ClarifyItem,
  'clarify:pinned': ClarifyItem,
  'scorecard:shared': z.object({ round: RoundNo, scorecard: Scorecard, selfAssessment: SelfAssessment.nullable() }),
  'settings:updated': RoomSettings,
  ...behavioralEvents,
  ...runEvents,
} as const

/** Notifications that only ever reach one invite seat's sockets (see the file comment). */
export const privateInterviewEvents = {
  'staff:state': StaffState,
  'question:briefed': z.object({ round: RoundNo, question: InterviewerQuestionView }),
  'question:created': QuestionSummary,
  'stuck:raised': StuckSignal,
  'note:added': Note,
  'scorecard:saved': Scorecard,
  'selfassessment:saved': SelfAssessment,
  ...behavioralPrivateEvents,
  ...runPrivateEvents,
} as const
export type PrivateEventName = keyof typeof privateInterviewEvents
