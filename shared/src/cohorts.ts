import { z } from 'zod'
import { LIMITS, Role } from './protocol.ts'
import { QuestionId, QuestionKind } from './questions.ts'
import { ClockStatus } from './clock.ts'

/**
 * Cohorts (bootcamps): an organizer's roster, rotation sessions whose rooms are created by the
 * server, a live dashboard and exports. HTTP shapes plus the one Socket.IO event (a broadcast to
 * every room of a round). See docs/cohorts.md.
 */

/** Bounds on what an organizer (or a student link) can make the server hold. */
export const COHORT_LIMITS = {
  /** Cohorts on one deployment; the admin token creates them, this stops a leaked token filling storage. */
  cohorts: 1_000,
  name: 80,
  studentsPerCohort: 500,
  /** Rows of one import (a 10,000-row file is refused whole, before anything is stored). */
  importRows: 500,
  /** Extra CSV columns kept per student, and characters per kept cell. */
  extraColumns: 10,
  cellChars: 200,
  /** Bytes of a roster upload (text/csv or JSON). */
  importBytes: 200 * 1024,
  roundsPerSession: 8,
  sessionsPerCohort: 50,
  questionChoices: 20,
  broadcastText: 280,
  /** Broadcasts per cohort per minute (each reaches every room of the round). */
  broadcastsPerMinute: 6,
} as const

export const CohortId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/)
export const StudentId = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/)
export const SessionId = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/)

export const CreateCohortBody = z.object({ name: z.string().trim().min(1).max(COHORT_LIMITS.name) }).strict()
/** `organizer` carries the organizer secret in its fragment (`#key=`): keep it private. */
export const CreateCohortResponse = z.object({ id: CohortId, organizer: z.url() })

export const StudentInput = z.object({
  name: z.string({ error: 'is missing' }).trim().min(1, 'is missing').max(LIMITS.displayName, `is longer than ${LIMITS.displayName} characters`),
  email: z.email('is not an email address').max(200).optional(),
  extra: z.record(z.string().max(40), z.string().max(COHORT_LIMITS.cellChars)).optional(),
})
export type StudentInput = z.infer<typeof StudentInput>
export const AddStudentsBody = z.object({ students: z.array(z.unknown()).min(1).max(COHORT_LIMITS.importRows) })

/** One rejected row of an import (1-based, counting the CSV header as row 1). */
export const RowError = z.object({ row: z.number().int(), message: z.string() })
export type RowError = z.infer<typeof RowError>
export const ImportRejected = z.object({ code: z.literal('BAD_REQUEST'), message: z.string(), rows: z.array(RowError).optional() })

export const Student = z.object({
  id: StudentId,
  name: z.string(),
  email: z.string().nullable(),
  extra: z.record(z.string(), z.string()),
  /** The personal link (secret in the fragment): one link for the whole day. */
  link: z.url(),
})
export type Student = z.infer<typeof Student>

export const CreateSessionBody = z.object({
  rounds: z.number().int().min(1).max(COHORT_LIMITS.roundsPerSession),
  kind: QuestionKind.default('coding'),
  /** Question ids to give out; each candidate gets one they have not had in this cohort. */
  questions: z.array(QuestionId).max(COHORT_LIMITS.questionChoices).optional(),
  /** Students not present; everyone else on the roster takes part. */
  absent: z.array(StudentId).max(COHORT_LIMITS.studentsPerCohort).optional(),
}).strict()
export type CreateSessionBody = z.input<typeof CreateSessionBody>

export const Seating = z.object({
  roomId: z.string(),
  interviewer: StudentId,
  candidate: StudentId,
  observer: StudentId.optional(),
  questionId: z.string().nullable(),
})
export type Seating = z.infer<typeof Seating>

export const Session = z.object({
  id: SessionId,
  kind: QuestionKind,
  /** 1-based; 0 before the first round starts, rounds + 1 once the session is over. */
  current: z.number().int(),
  rounds: z.array(z.array(Seating)),
  absent: z.array(StudentId),
  /** Pairs meeting again because every distinct pairing was used up (0 when avoidable). */
  repeats: z.number().int(),
  createdAt: z.number(),
  /** When each round started (index 0 = round 1). */
  startedAt: z.array(z.number()),
})
export type Session = z.infer<typeof Session>

export const SwapBody = z.object({ a: StudentId, b: StudentId }).strict()
export const AbsentBody = z.object({ student: StudentId }).strict()

/** What the dashboard shows of a person in a room. */
const Seat = z.object({ id: StudentId, name: z.string(), online: z.boolean() })
export const DashboardRoom = z.object({
  roomId: z.string(),
  interviewer: Seat,
  candidate: Seat,
  observer: Seat.nullable(),
  questionTitle: z.string().nullable(),
  status: ClockStatus,
  phase: z.string().nullable(),
  /** Of the current phase; negative when running over. */
  remainingMs: z.number().nullable(),
  stuck: z.number().int(),
  lastStuckAt: z.number().nullable(),
  /** Someone never showed up (round started a while ago, nobody of that seat ever connected). */
  noShow: z.boolean(),
  overrun: z.boolean(),
  /** Open this room as an observer (the organizer's own invite, secret in the fragment). */
  observeUrl: z.url(),
})
export type DashboardRoom = z.infer<typeof DashboardRoom>

export const Dashboard = z.object({
  cohort: z.object({ id: CohortId, name: z.string(), students: z.number().int() }),
  session: z.object({ id: SessionId, kind: QuestionKind, current: z.number().int(), rounds: z.number().int(), repeats: z.number().int() }).nullable(),
  rooms: z.array(DashboardRoom),
  serverNow: z.number(),
})
export type Dashboard = z.infer<typeof Dashboard>

export const BROADCAST_KINDS = ['message', 'five-minutes'] as const
export const BroadcastBody = z.object({
  kind: z.enum(BROADCAST_KINDS),
  text: z.string().trim().min(1).max(COHORT_LIMITS.broadcastText).optional(),
}).strict()
export type BroadcastBody = z.infer<typeof BroadcastBody>

/** Start (or resume) / pause every clock of the current round at once, as the organizer. */
export const ClockAllBody = z.object({ action: z.enum(['start', 'pause']) }).strict()
export type ClockAllBody = z.infer<typeof ClockAllBody>
/** Per room: `changed` (started, resumed or paused), `unchanged` (already so) or `skipped` (no question/clock, ended, failed). */
export const ClockAllRoom = z.object({ roomId: z.string(), outcome: z.enum(['changed', 'unchanged', 'skipped']), message: z.string() })
export const ClockAllResult = z.object({ action: ClockAllBody.shape.action, changed: z.number().int(), rooms: z.array(ClockAllRoom) })
export type ClockAllResult = z.infer<typeof ClockAllResult>

/** Socket.IO server → room event: the organizer's message to every room of the round. */
export const CohortBroadcast = z.object({ kind: z.enum(BROADCAST_KINDS), text: z.string(), at: z.number() })
export type CohortBroadcast = z.infer<typeof CohortBroadcast>
export const cohortEvents = { 'cohort:broadcast': CohortBroadcast } as const

/** Where a personal link leads right now. */
export const StudentWhere = z.discriminatedUnion('status', [
  z.object({ status: z.literal('room'), name: z.string(), cohort: z.string(), round: z.number().int(), role: Role, roomUrl: z.url() }),
  z.object({ status: z.literal('waiting'), name: z.string(), cohort: z.string(), message: z.string() }),
  z.object({ status: z.literal('ended'), name: z.string(), cohort: z.string() }),
])
export type StudentWhere = z.infer<typeof StudentWhere>
