import { randomBytes } from 'node:crypto'
import {
  AppError, COHORT_LIMITS, Session as SessionSchema, type CreateSessionBody, type InterviewerQuestionView, type QuestionKind,
  type RowError, type Seating, type Session, type Student, type StudentInput, type StudentWhere,
} from '@nudge/shared'
import type { CohortRecord, StateRecord, Store } from '../store/types.ts'
import { hashToken, newRoomId, seatOf } from '../rooms/invites.ts'
import type { RoomService } from '../rooms/room-service.ts'
import type { QuestionBank } from '../interview/question-bank.ts'
import { newRound, type RoundState } from '../interview/rounds.ts'
import { createClock } from '../interview/clock.ts'
import { phasesFor } from '../interview/room-questions.ts'
import { rotation } from './rotation.ts'
import { markAbsent } from './absence.ts'
import { matchesHash, newLinkKey, newSecret, roomSecret, studentSecret, type InviteLabel } from './secrets.ts'

/** An import rejected row by row; the HTTP body lists the rows. */
export class ImportError extends AppError {
  constructor(message: string, readonly rows: RowError[]) {
    super('BAD_REQUEST', message)
  }
  override toBody() {
    return { ...super.toBody(), rows: this.rows }
  }
}

export interface CohortDeps {
  store: Store
  rooms: RoomService
  bank: QuestionBank
  /** Base of the links it hands out; read at each use (a test server learns its port on listen). */
  publicUrl: () => string
  now?: () => number
}

const newId = () => randomBytes(9).toString('base64url')
const LANGUAGE = 'javascript' as const

/**
 * Cohorts' domain logic: transport-free. Authorization is by the organizer secret (cohort-wide)
 * or a student's personal-link secret (that student only); every method takes the cohort it was
 * authorized for, so one cohort's secret never reaches another's data.
 */
export class CohortService {
  private readonly now: () => number
  constructor(private readonly deps: CohortDeps) {
    this.now = deps.now ?? Date.now
  }

  async create(name: string): Promise<{ cohort: CohortRecord; organizerUrl: string }> {
    const secret = newSecret()
    const cohort: CohortRecord = {
      id: newId(), name, organizerHash: hashToken(secret), linkKey: newLinkKey(), createdAt: this.now(), endedAt: null,
    }
    if (!(await this.deps.store.createCohort(cohort, COHORT_LIMITS.cohorts))) {
      throw new AppError('TOO_LARGE', `This server already holds ${COHORT_LIMITS.cohorts} cohorts.`)
    }
    return { cohort, organizerUrl: `${this.deps.publicUrl()}/c/${cohort.id}#key=${secret}` }
  }

  /** The cohort, if `secret` is its organizer secret (401 without one, 403 for a wrong one). */
  async organizer(cohortId: string, secret: string | undefined): Promise<CohortRecord> {
    if (!secret) throw new AppError('UNAUTHORIZED', 'This needs the organizer link.')
    const cohort = await this.deps.store.getCohort(cohortId)
    // The same answer whether the cohort is missing or the secret wrong: ids are not probeable.
    if (!cohort || !matchesHash(secret, cohort.organizerHash)) throw new AppError('FORBIDDEN', 'This organizer link is not valid for this cohort.')
    return cohort
  }

  private studentLink(cohort: CohortRecord, id: string) {
    return `${this.deps.publicUrl()}/s/${cohort.id}#key=${studentSecret(cohort.linkKey, id)}`
  }

  async roster(cohort: CohortRecord): Promise<Student[]> {
    const rows = await this.deps.store.listStudents(cohort.id)
    return rows.map((s) => ({ id: s.id, name: s.name, email: s.email, extra: s.extra, link: this.studentLink(cohort, s.id) }))
  }

  /** Adds validated students (see roster.ts), all or none. */
  async addStudents(cohort: CohortRecord, students: StudentInput[]): Promise<Student[]> {
    const createdAt = this.now()
    const records = students.map((s) => {
      const id = newId()
      return {
        cohortId: cohort.id, id, name: s.name, email: s.email ?? null, extra: s.extra ?? {},
        tokenHash: hashToken(studentSecret(cohort.linkKey, id)), createdAt,
      }
    })
    if (!(await this.deps.store.addStudents(cohort.id, records, COHORT_LIMITS.studentsPerCohort))) {
      throw new AppError('TOO_LARGE', `A cohort holds at most ${COHORT_LIMITS.studentsPerCohort} students; nothing was changed.`)
    }
    return records.map((s) => ({ id: s.id, name: s.name, email: s.email, extra: s.extra, link: this.studentLink(cohort, s.id) }))
  }

  async session(cohort: CohortRecord, sessionId?: string): Promise<Session | undefined> {
    const rec = sessionId ? await this.deps.store.getSession(cohort.id, sessionId) : await this.deps.store.latestSession(cohort.id)
    return rec && SessionSchema.parse(rec.data)
  }

  private async save(cohort: CohortRecord, s: Session) {
    if (!(await this.deps.store.saveSession({ id: s.id, cohortId: cohort.id, data: s, createdAt: s.createdAt }, COHORT_LIMITS.sessionsPerCohort))) {
      throw new AppError('TOO_LARGE', `A cohort holds at most ${COHORT_LIMITS.sessionsPerCohort} sessions.`)
    }
  }

  /**
   * Schedules a session and creates every round's rooms up front, so each student's place in
   * each round is fixed (and swappable) before the first round starts. Round 1 starts at once.
   */
  async startSession(cohort: CohortRecord, body: Required<Pick<CreateSessionBody, 'rounds'>> & CreateSessionBody): Promise<Session> {
    if (cohort.endedAt !== null) throw new AppError('CONFLICT', 'This cohort has ended.')
    const roster = await this.deps.store.listStudents(cohort.id)
    const absent = new Set(body.absent ?? [])
    const unknown = [...absent].filter((id) => !roster.some((s) => s.id === id))
    if (unknown.length > 0) throw new AppError('BAD_REQUEST', `Not on the roster: ${unknown.join(', ')}.`)
    const present = roster.filter((s) => !absent.has(s.id)).map((s) => s.id)
    if (present.length < 2) throw new AppError('CONFLICT', 'A session needs at least two students present.')
    const kind: QuestionKind = body.kind ?? 'coding'
    const choices = this.questionChoices(kind, body.questions)
    const rot = rotation(present, body.rounds)
    const had = await this.questionsHad(cohort)
    const now = this.now()
    const rounds: Seating[][] = []
    const states: StateRecord[] = []
    for (const [r, round] of rot.rounds.entries()) {
      const seatings: Seating[] = []
      for (const [i, seat] of round.entries()) {
        const roomId = newRoomId()
        const mine = had.get(seat.candidate) ?? new Set<string>()
        const q = pickFor(choices, mine, r + i)
        if (q) mine.add(q.id), had.set(seat.candidate, mine)
        const secret = (label: InviteLabel) => roomSecret(cohort.linkKey, roomId, label)
        await this.deps.rooms.createWith({
          id: roomId,
          title: `${cohort.name} · round ${r + 1}`,
          language: LANGUAGE,
          code: q?.kind === 'coding' ? (q.starter[LANGUAGE] ?? '') : '',
          invites: [
            { role: 'interviewer', secret: secret('interviewer') },
            { role: 'candidate', secret: secret('candidate') },
            { role: 'observer', secret: secret('observer') },
            { role: 'observer', secret: secret('organizer') },
          ],
          owner: { kind: 'cohort', id: cohort.id },
        })
        // The room's first interview round, written now so it has the session's kind, question and plan.
        const seats = { interviewer: seatOf(hashToken(secret('interviewer'))), candidate: seatOf(hashToken(secret('candidate'))) }
        const state: RoundState = q
          ? { ...newRound(1, seats, now, q.kind), question: q, clock: createClock(phasesFor(q)), starter: q.kind === 'coding' ? { questionId: q.id, language: LANGUAGE, text: (q.starter[LANGUAGE] ?? '').replace(/\r\n?/g, '\n') } : null }
          : newRound(1, seats, now, kind)
        states.push({ roomId, key: 'round:1', value: state, updatedAt: now }, { roomId, key: 'interview', value: { current: 1 }, updatedAt: now })
        seatings.push({ roomId, ...seat, questionId: q?.id ?? null })
      }
      rounds.push(seatings)
    }
    await this.deps.store.commit({ states })
    const session: Session = {
      id: newId(), kind, current: 1, rounds, absent: [...absent], repeats: rot.repeats, createdAt: now, startedAt: [now],
    }
    await this.save(cohort, session)
    return session
  }

  private questionChoices(kind: QuestionKind, ids: string[] | undefined): InterviewerQuestionView[] {
    const list = ids ?? this.deps.bank.list({ kind }).map((q) => q.id)
    return list.map((id) => {
      const q = this.deps.bank.interviewerView(id)
      if (!q) throw new AppError('BAD_REQUEST', `No such question: ${id}.`)
      return q
    })
  }

  /**
   * Question ids each student was the candidate for in any earlier session of this cohort (every
   * scheduled round counts, started or not: a later round of an unfinished session may still run).
   */
  private async questionsHad(cohort: CohortRecord): Promise<Map<string, Set<string>>> {
    const had = new Map<string, Set<string>>()
    for (const rec of await this.deps.store.listSessions(cohort.id)) {
      for (const round of SessionSchema.parse(rec.data).rounds) {
        for (const s of round) {
          if (!s.questionId) continue
          had.set(s.candidate, (had.get(s.candidate) ?? new Set()).add(s.questionId))
        }
      }
    }
    return had
  }

  /** Moves the session on to its next round (past the last one, it is over). */
  async advance(cohort: CohortRecord, sessionId: string): Promise<Session> {
    const s = await this.requireSession(cohort, sessionId)
    if (s.current > s.rounds.length) throw new AppError('CONFLICT', 'This session is over.')
    const next: Session = { ...s, current: s.current + 1, startedAt: [...s.startedAt, this.now()] }
    await this.save(cohort, next)
    return next
  }

  /** Swaps two students in the current and later rounds (their seats, not the rooms). */
  async swap(cohort: CohortRecord, sessionId: string, a: string, b: string): Promise<Session> {
    const s = await this.requireSession(cohort, sessionId)
    if (a === b) throw new AppError('BAD_REQUEST', 'Pick two different students.')
    const swapId = (id: string) => (id === a ? b : id === b ? a : id)
    const rounds = s.rounds.map((round, i) =>
      i + 1 < s.current ? round : round.map((x) => ({
        ...x, interviewer: swapId(x.interviewer), candidate: swapId(x.candidate), ...(x.observer ? { observer: swapId(x.observer) } : {}),
      })),
    )
    const next = { ...s, rounds }
    await this.save(cohort, next)
    return next
  }

  /** Marks a student absent from the current round on (see absence.ts); everyone keeps their link. */
  async absent(cohort: CohortRecord, sessionId: string, studentId: string): Promise<Session> {
    const s = await this.requireSession(cohort, sessionId)
    if (s.current > s.rounds.length) throw new AppError('CONFLICT', 'This session is over.')
    if (!(await this.deps.store.listStudents(cohort.id)).some((x) => x.id === studentId)) throw new AppError('NOT_FOUND', 'No such student.')
    const next: Session = {
      ...s, rounds: markAbsent(s.rounds, Math.max(0, s.current - 1), studentId), absent: [...new Set([...s.absent, studentId])],
    }
    await this.save(cohort, next)
    return next
  }

  private async requireSession(cohort: CohortRecord, sessionId: string): Promise<Session> {
    const s = await this.session(cohort, sessionId)
    if (!s) throw new AppError('NOT_FOUND', 'No such session.')
    return s
  }

  /** The organizer's own observer link into a room of this cohort. */
  observeUrl(cohort: CohortRecord, roomId: string): string {
    return `${this.deps.publicUrl()}/r/${roomId}#token=${roomSecret(cohort.linkKey, roomId, 'organizer')}`
  }

  /** The seat (see RoomService.seatOf) each label holds in a cohort room. */
  seatsOf(cohort: CohortRecord, roomId: string): Record<'interviewer' | 'candidate' | 'observer', string> {
    const seat = (label: InviteLabel) => seatOf(hashToken(roomSecret(cohort.linkKey, roomId, label)))
    return { interviewer: seat('interviewer'), candidate: seat('candidate'), observer: seat('observer') }
  }

  /** Where a personal link leads now: the student's room and role, a waiting page, or the end. */
  async where(cohortId: string, secret: string | undefined): Promise<StudentWhere> {
    if (!secret) throw new AppError('UNAUTHORIZED', 'This needs your personal link.')
    const student = await this.deps.store.findStudent(hashToken(secret))
    if (!student || student.cohortId !== cohortId) throw new AppError('FORBIDDEN', 'This personal link is not valid.')
    const cohort = (await this.deps.store.getCohort(cohortId))!
    const base = { name: student.name, cohort: cohort.name }
    if (cohort.endedAt !== null) return { status: 'ended', ...base }
    const s = await this.session(cohort)
    const round = s && s.current >= 1 ? s.rounds[s.current - 1] : undefined
    const seat = round?.find((x) => x.interviewer === student.id || x.candidate === student.id || x.observer === student.id)
    if (!s || !round || !seat) {
      const message = !s || s.current > s.rounds.length
        ? 'No round is running. Keep this page open: it moves you to your room when the next round starts.'
        : 'You sit this round out. Keep this page open for the next one.'
      return { status: 'waiting', ...base, message }
    }
    const label = seat.interviewer === student.id ? 'interviewer' : seat.candidate === student.id ? 'candidate' : 'observer'
    return {
      status: 'room', ...base, round: s.current, role: label,
      roomUrl: `${this.deps.publicUrl()}/r/${seat.roomId}#token=${roomSecret(cohort.linkKey, seat.roomId, label)}`,
    }
  }

  async end(cohort: CohortRecord): Promise<void> {
    await this.deps.store.endCohort(cohort.id, this.now())
  }
}

/** The first choice the candidate has not had, starting at a per-room offset so rooms vary. */
function pickFor(choices: InterviewerQuestionView[], had: Set<string>, offset: number): InterviewerQuestionView | null {
  for (let k = 0; k < choices.length; k++) {
    const q = choices[(offset + k) % choices.length]!
    if (!had.has(q.id)) return q
  }
  return null
}
